package nix

import (
	"math/rand/v2"
	"path"
	"testing"
)

// TestJoinPath: joinPath is path.Join.
func TestJoinPath(t *testing.T) {
	const alphabet = "ab./"
	r := rand.New(rand.NewPCG(5, 6))
	gen := func() string {
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 100000 {
		dir, p := gen(), "./"+gen()
		if r.IntN(4) == 0 {
			p = gen()
		}
		if got, want := joinPath(dir, p), path.Join(dir, p); got != want {
			t.Fatalf("joinPath(%q, %q) = %q, want %q", dir, p, got, want)
		}
	}
}
