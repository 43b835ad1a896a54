package build

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// searchTextLimit bounds the text kept per page in the search index: the
// index is one script every page may load, so at 10,000 pages it must
// stay in the megabytes, not the size of the site.
const searchTextLimit = 1000

// searchText returns the start of a page's readable text, blocks
// separated by spaces, for the search index.
func searchText(doc ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b.Len() >= searchTextLimit {
			return ast.WalkStop, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(bytes.TrimSpace(seg.Value(src)))
				b.WriteByte(' ')
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock && b.Len() > 0 {
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > searchTextLimit {
		cut := searchTextLimit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

type searchEntry struct {
	T string   `json:"t"`
	U string   `json:"u"`
	H []string `json:"h,omitempty"`
	X string   `json:"x,omitempty"`
}

// searchIndex renders search-index.js: a script (not JSON, which file://
// pages cannot fetch) that sets window.DOCSITE_SEARCH to one entry per
// page: title, URL from the site root, headings, text.
func searchIndex(ix *siteIndex, pages []*Page, texts []string) []byte {
	entries := make([]searchEntry, 0, len(pages))
	root := &Page{File: "index.html"} // hrefs from the root
	for i, p := range pages {
		if p.broken {
			continue
		}
		e := searchEntry{T: p.Title, U: ix.href(root, p), X: texts[i]}
		for _, h := range p.Headings {
			if h.ID != p.leadH1 {
				e.H = append(e.H, h.Title)
			}
		}
		entries = append(entries, e)
	}
	var b bytes.Buffer
	b.WriteString("window.DOCSITE_SEARCH = ")
	enc := json.NewEncoder(&b)
	enc.Encode(entries)
	b.Truncate(b.Len() - 1)
	b.WriteString(";\n")
	return b.Bytes()
}
