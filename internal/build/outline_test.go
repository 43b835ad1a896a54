package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

// outlineCases are pages whose headings pass 1 could get wrong by not
// parsing paragraphs: setext headings, definition lists, reference links
// and footnotes in headings, headings in quotes, lists and alerts, lazy
// continuation lines, tables.
var outlineCases = []string{
	"Title\n=====\n\nText *x*.\n\nSub\n---\n",
	"Para\nstill para\n---\n## after\n",
	"- item\n  Title\n  ===\n- two\n",
	"> quote\n> Title\n> ---\n",
	"Term\n: definition\n\n# H\n",
	"Term *a*\nTerm b\n:   def\n\n## [ref] and `code`\n\n[ref]: https://x.example/\n",
	"## See [ref][] and [^1]\n\n[ref]: <y.md>\n[^1]: note\n    ## not a heading\n",
	"| a | b |\n|---|---|\n| `c` | d |\n\n# Table above\n",
	"> [!NOTE]\n> ## Inside an alert\n> text\n",
	"text\n# H1 after text\n",
	"# Lead\n\n## Lead\n\n## Lead\n",
	"  ===\n\n---\n\n===\ntext\n===\n",
	"<div>\n\n# in html\n\n</div>\n",
	"```\n# not a heading\n```\n\n    # indented code\n",
	"1. one\n\n   ## nested\n\n   para\n   ---\n",
	"para\n: not def in para\n---\n",
	"*em\n# closes em?*\n",
	"[x\n# heading inside link text?](y.md)\n",
	"Setext with trailing spaces\n---   \n",
	"a\n\n\n: b\n",
	"[^1]0\n[^1]:#", // a heading in a footnote, shown only if referenced
}

func outlineString(t testing.TB, doc interface{}, hs []Heading, lead bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "lead=%v\n", lead)
	for _, h := range hs {
		fmt.Fprintf(&b, "%d %q %q %d\n", h.Level, h.ID, h.Title, h.Line)
	}
	return b.String()
}

func checkOutline(t *testing.T, name string, body []byte) {
	t.Helper()
	full := NewMarkdown(false).Parser()
	outln := newOutliner(false)
	fh, fl := outline(full.Parse(text.NewReader(body)), body, "x.md")
	oh, ol := outline(outln.parse(body), body, "x.md")
	if want, got := outlineString(t, nil, fh, fl), outlineString(t, nil, oh, ol); got != want {
		t.Errorf("%s: pass 1 sees\n%s\nwhere a full parse sees\n%s", name, got, want)
	}
}

// TestOutlineParser: pass 1's parser finds the headings, ids, titles and
// lines a full parse does, on tricky pages and on every Markdown file in
// the repository.
func TestOutlineParser(t *testing.T) {
	for i, src := range outlineCases {
		checkOutline(t, fmt.Sprintf("case %d %q", i, src), []byte(src))
	}
	n := 0
	filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".md") {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			_, _, _, body, _ := splitFrontMatter(src)
			checkOutline(t, p, body)
			n++
		}
		return nil
	})
	if n < 10 {
		t.Errorf("checked only %d Markdown files of the repository", n)
	}
}

func FuzzOutlineParser(f *testing.F) {
	for _, s := range outlineCases {
		f.Add([]byte(s))
	}
	full := NewMarkdown(false).Parser()
	outln := newOutliner(false)
	f.Fuzz(func(t *testing.T, body []byte) {
		fh, fl := outline(full.Parse(text.NewReader(body)), body, "x.md")
		oh, ol := outline(outln.parse(body), body, "x.md")
		if want, got := outlineString(t, nil, fh, fl), outlineString(t, nil, oh, ol); got != want {
			t.Errorf("pass 1 sees\n%s\nwhere a full parse sees\n%s", got, want)
		}
	})
}
