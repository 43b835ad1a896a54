package theme

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
)

// kinds lists the page kinds a theme must provide a layout for.
var kinds = []string{"page", "section", "home", "404"}

// Parse parses layouts/base.html together with each kind's layout
// (layouts/<kind>.html) from fsys and returns one template set per kind,
// keyed by kind. Execute a set by its own name: t.ExecuteTemplate(w, "page.html", data)
// or simply t.Execute(w, data), since the returned template is the kind's file.
//
// fsys is usually FS, or an overlay of a site's theme directory on top of it.
// funcs may be nil.
func Parse(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	base, err := fs.ReadFile(fsys, "layouts/base.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	sets := make(map[string]*template.Template, len(kinds))
	for _, kind := range kinds {
		name := kind + ".html"
		src, err := fs.ReadFile(fsys, path.Join("layouts", name))
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		t := template.New(name)
		if funcs != nil {
			t = t.Funcs(funcs)
		}
		// base.html first, so the kind's {{define "main"}} replaces the
		// default body of base's {{block "main"}}.
		if _, err := t.New("base.html").Parse(string(base)); err != nil {
			return nil, parseError(err)
		}
		if _, err := t.Parse(string(src)); err != nil {
			return nil, parseError(err)
		}
		sets[kind] = t
	}
	return sets, nil
}

// parseError turns "template: page.html:12: …" into "theme: layouts/page.html:12: …",
// a path the user can open.
func parseError(err error) error {
	return fmt.Errorf("theme: layouts/%s", strings.TrimPrefix(err.Error(), "template: "))
}
