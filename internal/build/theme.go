package build

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/docsite/docsite/theme"
)

// themeSet is a parsed theme: a layout per page kind and the assets to
// copy, read from the site's theme folder over the embedded default.
type themeSet struct {
	fsys    fs.FS
	layouts map[string]*template.Template
	fast    map[string]bool // kinds whose layouts are the default theme's: see appendLayout
}

// overlayFS serves a file from the site's theme folder if it has one, else
// from the embedded default theme: a site overrides single files.
type overlayFS struct {
	site fs.FS // nil when the site has no theme folder
	base fs.FS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if o.site != nil {
		f, err := o.site.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.base.Open(name)
}

// files lists the regular files under dir in either layer.
func (o overlayFS) files(dir string) ([]string, error) {
	seen := map[string]bool{}
	for _, l := range []fs.FS{o.base, o.site} {
		if l == nil {
			continue
		}
		err := fs.WalkDir(l, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
				seen[p] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

// loadTheme parses the layouts of the theme at dir (which need not
// exist) over the embedded default.
func loadTheme(dir string) (*themeSet, error) {
	o := overlayFS{base: theme.FS}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		o.site = os.DirFS(dir)
	}
	layouts, err := theme.Parse(o, nil)
	if err != nil {
		return nil, err
	}
	def, err := theme.Parse(theme.FS, nil)
	if err != nil {
		return nil, err
	}
	fast := fastLayouts(layouts, def)
	if err := fastNav(layouts, def); err != nil {
		return nil, err
	}
	for _, k := range []string{KindPage, KindSection, KindHome, Kind404} {
		if layouts[k] == nil {
			return nil, fmt.Errorf("theme: no layout for %s pages (layouts/%s.html)", k, k)
		}
	}
	return &themeSet{fsys: o, layouts: layouts, fast: fast}, nil
}

// writeAssets copies the theme's assets/ to the output's assets/, except
// where the site has a file of its own at that path.
func (t *themeSet) writeAssets(out Output, taken map[string]bool) error {
	names, err := t.fsys.(overlayFS).files("assets")
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	for _, n := range names {
		if taken[n] {
			continue
		}
		data, err := fs.ReadFile(t.fsys, n)
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		if err := out.WriteFile(path.Clean(n), data); err != nil {
			return err
		}
	}
	return nil
}

// fastNav replaces the "nav" partial of each layout set with appendNav,
// which writes the same bytes, when the set's "nav" and "navlink" are the
// default theme's. The sidebar is most of a page's template work: run by
// text/template it is dozens of reflective calls per item, on every page
// (a fifth of a build's CPU time). A theme with a sidebar of its own keeps
// it as written.
func fastNav(layouts, def map[string]*template.Template) error {
	ref := def[KindPage]
	for _, t := range layouts {
		if !sameTree(t, ref, "nav") || !sameTree(t, ref, "navlink") {
			continue
		}
		// Called from anywhere but base.html's sidebar, with anything but
		// .Nav, the partial runs as the theme wrote it.
		slow, err := ref.Lookup("nav").Clone()
		if err != nil {
			return err
		}
		t.Funcs(template.FuncMap{"docsiteNav": func(v any) (template.HTML, error) {
			if items, ok := v.([]NavItem); ok {
				return template.HTML(appendNav(nil, items)), nil
			}
			var b strings.Builder
			err := slow.ExecuteTemplate(&b, "nav", v)
			return template.HTML(b.String()), err
		}})
		if _, err := t.New("nav").Parse(`{{docsiteNav .}}`); err != nil {
			return err
		}
	}
	return nil
}

func sameTree(a, b *template.Template, name string) bool {
	ta, tb := a.Lookup(name), b.Lookup(name)
	return ta != nil && tb != nil && ta.Tree != nil && tb.Tree != nil && treeString(ta.Tree) == treeString(tb.Tree)
}

func treeString(t *parse.Tree) string { return t.Root.String() }

// appendNav appends what the default theme's partials print for items:
//
//	{{define "nav"}}
//	<ul>
//	{{- range .}}
//	<li>{{if .Children}}<details{{if .Open}} open{{end}}><summary>{{template "navlink" .}}</summary>{{template "nav" .Children}}</details>{{else}}{{template "navlink" .}}{{end}}</li>
//	{{- end}}
//	</ul>
//	{{- end}}
//	{{define "navlink"}}<a href="{{.URL}}"{{if .Active}} class="ds-current" aria-current="page"{{end}}>{{.Title}}</a>{{end}}
//
// with html/template's escaping (TestNavMatchesTemplate holds it to that).
func appendNav(b []byte, items []NavItem) []byte {
	b = append(b, "\n<ul>"...)
	for i := range items {
		it := &items[i]
		b = append(b, "\n<li>"...)
		if len(it.Children) > 0 {
			b = append(b, "<details"...)
			if it.Open {
				b = append(b, " open"...)
			}
			b = append(b, "><summary>"...)
			b = appendNavLink(b, it)
			b = append(b, "</summary>"...)
			b = appendNav(b, it.Children)
			b = append(b, "</details>"...)
		} else {
			b = appendNavLink(b, it)
		}
		b = append(b, "</li>"...)
	}
	return append(b, "\n</ul>"...)
}

func appendNavLink(b []byte, it *NavItem) []byte {
	b = append(b, `<a href="`...)
	b = appendAttrURL(b, string(it.URL))
	b = append(b, '"')
	if it.Active {
		b = append(b, ` class="ds-current" aria-current="page"`...)
	}
	b = append(b, '>')
	b = appendHTMLText(b, it.Title)
	return append(b, "</a>"...)
}

// appendHTMLText escapes s as html/template does text and quoted
// attribute values (its htmlEscaper and attrEscaper on a plain string):
// byte by byte, since every character it replaces is ASCII.
func appendHTMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 0:
			b = append(b, "\uFFFD"...)
		case '"':
			b = append(b, "&#34;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '+':
			b = append(b, "&#43;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendAttrURL writes a template.URL into a quoted href as html/template
// does: normalized (its urlNormalizer: bytes outside RFC 3986's reserved
// and unreserved sets, and stray %, percent-encoded), then escaped as an
// attribute value.
func appendAttrURL(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b = append(b, c)
		case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
			b = append(b, c)
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '+':
			b = append(b, "&#43;"...)
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
