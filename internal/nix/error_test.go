package nix

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Expected errors are written into testdata/errors/*.nix as comments
// right after the offending token, as in go/parser's error_test.go:
//
//	/* ERROR "rx" */       the error is at the token before the comment
//	/* ERROR HERE "rx" */  the error is just after the token before it
//	/* ERROR NEXT "rx" */  the error is at the token after it
//
// rx is a regular expression matched against the message.

var errRx = regexp.MustCompile(`^/\* ERROR (HERE |NEXT )?"((?:[^"\\]|\\.)*)" \*/$`)

// expectedErrors scans src and returns the expected messages by offset.
func expectedErrors(t *testing.T, src []byte) map[int]string {
	want := map[int]string{}
	s := newScanner(src, func(int, string) {})
	var prev lexItem
	for {
		n := len(s.comments)
		it := s.scan()
		for _, c := range s.comments[n:] {
			m := errRx.FindStringSubmatch(c.Text)
			if m == nil {
				continue
			}
			rx := strings.ReplaceAll(m[2], `\"`, `"`)
			switch m[1] {
			case "HERE ":
				want[prev.end] = rx
			case "NEXT ":
				want[it.pos] = rx
			default:
				want[prev.pos] = rx
			}
		}
		if it.tok == EOF {
			return want
		}
		if it.tok != PATH_END {
			prev = it
		}
	}
}

func TestErrors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.nix"))
	if len(files) == 0 {
		t.Fatal("no testdata/errors files")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want := expectedErrors(t, src)
			f, perr := ParseFile(name, src)
			if perr == nil {
				t.Fatalf("no errors, want %d", len(want))
			}
			for _, e := range perr.(ErrorList) {
				if e.Pos.File != name {
					t.Errorf("error names file %q, want %q", e.Pos.File, name)
				}
				off := offsetOf(f, src, e.Pos.Line, e.Pos.Col)
				rx, ok := want[off]
				if !ok {
					t.Errorf("unexpected error: %s", e)
					continue
				}
				if !regexp.MustCompile(rx).MatchString(e.Msg) {
					t.Errorf("%s: message %q does not match %q", e.Pos, e.Msg, rx)
				}
				delete(want, off)
			}
			for off, rx := range want {
				t.Errorf("%s: missing error %q", f.Position(Pos(off+1)), rx)
			}
		})
	}
}

func offsetOf(f *File, src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(string(src[off:]), '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off + col - 1
}
