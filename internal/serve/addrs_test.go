package serve

import (
	"net/netip"
	"slices"
	"testing"
)

func TestURLs(t *testing.T) {
	ifs := []netip.Addr{
		netip.MustParseAddr("127.0.0.1"),
		netip.MustParseAddr("::1"),
		netip.MustParseAddr("192.168.50.4"),
		netip.MustParseAddr("100.101.102.103"), // Tailscale
		netip.MustParseAddr("fe80::1"),
		netip.MustParseAddr("fd7a:115c:a1e0::1"),
	}
	for _, c := range []struct {
		bind string
		want []string
	}{
		{"0.0.0.0", []string{"http://localhost:1313/", "http://100.101.102.103:1313/", "http://192.168.50.4:1313/"}},
		{"::", []string{"http://localhost:1313/", "http://100.101.102.103:1313/", "http://192.168.50.4:1313/", "http://[fd7a:115c:a1e0::1]:1313/"}},
		{"127.0.0.1", []string{"http://localhost:1313/"}},
		{"192.168.50.4", []string{"http://192.168.50.4:1313/"}},
		{"fd7a:115c:a1e0::1", []string{"http://[fd7a:115c:a1e0::1]:1313/"}},
		{"mini.lan", []string{"http://mini.lan:1313/"}},
	} {
		if got := urls(c.bind, 1313, "/", ifs); !slices.Equal(got, c.want) {
			t.Errorf("urls(%q) = %q, want %q", c.bind, got, c.want)
		}
	}
	if got := urls("127.0.0.1", 80, "/docs/", nil); got[0] != "http://localhost:80/docs/" {
		t.Errorf("base path: %q", got)
	}
}
