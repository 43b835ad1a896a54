package build

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/docsite/docsite/internal/diag"
)

// FuzzPage feeds arbitrary bytes through everything a page goes through:
// front matter, both parses, link resolution, claim marking, rendering.
// Nothing may panic.
func FuzzPage(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\n# T\n[a](b.md#c)\n", "+++\nweight = 1\n+++\n> [!NOTE]\n> x\n",
		"```console\n$ ls\n```\n", "```nix\n{ a = ''${b}''; }\n```\n", "[](#)\n![](/x.png)\n",
		"---\n", "+++", "# \n## `x` *y*\n", "[x]: <> \"t\"\n[x]\n", "- > [!TIP]\n  >\n",
	} {
		f.Add([]byte(s), 3, 9)
	}
	cfg, err := loadSiteErr("testdata/site")
	if err != nil {
		f.Fatal(err)
	}
	md := NewMarkdown(false)
	f.Fuzz(func(t *testing.T, src []byte, a, b int) {
		raw, format, first, body, err := splitFrontMatter(src)
		var meta []metaText
		if err == nil && raw != nil {
			fm, err := parseFrontMatter(raw, format, first)
			if err == nil {
				// Title and description are found where the page has them.
				meta = metaTexts(raw, cap(src)-cap(raw), fm)
				for _, m := range meta {
					if m.at < 0 || m.at+len(m.text) > len(src) || string(src[m.at:m.at+len(m.text)]) != m.text || m.text != fm.Title && m.text != fm.Description {
						t.Fatalf("front matter text %q at %d is not the page's", m.text, m.at)
					}
				}
			}
		}
		p := &Page{Path: "x/y.md", File: "x/y/index.html", Kind: KindPage, Source: "content/x/y.md"}
		doc := md.Parser().Parse(text.NewReader(body))
		addMeta(doc, body, meta)
		var dl diag.List
		ix := newIndex(cfg, false, []*Page{p}, []string{"x/img.png"}, &dl)
		pc := parser.NewContext()
		lc := &linkContext{page: p, resolver: ix}
		pc.Set(linkContextKey, lc)
		doc = md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
		if a >= 0 && b >= a && b <= len(body) {
			markClaims(doc, body, []Span{{a, b}, {0, len(body)}})
		}
		var out bytes.Buffer
		if err := md.Renderer().Render(&out, body, doc); err != nil {
			t.Fatal(err)
		}
		searchText(doc, body)
	})
}
