package build

import (
	"os"
	"path/filepath"
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
