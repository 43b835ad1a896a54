package nix

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes the parser panic or hang, that
// every node lies inside the input and inside its parent, and that what
// parses also prints.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"parse", "errors", "positions"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.nix"))
		for _, name := range files {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(src)
			}
		}
	}
	for _, src := range generatePrograms(2, 20) {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := ParseFile("fuzz.nix", src)
		if file == nil {
			t.Fatal("nil File")
		}
		if Readable(src) != nil {
			return
		}
		checkRanges(t, file, src)
		if err == nil {
			var buf bytes.Buffer
			if perr := (&Printer{BaseDir: "/base", Home: "/home"}).Fprint(&buf, file); perr != nil {
				t.Fatalf("print: %v", perr)
			}
		}
	})
}

// checkRanges fails when a node's range is empty-inverted, outside the
// source, or outside its parent's range.
func checkRanges(t *testing.T, file *File, src []byte) {
	t.Helper()
	if file.Body == nil {
		return
	}
	var stack []Node
	max := Pos(len(src) + 1)
	var visit func(n Node) bool
	visit = func(n Node) bool {
		if n.Pos() < 1 || n.End() < n.Pos() || n.End() > max {
			t.Fatalf("%T has range [%d,%d) in a source of %d bytes", n, n.Pos(), n.End(), len(src))
		}
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			if n.Pos() < p.Pos() || n.End() > p.End() {
				t.Fatalf("%T [%d,%d) outside its parent %T [%d,%d)", n, n.Pos(), n.End(), p, p.Pos(), p.End())
			}
		}
		stack = append(stack, n)
		inspectChildren(n, visit)
		stack = stack[:len(stack)-1]
		return false
	}
	visit(file.Body)
	for _, g := range file.Comments {
		for _, c := range g.List {
			if c.Pos() < 1 || c.End() > max || string(src[c.Pos().Offset():c.End().Offset()]) != c.Text {
				t.Fatalf("comment %q has a wrong range", c.Text)
			}
		}
	}
}

// inspectChildren calls f on the direct children of n only.
func inspectChildren(n Node, f func(Node) bool) {
	first := true
	Inspect(n, func(c Node) bool {
		if first {
			first = false
			return true
		}
		f(c)
		return false
	})
}
