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

	"github.com/docsite/docsite/theme"
)

// themeSet is a parsed theme: a layout per page kind and the assets to
// copy, read from the site's theme folder over the embedded default.
type themeSet struct {
	fsys    fs.FS
	layouts map[string]*template.Template
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
	for _, k := range []string{KindPage, KindSection, KindHome, Kind404} {
		if layouts[k] == nil {
			return nil, fmt.Errorf("theme: no layout for %s pages (layouts/%s.html)", k, k)
		}
	}
	return &themeSet{fsys: o, layouts: layouts}, nil
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
