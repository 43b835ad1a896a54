package validate

import (
	"slices"
	"testing"

	"github.com/docsite/docsite/internal/facts"
)

var wordsSeeds = []string{
	"", "-", "a", "mini-vm", "miniIp", "HTTPPort", "internalIPs", "URLsFor", "jellyfin.home.example.net",
	"__x__", "a--b", "node072", "v4Addr", "IPv6", "x1y2", "ABC", "ABCd", "Matrix Synapse", "listen_port",
	"Ivans-Mac-mini", "ok: 8096/tcp", "ünïcode-Word", "fooBAR9baz",
}

// TestAppendWords: the arena's facts.Words gives what facts.Words does.
func TestAppendWords(t *testing.T) {
	var a arena
	for _, s := range wordsSeeds {
		got := a.appendWords([]string{"x"}, s)[1:]
		if want := facts.Words(s); !slices.Equal(got, want) {
			t.Errorf("appendWords(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAppendWords(f *testing.F) {
	for _, s := range wordsSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var a arena
		got := a.appendWords(nil, s)
		if want := facts.Words(s); !slices.Equal(got, want) {
			t.Fatalf("appendWords(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestNormalizeSpace: the arena's normalizeSpace gives what the package's
// does.
func TestNormalizeSpace(t *testing.T) {
	var a arena
	for _, s := range []string{"", " ", "a", " a", "a ", "a  b", "a\tb\nc", "  a  b  ", "a\u00a0b", "a\u2003b", "é  b", "x | y"} {
		if got, want := a.normalizeSpace(s), normalizeSpace(s); got != want {
			t.Errorf("normalizeSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNormalizeSpace(f *testing.F) {
	f.Add("  a\tb  c ")
	f.Fuzz(func(t *testing.T, s string) {
		var a arena
		if got, want := a.normalizeSpace(s), normalizeSpace(s); got != want {
			t.Fatalf("normalizeSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
