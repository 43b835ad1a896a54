package build

import (
	"bytes"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/rawio"
)

// Page kinds, as templates see them in .Page.Kind.
const (
	KindPage    = "page"
	KindSection = "section"
	KindHome    = "home"
	Kind404     = "404"
)

// Page is one page of the site and what the build knows about it after
// reading it: its metadata, headings and outgoing links, not its AST.
type Page struct {
	// Source is the Markdown file relative to the site root, with forward
	// slashes ("content/ops/bee.md"): what diagnostics print. It is ""
	// for section and home pages docsite generates for folders without
	// an index.md.
	Source string
	// Path is the file relative to the content dir ("ops/bee.md"); for a
	// generated section page it is the folder's "_index.md".
	Path string
	// Section is the content folder the page belongs to ("ops"; "" for
	// the root); a section page belongs to its own folder.
	Section string
	// File is the output file relative to the output dir:
	// "ops/bee/index.html", "ops/index.html", "index.html".
	File string
	Kind string

	Title       string
	Description string
	Weight      int
	Draft       bool

	Headings []Heading // every heading, in order
	Links    []Link    // every link and image, as written (recorded when the page is rendered)

	abs       string    // absolute source path ("" if generated)
	scanDiags diag.List // front matter and read problems, from pass 1
	broken    bool      // unreadable or bad front matter: not rendered
	leadH1    string    // id of a leading "# Title" the layout replaces
	body      []byte    // source kept from pass 1 for pass 2 (nil after)
	meta      []metaText
	encrypted bool // a git-crypt blob, built as a placeholder: its headings are unknown
}

// Heading is a heading of a page.
type Heading struct {
	Level int
	ID    string
	Title string
	Line  int
}

// Link is a link or image destination as written in the source.
type Link struct {
	Dest  string
	Pos   facts.Pos
	Image bool
}

// Root is the relative path from the page's folder to the site root:
// "" for the home page, "../" for "mini-vm/index.html".
func (p *Page) Root() string {
	const ups = "../../../../../../../../../../../../../../../../"
	if n := 3 * strings.Count(p.File, "/"); n <= len(ups) {
		return ups[:n] // no allocation: this runs for every link of every sidebar
	}
	return strings.Repeat("../", strings.Count(p.File, "/"))
}

// hasID reports whether the page renders an element with this id.
func (p *Page) hasID(id string) bool {
	for _, h := range p.Headings {
		if h.ID == id && h.ID != p.leadH1 {
			return true
		}
	}
	return false
}

func (p *Page) ids() []string {
	ids := make([]string, 0, len(p.Headings))
	for _, h := range p.Headings {
		if h.ID != p.leadH1 {
			ids = append(ids, h.ID)
		}
	}
	return ids
}

// outputFile maps a content path to its pretty-URL output file, and
// reports the page's kind and section.
func outputFile(p string) (file, kind, section string) {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" || name == "_index" || strings.EqualFold(name, "readme") {
		if dir == "" {
			return "index.html", KindHome, ""
		}
		return dir + "/index.html", KindSection, dir
	}
	stem := strings.TrimSuffix(p, path.Ext(p))
	return stem + "/index.html", KindPage, dir
}

// isIndexName reports whether a file name is a folder's own page.
func isIndexName(base string) int {
	switch strings.ToLower(strings.TrimSuffix(base, path.Ext(base))) {
	case "index":
		return 1
	case "_index":
		return 2
	case "readme":
		return 3 // GitHub shows README.md as the folder's page: last resort
	}
	return 0
}

// encryptedPage is the body of a page that git-crypt keeps encrypted in
// a locked checkout (CI, a fresh clone): links to it keep working, and
// neither its ciphertext nor its secrets reach the site.
const encryptedPage = "*This page is encrypted with git-crypt in the repository, and this site was built from a locked checkout.*\n"

// read reads a page's source and splits off its front matter. body is
// the source with the front matter blanked, so offsets in it are offsets
// in the file. d is an error when the page cannot be built, and a
// warning when it is built from a placeholder (an encrypted page).
func (p *Page) read() (body []byte, fm frontMatter, hasFM bool, d *diag.Diagnostic) {
	src, _, err := rawio.ReadFile(p.abs)
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*os.PathError); ok {
			msg = "cannot read: " + pe.Err.Error()
		}
		return nil, fm, false, &diag.Diagnostic{Pos: facts.Pos{File: p.Source}, Severity: diag.Error, Message: msg, Rule: "unreadable-source"}
	}
	at := func(i int) facts.Pos { return offsetPos(p.Source, lineStarts(src[:i]), i) }
	p.encrypted = bytes.HasPrefix(src, []byte("\x00GITCRYPT"))
	if p.encrypted {
		return []byte(encryptedPage), fm, false, &diag.Diagnostic{Pos: at(0), Severity: diag.Warning,
			Message: "git-crypt encrypted file: built as a placeholder page (git-crypt unlock to build it)", Rule: "unreadable-source"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, fm, false, &diag.Diagnostic{Pos: at(i), Severity: diag.Error, Message: "binary file, not Markdown (NUL byte)", Rule: "unreadable-source"}
	}
	if !utf8.Valid(src) {
		// Built all the same: the browser shows the bad bytes as �.
		i := 0
		for r, n := utf8.DecodeRune(src); r != utf8.RuneError || n != 1; r, n = utf8.DecodeRune(src[i:]) {
			i += n
		}
		d = &diag.Diagnostic{Pos: at(i), Severity: diag.Warning, Rule: "encoding",
			Message: "not UTF-8 text (saved as Latin-1 or another encoding?): browsers show the bad bytes as �; save the file as UTF-8"}
	}
	raw, format, first, body, err := splitFrontMatter(src)
	if err == nil && raw != nil {
		fm, err = parseFrontMatter(raw, format, first)
		hasFM = true
		// raw is a slice of src: their capacities differ by its offset.
		fm.meta = metaTexts(raw, cap(src)-cap(raw), fm)
	}
	if err != nil {
		e := err.(*fmError)
		return body, fm, hasFM, &diag.Diagnostic{Pos: facts.Pos{File: p.Source, Line: e.line, Col: e.col}, Severity: diag.Error, Message: e.msg, Rule: "front-matter"}
	}
	return body, fm, hasFM, d
}

// scan is pass 1 for one page: front matter, headings, title.
func (b *Builder) scan(p *Page) {
	body, fm, _, d := p.read()
	if d != nil {
		p.scanDiags = append(p.scanDiags, *d)
	}
	if d != nil && d.Severity == diag.Error {
		p.broken = true
		p.Title = titleFromName(p.Path)
		return
	}
	p.Title, p.Description, p.Weight, p.Draft = fm.Title, fm.Description, fm.Weight, fm.Draft
	p.meta = fm.meta
	if !p.Draft || b.opts.Drafts {
		p.body = body
	}
	// Headings only: links are recorded by pass 2, which resolves them.
	doc := b.outln.parse(body)
	var lead bool
	p.Headings, lead = outline(doc, body, p.Source)
	if lead {
		p.leadH1 = p.Headings[0].ID
		if p.Title == "" {
			p.Title = p.Headings[0].Title
		}
	}
	if p.Title == "" {
		for _, h := range p.Headings {
			if h.Level == 1 {
				p.Title = h.Title
				break
			}
		}
	}
	if p.Title == "" {
		p.Title = titleFromName(p.Path)
	}
}

// outline lists the headings of a parsed page, and reports whether the
// page starts with a "# Title" (the first of them).
func outline(doc ast.Node, body []byte, source string) (hs []Heading, leadH1 bool) {
	var starts []int
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if h, ok := c.(*ast.Heading); ok {
				id, _ := h.AttributeString("id")
				idb, _ := id.([]byte)
				hd := Heading{Level: h.Level, ID: string(idb), Title: plainText(h, body)}
				if h.Lines().Len() > 0 {
					if starts == nil {
						starts = lineStarts(body)
					}
					hd.Line = offsetPos(source, starts, h.Lines().At(0).Start).Line
				}
				hs = append(hs, hd)
			} else if c.Type() == ast.TypeBlock {
				walk(c) // headings in block quotes and list items count too
			}
		}
	}
	walk(doc)
	h, ok := doc.FirstChild().(*ast.Heading)
	return hs, ok && h.Level == 1 && len(hs) > 0
}

// titleFromName is the last resort title: the file name without its
// extension, or the folder's name for an index page.
func titleFromName(p string) string {
	dir, base := path.Split(p)
	if isIndexName(base) > 0 {
		base = path.Base(strings.TrimSuffix(dir, "/"))
		if base == "." || base == "" {
			return ""
		}
		return base
	}
	return strings.TrimSuffix(base, path.Ext(base))
}
