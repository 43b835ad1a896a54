package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestCheckOnly builds each fixture site twice, in full and CheckOnly,
// and wants the same findings and the same pages handed to PageHook, with
// the same source: docsite check reports what docsite build does.
func TestCheckOnly(t *testing.T) {
	for _, fixture := range []string{"errors", "site", "golden"} {
		t.Run(fixture, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, filepath.Join("testdata", fixture), dir)
			if fixture == "errors" { // as in TestErrors
				if err := os.Symlink("nowhere.md", filepath.Join(dir, "content", "unreadable.md")); err != nil {
					t.Fatal(err)
				}
			}
			for _, drafts := range []bool{false, true} {
				full, fullHooked := buildHooked(t, dir, Options{Output: NewMemOutput(), Drafts: drafts})
				check, checkHooked := buildHooked(t, dir, Options{CheckOnly: true, Drafts: drafts})
				if !slices.Equal(full.Diags, check.Diags) {
					t.Errorf("drafts=%v: diagnostics differ\nfull:\n%v\ncheck only:\n%v", drafts, full.Diags, check.Diags)
				}
				if len(full.Diags) == 0 && fixture == "errors" {
					t.Errorf("drafts=%v: no diagnostics from the errors fixture", drafts)
				}
				if !slices.Equal(fullHooked, checkHooked) {
					t.Errorf("drafts=%v: PageHook saw\n%q\nin a full build, and\n%q\nin a CheckOnly one", drafts, fullHooked, checkHooked)
				}
				if len(check.Files) != 0 {
					t.Errorf("drafts=%v: CheckOnly build lists files %v", drafts, check.Files)
				}
			}
			// Nothing was written next to the site, not even a staging folder.
			cfg := loadSite(t, dir)
			if _, err := os.Stat(cfg.Output); err == nil {
				t.Errorf("CheckOnly build made %s", cfg.Output)
			}
			if m, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg.Output), ".*docsite*")); len(m) > 0 {
				t.Errorf("CheckOnly build left %v", m)
			}
		})
	}
}

// buildHooked builds the site in dir and returns the result and, sorted,
// "source: body" for every page PageHook was called with.
func buildHooked(t *testing.T, dir string, opts Options) (*Result, []string) {
	t.Helper()
	var mu sync.Mutex
	var hooked []string
	opts.PageHook = func(p *Page, src []byte, doc ast.Node) {
		mu.Lock()
		hooked = append(hooked, p.Source+": "+string(src))
		mu.Unlock()
	}
	res, err := Build(loadSite(t, dir), opts)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(hooked)
	return res, hooked
}

// TestMetaNodes: PageHook finds the title and description first in the
// AST, as Meta blocks over their text in the page, and the site a hooked
// build writes is byte for byte the one an unhooked build writes.
func TestMetaNodes(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"site.toml":        "title = \"T\"\n",
		"content/a.md":     "---\ntitle: Jellyfin on port 8096\ndescription: 'Media on the mini.'\n---\n\n# Jellyfin on port 8096\n\nText.\n",
		"content/b.md":     "+++\ntitle = \"B\"\n+++\n",
		"content/c.md":     "No front matter.\n",
		"content/e.md":     "---\ntitle: e\n---\n", // found after the key, not in it
		"content/ops/d.md": "---\ndescription: Backups at 03:00\n---\n\n- one\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	var mu sync.Mutex
	metas := map[string][]string{}
	hooked := Options{Output: NewMemOutput(), PageHook: func(p *Page, src []byte, doc ast.Node) {
		for c := doc.FirstChild(); c != nil && c.Kind() == KindMeta; c = c.NextSibling() {
			seg := c.FirstChild().(*ast.Text).Segment
			mu.Lock()
			metas[p.Source] = append(metas[p.Source], fmt.Sprintf("%d %s", seg.Start, seg.Value(src)))
			mu.Unlock()
		}
	}}
	plain := Options{Output: NewMemOutput()}
	for _, o := range []Options{hooked, plain} {
		if _, err := Build(loadSite(t, dir), o); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]string{
		"content/a.md":     {"11 Jellyfin on port 8096", "47 Media on the mini."},
		"content/b.md":     {"13 B"},
		"content/e.md":     {"11 e"},
		"content/ops/d.md": {"17 Backups at 03:00"},
	}
	if !reflect.DeepEqual(metas, want) {
		t.Errorf("Meta nodes %q, want %q", metas, want)
	}
	hf, pf := hooked.Output.(*MemOutput).Files(), plain.Output.(*MemOutput).Files()
	if len(hf) != len(pf) {
		t.Errorf("hooked build wrote %d files, plain %d", len(hf), len(pf))
	}
	for name, data := range pf {
		if !bytes.Equal(hf[name], data) {
			t.Errorf("%s differs between the hooked and the plain build", name)
		}
	}
}
