package build

import (
	"html/template"
	"strconv"
)

// Data is what every layout gets as ".".
type Data struct {
	Site  SiteData
	Page  PageData
	Root  string    // from this page to the site root: "", "../", "../../"
	Nav   []NavItem // sidebar: the current section expanded, others collapsed
	Prev  *NavLink
	Next  *NavLink
	Pages []PageLink // home: every runbook; section: its items
	Serve bool       // under docsite serve: include {{.Root}}__docsite/live.js
}

// SiteData describes the site.
type SiteData struct {
	Title string
}

// PageData describes the page being rendered.
type PageData struct {
	Title       string
	Description string
	Kind        string // "page", "section", "home" or "404"
	Content     template.HTML
	Source      string // the Markdown file, relative to the site root
	TOC         []TOCEntry
}

// TOCEntry is an h2 or h3 of the page.
type TOCEntry struct {
	Level int
	ID    string
	Title string
}

// NavItem is an entry of the sidebar.
type NavItem struct {
	Title    string
	URL      template.URL // relative to the page
	Active   bool         // the page being rendered
	Open     bool         // a section holding the page being rendered
	Children []NavItem
}

// NavLink is a previous or next page.
type NavLink struct {
	Title string
	URL   template.URL
}

// PageLink is an entry of a list of pages.
type PageLink struct {
	Title       string
	URL         template.URL
	Description string
	Section     string // title of the page's section; "" at the top
}

// URLs in template data are typed template.URL: they are relative paths
// docsite made from file names (see siteIndex.href, which keeps a name like
// "javascript:x.md" from reading as a scheme), and the type spares
// html/template a filter call per link, a fifth of a page's render time.
// navCap bounds how many items of one section the sidebar shows, so that
// a folder of thousands of pages does not put thousands of links on each
// of them; a window around the current page is shown instead, with links
// to the section page (which lists them all) for the rest.
const (
	navCap    = 100
	navWindow = 20
)

func (b *Builder) data(p *Page, ix *siteIndex, content template.HTML) *Data {
	d := &Data{
		Site: SiteData{Title: b.cfg.Title},
		Page: PageData{
			Title:       p.Title,
			Description: p.Description,
			Kind:        p.Kind,
			Content:     content,
			Source:      p.Source,
		},
		Root:  p.Root(),
		Serve: b.opts.Serve,
	}
	if p.Kind == Kind404 {
		d.Root = b.cfg.BasePath
	}
	for _, h := range p.Headings {
		if (h.Level == 2 || h.Level == 3) && h.ID != p.leadH1 {
			d.Page.TOC = append(d.Page.TOC, TOCEntry{Level: h.Level, ID: h.ID, Title: h.Title})
		}
	}
	d.Nav = ix.nav(ix.root, p)
	if p.Kind != Kind404 {
		if i := ix.position(p); i >= 0 {
			if i > 0 {
				d.Prev = &NavLink{Title: ix.order[i-1].Title, URL: ix.link(p, ix.order[i-1])}
			}
			if i+1 < len(ix.order) {
				d.Next = &NavLink{Title: ix.order[i+1].Title, URL: ix.link(p, ix.order[i+1])}
			}
		}
	}
	switch p.Kind {
	case KindHome:
		for _, q := range ix.order {
			if q.Kind == KindPage {
				d.Pages = append(d.Pages, ix.pageLink(p, q))
			}
		}
	case KindSection:
		if s := ix.sections[p.Section]; s != nil && s.page == p {
			for _, n := range s.items {
				l := ix.pageLink(p, n.page)
				l.Section = ""
				d.Pages = append(d.Pages, l)
			}
		}
	}
	return d
}

func (ix *siteIndex) pageLink(from, q *Page) PageLink {
	l := PageLink{Title: q.Title, URL: ix.link(from, q), Description: q.Description}
	if q.Section != "" {
		if s := ix.sections[q.Section]; s != nil && s.page != nil {
			l.Section = s.page.Title
		}
	}
	return l
}

// position is p's index in the reading order, or -1.
func (ix *siteIndex) position(p *Page) int {
	if ix.orderIndex == nil {
		return -1
	}
	if i, ok := ix.orderIndex[p]; ok {
		return i
	}
	return -1
}

// nav lists the items of section s as seen from page p: sections holding
// p are open and list their items; others are closed and list nothing.
func (ix *siteIndex) nav(s *section, p *Page) []NavItem {
	items := s.items
	lo, hi := 0, len(items)
	var before, after int
	if len(items) > navCap {
		at := -1
		for i, n := range items {
			if n.page == p || n.sec != nil && inSection(p.Section, n.sec.dir) {
				at = i
				break
			}
		}
		if at < 0 {
			at = 0
		}
		lo, hi = max(at-navWindow, 0), min(at+navWindow+1, len(items))
		before, after = lo, len(items)-hi
	}
	out := make([]NavItem, 0, hi-lo+2)
	if before > 0 {
		out = append(out, NavItem{Title: "… " + strconv.Itoa(before) + " more", URL: ix.link(p, s.page)})
	}
	for _, n := range items[lo:hi] {
		it := NavItem{Title: n.page.Title, URL: ix.link(p, n.page), Active: n.page == p}
		if n.sec != nil && p.Kind != Kind404 && inSection(p.Section, n.sec.dir) {
			it.Open = true
			it.Children = ix.nav(n.sec, p)
		}
		out = append(out, it)
	}
	if after > 0 {
		out = append(out, NavItem{Title: "… " + strconv.Itoa(after) + " more", URL: ix.link(p, s.page)})
	}
	return out
}

// inSection reports whether folder dir is section sec or inside it.
func inSection(dir, sec string) bool {
	return dir == sec || len(dir) > len(sec) && dir[len(sec)] == '/' && dir[:len(sec)] == sec
}
