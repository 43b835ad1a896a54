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

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"", "a. b", "a.b; c! d? e.\nf", ";;", "end.", "x ! y", "v1.2. Next"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := sentences(nil, s), sentencesSlow(s); !slices.Equal(got, want) {
			t.Fatalf("sentences(%q) = %v, want %v", s, got, want)
		}
	})
}

// sentencesSlow is the byte-by-byte sentences, for tests.
func sentencesSlow(s string) []span {
	var out []span
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ';' || (c == '.' || c == '!' || c == '?') && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\n') {
			out = append(out, span{start, i + 1})
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, span{start, len(s)})
	}
	return out
}

// FuzzStopSet: the stop word set says what the map does.
func FuzzStopSet(f *testing.F) {
	for w := range stopWords {
		f.Add(w)
		f.Add(w + "s")
		f.Add(w[:len(w)-1])
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := isStop(w), stopWords[w]; got != want {
			t.Fatalf("isStop(%q) = %v, want %v", w, got, want)
		}
	})
}

// TestContextWordsUnicode: a sentence's words split where facts.Words
// splits a config's: at non-breaking spaces, dashes, arrows and box
// drawing, not only at ASCII ones; a non-breaking space between two words
// joins them as a plain one does.
func TestContextWordsUnicode(t *testing.T) {
	x := new(extractor)
	got := x.contextWords("Jellyfin\u00a0listens on the Mac\u00a0mini — bee ──443──► café").words
	want := []string{"jellyfin", "mac", "mini", "mac-mini", "bee", "café"} // listens, on, the: stop words
	if !slices.Equal(got, want) {
		t.Errorf("contextWords = %q, want %q", got, want)
	}
	if i := indexWord("from the mac\u00a0mini\u00a0vm", "mini"); i != 14 {
		t.Errorf("indexWord found mini at %d, want 14 (between non-breaking spaces)", i)
	}
}
