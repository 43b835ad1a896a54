package build

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// siteIndex is what pass 1 learned about the whole site: every page by
// path and by output folder, the section tree, the reading order. Pass 2
// only reads it, from many goroutines.
type siteIndex struct {
	cfg    *site.Config
	drafts bool

	pages      map[string]*Page // by content path, drafts included
	byDir      map[string]*Page // by output folder: "ops/bee", "ops", ""
	files      map[string]bool  // other content files, by content path
	static     map[string]bool  // static files, by output path
	sections   map[string]*section
	root       *section
	order      []*Page // every rendered page: home, then depth first
	orderIndex map[*Page]int
	notFound   *Page

	writtenOnce sync.Once
	writtenSet  map[string]bool
}

// section is a content folder: its page and its items, sorted.
type section struct {
	dir   string
	page  *Page
	items []navNode
}

type navNode struct {
	page *Page
	sec  *section // set when the item is a subsection
}

func newIndex(cfg *site.Config, drafts bool, pages []*Page, other []string, diags *diag.List) *siteIndex {
	ix := &siteIndex{
		cfg:      cfg,
		drafts:   drafts,
		pages:    make(map[string]*Page, len(pages)),
		byDir:    make(map[string]*Page, len(pages)),
		files:    make(map[string]bool, len(other)),
		static:   map[string]bool{},
		sections: map[string]*section{},
	}
	for _, f := range other {
		ix.files[f] = true
	}
	sec := func(dir string) *section {
		var s *section
		for d := dir; ; d = parentDir(d) {
			if _, ok := ix.sections[d]; ok {
				break
			}
			ix.sections[d] = &section{dir: d}
			if d == "" {
				break
			}
		}
		s = ix.sections[dir]
		return s
	}
	ix.root = sec("")
	// Folder pages first, by preference: index.md, _index.md, README.md.
	rank := func(p *Page) int {
		if n := isIndexName(path.Base(p.Path)); n > 0 {
			return n
		}
		return 4
	}
	slices.SortStableFunc(pages, func(a, b *Page) int { return cmp.Compare(rank(a), rank(b)) })
	for _, p := range pages {
		ix.pages[p.Path] = p
		if p.Draft && !drafts || p.broken {
			continue
		}
		dir := strings.TrimSuffix(strings.TrimSuffix(p.File, "index.html"), "/")
		if _, taken := ix.byDir[dir]; taken && p.Kind != KindPage && isIndexName(path.Base(p.Path)) == 3 {
			// README.md next to an index.md is an ordinary page of the folder.
			p.Kind, p.Section = KindPage, dir
			p.File = strings.TrimSuffix(p.Path, path.Ext(p.Path)) + "/index.html"
			dir = strings.TrimSuffix(p.File, "/index.html")
		}
		if prev, ok := ix.byDir[dir]; ok {
			*diags = append(*diags, diag.Diagnostic{
				Pos:      facts.Pos{File: p.Source, Line: 1, Col: 1},
				Severity: diag.Error,
				Message:  fmt.Sprintf("page would be written to %s, as is %s", p.File, prev.Source),
				Rule:     "duplicate-page",
			})
			p.broken, p.body = true, nil
			continue
		}
		ix.byDir[dir] = p
		s := sec(p.Section)
		if p.Kind == KindSection || p.Kind == KindHome {
			s.page = p
		} else {
			s.items = append(s.items, navNode{page: p})
		}
	}
	// Folders without a page of their own get a generated one, and every
	// section is an item of its parent.
	dirs := make([]string, 0, len(ix.sections))
	for d := range ix.sections {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		s := ix.sections[d]
		if s.page == nil {
			s.page = generatedSection(d, cfg)
			ix.byDir[d] = s.page
		}
		if d != "" {
			parent := ix.sections[parentDir(d)]
			parent.items = append(parent.items, navNode{page: s.page, sec: s})
		}
	}
	if ix.root.page.Title == "" {
		ix.root.page.Title = cfg.Title
	}
	for _, s := range ix.sections {
		slices.SortFunc(s.items, func(a, b navNode) int {
			return cmp.Or(
				cmp.Compare(a.page.Weight, b.page.Weight),
				cmp.Compare(strings.ToLower(a.page.Title), strings.ToLower(b.page.Title)),
				cmp.Compare(a.page.Path, b.page.Path),
			)
		})
	}
	ix.order = append(ix.order, ix.root.page)
	var walk func(s *section)
	walk = func(s *section) {
		for _, n := range s.items {
			ix.order = append(ix.order, n.page)
			if n.sec != nil {
				walk(n.sec)
			}
		}
	}
	walk(ix.root)
	ix.orderIndex = make(map[*Page]int, len(ix.order))
	for i, p := range ix.order {
		ix.orderIndex[p] = i
	}
	ix.notFound = &Page{Kind: Kind404, File: "404.html", Title: "Page not found", Path: "404.md"}
	return ix
}

func generatedSection(dir string, cfg *site.Config) *Page {
	p := &Page{Path: path.Join(dir, "_index.md"), Section: dir, Kind: KindSection, File: dir + "/index.html", Title: path.Base(dir)}
	if dir == "" {
		p.Kind, p.File, p.Title = KindHome, "index.html", cfg.Title
	}
	return p
}

func parentDir(d string) string {
	if i := strings.LastIndexByte(d, '/'); i >= 0 {
		return d[:i]
	}
	return ""
}

// href is the link to page t from page from: relative, ending in
// index.html unless the site asks for pretty links.
func (ix *siteIndex) href(from, t *Page) string {
	root := ix.rootOf(from)
	target := t.File
	if !ix.cfg.IndexLinks {
		target = strings.TrimSuffix(target, "index.html")
	}
	h := root + target
	if h == "" {
		return "./"
	}
	if c := strings.IndexByte(h, ':'); c >= 0 && !strings.Contains(h[:c], "/") {
		return "./" + h // a file name, not a scheme
	}
	return h
}

// link is href typed for templates.
func (ix *siteIndex) link(from, t *Page) template.URL { return template.URL(ix.href(from, t)) }

// rootOf is the path from page p to the site root: relative, except on the
// 404 page, which servers show at any depth.
func (ix *siteIndex) rootOf(p *Page) string {
	if p.Kind == Kind404 {
		return ix.cfg.BasePath
	}
	return p.Root()
}

// written lists the paths pages and copied files take, so theme assets
// never overwrite a site's own file.
func (ix *siteIndex) written() map[string]bool {
	ix.writtenOnce.Do(func() {
		ix.writtenSet = map[string]bool{}
		for f := range ix.files {
			ix.writtenSet[f] = true
		}
		for f := range ix.static {
			ix.writtenSet[f] = true
		}
	})
	return ix.writtenSet
}

func (ix *siteIndex) has(name string) bool { return ix.written()[name] }

// resolve implements linkResolver.
func (ix *siteIndex) resolve(from *Page, dest string) (string, diag.Severity, string, string) {
	if dest == "" || isExternal(dest) {
		return "", 0, "", ""
	}
	p, query, frag := splitDest(dest)
	id := strings.TrimPrefix(frag, "#")
	if u, err := url.PathUnescape(id); err == nil {
		id = u // "#caf%C3%A9" names the heading "café"
	}
	if p == "" {
		if id == "" || from.hasID(id) || isFootnoteID(id) {
			return "", 0, "", ""
		}
		return "", diag.Error, fmt.Sprintf("link target %s: no heading %q on this page%s", dest, id, didYouMean(id, from.ids())), "anchor"
	}
	cp := contentPath(from.Path, p)
	if cp == ".." || strings.HasPrefix(cp, "../") {
		abs := filepath.Join(ix.cfg.Content, filepath.FromSlash(cp))
		rel := ix.cfg.Rel(abs)
		if _, err := os.Stat(abs); err != nil {
			return "", diag.Error, fmt.Sprintf("link target %s: %s does not exist", dest, rel), "link"
		}
		// Point the link at the file where it lies relative to the output,
		// so it works at least when the site is opened from disk.
		href := ""
		if r, err := filepath.Rel(ix.cfg.Output, abs); err == nil {
			href = ix.rootOf(from) + filepath.ToSlash(r) + query + frag
		}
		return href, diag.Warning, fmt.Sprintf("link target %s: %s is outside the site; the link will not work on the built site", dest, rel), "link-outside"
	}
	if cp == "." {
		cp = ""
	}
	t := ix.pages[cp]
	if t == nil {
		// A folder ("ops/"), or a built page's URL ("../ops/bee/").
		t = ix.byDir[strings.TrimSuffix(strings.TrimSuffix(cp, "index.html"), "/")]
	}
	if t != nil {
		if t.Draft && !ix.drafts {
			return "", diag.Error, fmt.Sprintf("link target %s: %s is a draft (build with --drafts to include it)", dest, t.Source), "link"
		}
		if id != "" && !t.broken && !t.encrypted && !t.hasID(id) {
			return "", diag.Error, fmt.Sprintf("link target %s: no heading %q in %s%s", dest, id, path.Clean(p), didYouMean(id, t.ids())), "anchor"
		}
		return ix.href(from, t) + query + frag, 0, "", ""
	}
	if ix.files[cp] || ix.static[cp] {
		return ix.rootOf(from) + cp + query + frag, 0, "", ""
	}
	var names []string
	if strings.EqualFold(path.Ext(cp), ".md") {
		for n := range ix.pages {
			names = append(names, n)
		}
		slices.Sort(names)
	}
	return "", diag.Error, fmt.Sprintf("link target %s: no such page or file %s%s", dest, path.Join(ix.cfg.Rel(ix.cfg.Content), cp), didYouMean(cp, names)), "link"
}

func didYouMean(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q)", c)
	}
	return ""
}

// isFootnoteID matches the ids goldmark gives footnotes and their
// back references.
func isFootnoteID(id string) bool {
	return strings.HasPrefix(id, "fn:") || strings.HasPrefix(id, "fnref:")
}
