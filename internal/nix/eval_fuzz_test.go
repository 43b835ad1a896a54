package nix

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzEvaluate feeds arbitrary sources to the evaluator, as a flake and as
// a module of it: whatever parses (even partly) must evaluate without a
// panic, a hang or a position outside the file.
func FuzzEvaluate(f *testing.F) {
	paths, _ := filepath.Glob("testdata/eval/*.txtar")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		_, sections := parseTxtar(data)
		for _, s := range sections {
			if s.name != "want" {
				f.Add([]byte(s.data))
			}
		}
	}
	f.Add([]byte("let a = [ b b b b ]; b = [ c c c c ]; c = [ d d d d ]; d = [ a a ]; in { x.port = a; y = toString a; }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		flake, _ := ParseFile("flake.nix", src)
		mod, _ := ParseFile("m/default.nix", src)
		r := Evaluate([]*File{flake, mod})
		for _, fact := range r.Facts {
			if fact.Pos.Line < 1 || fact.Pos.Col < 1 {
				t.Fatalf("fact without position: %+v", fact)
			}
		}
		for _, d := range r.Docs {
			if len(d.Lines) == 0 && d.Text != "" {
				t.Fatalf("doc without lines: %+v", d)
			}
		}
	})
}
