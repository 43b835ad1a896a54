package build

import (
	"bytes"
	"encoding/json"
	"slices"
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

// A searchCache keeps each page's encoded search entry, with what it was
// encoded from, so that a rebuild after an edit encodes only the entries
// that changed (the text of a thousand pages is a megabyte of JSON).
type searchCache map[string]*cachedEntry // by page path

type cachedEntry struct {
	title, url, leadH1, text string
	headings                 []Heading
	json                     []byte
}

// searchIndex renders search-index.js: a script (not JSON, which file://
// pages cannot fetch) that sets window.DOCSITE_SEARCH to one entry per
// page: title, URL from the site root, headings, text. Entries found
// unchanged in prev's cache are not encoded again; st keeps them all.
func (st *buildState) searchIndex(prev *buildState, ix *siteIndex, pages []*Page, texts []string) []byte {
	var old searchCache
	if prev != nil {
		old = prev.search
	}
	st.search = make(searchCache, len(pages))
	root := &Page{File: "index.html"} // hrefs from the root
	size := 0
	entries := make([]*cachedEntry, 0, len(pages))
	for i, p := range pages {
		if p.broken {
			continue
		}
		url := ix.href(root, p)
		c := old[p.Path]
		if c == nil || c.title != p.Title || c.url != url || c.leadH1 != p.leadH1 || c.text != texts[i] || !slices.Equal(c.headings, p.Headings) {
			e := searchEntry{T: p.Title, U: url, X: texts[i]}
			for _, h := range p.Headings {
				if h.ID != p.leadH1 {
					e.H = append(e.H, h.Title)
				}
			}
			data, err := json.Marshal(e)
			if err != nil {
				continue // strings and slices of strings always encode
			}
			c = &cachedEntry{title: p.Title, url: url, leadH1: p.leadH1, text: texts[i], headings: p.Headings, json: data}
		}
		st.search[p.Path] = c
		entries = append(entries, c)
		size += len(c.json) + 1
	}
	const head, tail = "window.DOCSITE_SEARCH = [", "];\n"
	b := make([]byte, 0, len(head)+size+len(tail))
	b = append(b, head...)
	for i, c := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c.json...)
	}
	return append(b, tail...)
}
