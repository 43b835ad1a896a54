package facts

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		k       Kind
		in, out string
		ok      bool
	}{
		{IP, "192.168.50.4", "192.168.50.4", true},
		{IP, "FD00::0:1", "fd00::1", true},
		{IP, "192.168.50.256", "", false},
		{CIDR, "198.19.249.x", "198.19.249.0/24", true},
		{CIDR, "10.0.0.7/8", "10.0.0.0/8", true},
		{Port, "8096", "8096", true},
		{Port, "0", "", false},
		{Port, "65536", "", false},
		{Port, "080", "", false},
		{Host, "Mini-VM.orb.local.", "mini-vm.orb.local", true},
		{Host, "1234", "", false},
		{Host, "*.example.com", "*.example.com", true},
		{HostPort, "Mini-VM.orb.local:8097", "mini-vm.orb.local:8097", true},
		{HostPort, "[FD00::1]:80", "[fd00::1]:80", true},
		{HostPort, "fd00::1:80", "", false},
		{HostPort, ":80", "", false},
		{URL, "HTTP://Jellyfin.Example.com:8096/web", "http://jellyfin.example.com:8096/web", true},
		{URL, "https://", "", false},
	}
	for _, c := range cases {
		got, ok := Normalize(c.k, c.in)
		if got != c.out || ok != c.ok {
			t.Errorf("Normalize(%v, %q) = %q, %v; want %q, %v", c.k, c.in, got, ok, c.out, c.ok)
		}
	}
}

func TestWords(t *testing.T) {
	cases := map[string][]string{
		"services.matrix-synapse.port":  {"services", "matrix-synapse", "matrix", "synapse", "port"},
		"miniIp":                        {"mini", "ip"},
		"Ivans-Mac-mini":                {"ivans-mac-mini", "ivans", "mac", "mini"},
		"HTTPPort":                      {"http", "port"},
		"networking.nat.internalIPs":    {"networking", "nat", "internal", "ips"},
		"allowedTCPPorts":               {"allowed", "tcp", "ports"},
		"machines/mini-vm/jellyfin.nix": {"machines", "mini-vm", "mini", "vm", "jellyfin", "nix"},
	}
	for in, want := range cases {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestSplitWords: SplitWords hands over the words as written, repeats
// included, and allocates nothing of its own.
func TestSplitWords(t *testing.T) {
	var got []string
	SplitWords("Mini-VM mini vm_Ünï", func(w string) { got = append(got, w) })
	if want := []string{"Mini-VM", "Mini", "VM", "mini", "vm_Ünï", "vm", "Ünï"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SplitWords = %q; want %q", got, want)
	}
	n := 0
	if a := testing.AllocsPerRun(100, func() {
		SplitWords("services.matrix-synapse.port networking.nat.internalIPs café", func(string) { n++ })
	}); a != 0 {
		t.Errorf("SplitWords allocates %v times", a)
	}
}

func TestDocMap(t *testing.T) {
	d := Doc{Lines: []Pos{{"a.nix", 10, 7}, {"a.nix", 11, 7}}}
	if got := d.Map(2, 3); got != (Pos{"a.nix", 11, 9}) {
		t.Errorf("Map = %v", got)
	}
	if got := (Pos{"a.nix", 3, 4}).String(); got != "a.nix:3:4" {
		t.Errorf("String = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"matrix", "matrix2", 10, 1},
		{"network-limitations", "network-limitation", 10, 1},
		{"kitten", "sitting", 10, 3},
		{"kitten", "sitting", 2, 2}, // capped
		{"a", "abcdef", 3, 3},       // ruled out by length
		{"", "", 1, 0},
	} {
		if got := EditDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func TestIsHostName(t *testing.T) {
	cases := map[string]bool{
		"bee": true, "mini-vm": true, "mini-vm.orb.local": true, "Jellyfin.Example.COM": true,
		"*.example.com": true, "node_7": true, "10gw": true, "a.b-c.d": true,
		"": false, "8096": false, "192.168.50.4": false, "-bee": false, "bee-": false,
		"bee.": false, ".bee": false, "a..b": false, "x.*": false, "*": false, "*.8": false,
		"bée": false, "a b": false, "host:80": false, strings.Repeat("a", 64): false,
		strings.Repeat("a", 63): true, strings.Repeat("a.", 126) + "a": true, strings.Repeat("a.", 127) + "a": false,
	}
	for in, want := range cases {
		if got := IsHostName(in); got != want {
			t.Errorf("IsHostName(%q) = %v, want %v", in, got, want)
		}
	}
	// The label loop agrees with the plain reading of the rule: split on
	// dots, check each label.
	ref := func(s string) bool {
		if s == "" || len(s) > 253 {
			return false
		}
		allDigits := true
		for i, label := range strings.Split(s, ".") {
			if label == "*" && i == 0 {
				continue
			}
			if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
				return false
			}
			for _, r := range label {
				switch {
				case r >= '0' && r <= '9':
				case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '-', r == '_':
					allDigits = false
				default:
					return false
				}
			}
		}
		return !allDigits
	}
	const alphabet = "ab09-_.*é:Z"
	r := rand.New(rand.NewPCG(7, 7))
	for range 100000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		if s := string(b); IsHostName(s) != ref(s) {
			t.Fatalf("IsHostName(%q) = %v, reference %v", s, IsHostName(s), ref(s))
		}
	}
	if n := testing.AllocsPerRun(100, func() { IsHostName("mini-vm.orb.local") }); n != 0 {
		t.Errorf("IsHostName allocates %v times", n)
	}
}
