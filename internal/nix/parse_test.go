package nix

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/facts"
)

var update = flag.Bool("update", false, "rewrite testdata/positions/*.golden")

// TestPositions prints every node of testdata/positions/*.nix with its
// range and source text and compares with the .golden file next to it.
func TestPositions(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "positions", "*.nix"))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ParseFile(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b bytes.Buffer
		Inspect(f.Body, func(n Node) bool {
			from, to := f.Position(n.Pos()), f.Position(n.End())
			text := string(src[n.Pos().Offset():n.End().Offset()])
			if len(text) > 40 {
				text = text[:37] + "..."
			}
			fmt.Fprintf(&b, "%-10s %d:%d-%d:%d %q\n", strings.TrimPrefix(reflect.TypeOf(n).String(), "*nix."), from.Line, from.Col, to.Line, to.Col, text)
			return true
		})
		golden := strings.TrimSuffix(name, ".nix") + ".golden"
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s: positions differ from %s:\n%s", name, golden, diffLines(string(want), got))
		}
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, a, b)
		}
	}
	return ""
}

func TestPosition(t *testing.T) {
	src := []byte("a\n\tbc\n\nd")
	f, _ := ParseFile("x.nix", src)
	for off, want := range map[int]string{0: "x.nix:1:1", 1: "x.nix:1:2", 2: "x.nix:2:1", 3: "x.nix:2:2", 7: "x.nix:4:1", 8: "x.nix:4:2"} {
		if got := f.Position(Pos(off + 1)).String(); got != want {
			t.Errorf("offset %d: %s, want %s", off, got, want)
		}
	}
	if got := f.Position(NoPos).String(); got != "x.nix" {
		t.Errorf("NoPos: %s", got)
	}
}

func TestDocComments(t *testing.T) {
	src := []byte(`{
  # Jellyfin media server
  # (the one on the mini)
  services.jellyfin = { enable = true; }; # trailing
  a = 1; # only a trailing comment

  # detached by a blank line

  b = 2;
  /* block doc */ c = 3;
  inherit (x) y; # why
}`)
	f, err := ParseFile("c.nix", src)
	if err == nil || !strings.Contains(err.Error(), "undefined variable 'x'") {
		t.Fatalf("want only the undefined x, got %v", err)
	}
	set := f.Body.(*AttrSet)
	doc := func(b Binding) (string, string) {
		switch b := b.(type) {
		case *AttrDef:
			return b.Doc.Text(), b.Comment.Text()
		case *Inherit:
			return b.Doc.Text(), b.Comment.Text()
		}
		return "", ""
	}
	want := [][2]string{
		{"Jellyfin media server\n(the one on the mini)", "trailing"},
		{"", "only a trailing comment"},
		{"", ""},
		{"block doc", ""},
		{"", "why"},
	}
	for i, b := range set.Binds {
		d, c := doc(b)
		if d != want[i][0] || c != want[i][1] {
			t.Errorf("binding %d: doc %q comment %q, want %q %q", i, d, c, want[i][0], want[i][1])
		}
	}
	if len(f.Comments) != 6 {
		t.Errorf("%d comment groups, want 6", len(f.Comments))
	}
}

func TestUnreadable(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		msg  string
	}{
		{"gitcrypt", []byte("\x00GITCRYPT\x00\x01\x02garbage"), "git-crypt encrypted file"},
		{"binary", []byte("{ a = 1; }\x00\x01"), "binary file"},
		{"latin1", []byte("# caf\xe9\n1"), "not UTF-8"},
		{"huge", bytes.Repeat([]byte(" "), MaxSize+1), "larger than"},
	} {
		f, err := ParseFile(tc.name+".nix", tc.src)
		if f == nil || f.Body != nil {
			t.Errorf("%s: want an empty File", tc.name)
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) != 1 {
			t.Fatalf("%s: want one error, got %v", tc.name, err)
		}
		if got := list[0].Error(); !strings.HasPrefix(got, tc.name+".nix:1:1: unreadable: ") || !strings.Contains(got, tc.msg) {
			t.Errorf("%s: %q", tc.name, got)
		}
		if !errors.Is(Readable(tc.src), ErrUnreadable) {
			t.Errorf("%s: Readable does not wrap ErrUnreadable", tc.name)
		}
	}
	if err := Readable([]byte("{ a = \"ünï\"; }")); err != nil {
		t.Errorf("UTF-8 source: %v", err)
	}
}

// TestRecovery checks that a file with errors still yields the bindings
// that did parse.
func TestRecovery(t *testing.T) {
	src := []byte("{\n  a = 1 +;\n  b = 8096;\n  c = [ 1 2;\n  d = \"x\";\n}\n")
	f, err := ParseFile("r.nix", src)
	list, _ := err.(ErrorList)
	if len(list) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	set, ok := f.Body.(*AttrSet)
	if !ok {
		t.Fatalf("body is %T", f.Body)
	}
	var names []string
	for _, b := range set.Binds {
		names = append(names, b.(*AttrDef).Path[0].Name)
	}
	if got := strings.Join(names, " "); got != "a b c d" {
		t.Errorf("bindings %q, want a b c d", got)
	}
	if n, ok := set.Binds[1].(*AttrDef).Value.(*Int); !ok || n.Value != 8096 {
		t.Errorf("b = %#v", set.Binds[1].(*AttrDef).Value)
	}
}

func TestErrorListSort(t *testing.T) {
	l := ErrorList{
		{Pos: fpos("b.nix", 1, 1), Msg: "x"},
		{Pos: fpos("a.nix", 2, 1), Msg: "y"},
		{Pos: fpos("a.nix", 1, 5), Msg: "z"},
	}
	l.Sort()
	if got := l.Error(); got != "a.nix:1:5: z (and 2 more errors)" {
		t.Errorf("%s", got)
	}
}

func fpos(file string, line, col int) facts.Pos { return facts.Pos{File: file, Line: line, Col: col} }

// TestPathological parses inputs that are deep, long or repetitive in the
// ways that make naive scanners quadratic or recursion overflow the
// stack. It has no time limit of its own: a regression shows up as the
// test binary's timeout.
func TestPathological(t *testing.T) {
	const n = 300_000
	for name, src := range map[string]string{
		"operator chain": strings.Repeat("1 + ", n) + "1",
		"parens":         strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"not chain":      strings.Repeat("!", n) + "true",
		"lambdas":        strings.Repeat("x: ", n) + "x",
		"select":         "x: x" + strings.Repeat(".a", n),
		"dots":           strings.Repeat(".a", n),
		"list":           "[" + strings.Repeat(" 1", n) + " ]",
		"open comments":  strings.Repeat("/*", n),
		"scheme run":     strings.Repeat("a.", n),
		"search paths":   strings.Repeat("<a/a", n),
		"quotes":         strings.Repeat("\"", n+1),
		"indented":       strings.Repeat("''", n+1),
		"interpolations": strings.Repeat("\"${", n),
		"path slashes":   strings.Repeat("a/", n),
		"path interps":   strings.Repeat("a/${", n),
		"formals":        "{ " + strings.Repeat("a, ", n) + "... }: a",
		"bindings":       "rec {" + strings.Repeat(" a = a;", n) + " }",
	} {
		f, err := ParseFile(name, []byte(src))
		if f == nil {
			t.Errorf("%s: nil File", name)
		}
		t.Logf("%s: %.70v", name, err)
	}
}
