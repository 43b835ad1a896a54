package caddy

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestIsIPAddr: isIPAddr's shortcut refuses only what netip.ParseAddr
// refuses.
func TestIsIPAddr(t *testing.T) {
	const alphabet = "0123456789.:abcdefx%[]-"
	r := rand.New(rand.NewPCG(3, 4))
	cases := []string{"", "1.2.3.4", "::1", "fe80::1%eth0", "::ffff:1.2.3.4", "1.2.3.4%x", "jellyfin.example.net", "10.0.0.256", "[::1]", "1.2.3"}
	for range 100000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		_, err := netip.ParseAddr(s)
		if got := isIPAddr(s); got != (err == nil) {
			t.Fatalf("isIPAddr(%q) = %v, netip.ParseAddr error %v", s, got, err)
		}
	}
}
