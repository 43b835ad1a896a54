package nix

import (
	"fmt"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/facts"
)

// canonicalIPv4 is a shortcut past facts.Normalize: it must say yes
// exactly for the IPv4 addresses Normalize returns unchanged.
func TestCanonicalIPv4(t *testing.T) {
	cases := []string{
		"1.2.3.4", "0.0.0.0", "255.255.255.255", "9.9.9.9", "192.168.50.4",
		"256.1.1.1", "01.2.3.4", "1.2.3.04", "192.168.050.1", "0.0.0.00", "1000.1.1.1",
		"1.2.3", "1.2.3.4.", "1.2.3.4.5", "1..2.3", ".1.2.3", "", "1.2.3.x", "1.2.3.4a",
		"10.0.0.1:80", "::1", "::ffff:1.2.3.4", "[1.2.3.4]", " 1.2.3.4",
	}
	for a := 0; a < 300; a += 37 {
		cases = append(cases, fmt.Sprintf("%d.%d.%d.%d", a, a/2, 255-a%256, a%10))
	}
	for _, c := range cases {
		v, ok := facts.Normalize(facts.IP, c)
		v4 := !strings.Contains(c, ":")
		if got, want := canonicalIPv4(c), ok && v == c && v4; got != want {
			t.Errorf("canonicalIPv4(%q) = %v; Normalize gives %q, %v", c, got, v, ok)
		}
	}
}
