package build

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
)

// TestUpdateEqualsBuild edits a site step by step and checks after each
// step that Builder.Update gives exactly the files and diagnostics of a
// full build, while rendering only what the step touched.
func TestUpdateEqualsBuild(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/site", dir)
	cfg := loadSite(t, dir)
	var hooked atomic.Int32
	b, err := New(cfg, Options{PageHook: func(*Page, []byte, ast.Node) { hooked.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(NewMemOutput()); err != nil {
		t.Fatal(err)
	}
	tick := time.Now()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		tick = tick.Add(time.Second) // a new mtime, however coarse the clock
		os.Chtimes(p, tick, tick)
	}
	for _, step := range []struct {
		name   string
		edit   func()
		maxRun int32 // pages rendered again, at most (-1: any)
	}{
		{"no change", func() {}, 0},
		// nested.md is linked from ops/_index.md, whose links are checked
		// again; bee.md also from nested.md.
		{"text of a page", func() { write("content/ops/deep/nested.md", "# Nested page\n\nUp: [bee](../bee.md#caddy). Edited.\n") }, 2},
		{"heading others link to", func() {
			write("content/ops/bee.md", "---\ntitle: Bee\ndescription: The bee host.\n---\n\nBack to [mini](../mini.md).\n\n## Caddy server\n")
		}, 3},
		{"title (navigation)", func() {
			write("content/ops/bee.md", "---\ntitle: Bee host\ndescription: The bee host.\n---\n\n## Caddy\n")
		}, -1},
		{"new page", func() { write("content/ops/new.md", "# New\n\n[mini](../mini.md#setup)\n") }, -1},
		{"removed page", func() { os.Remove(filepath.Join(dir, "content/ops/new.md")) }, -1},
		{"static file", func() { write("static/robots.txt", "User-agent: *\nDisallow: /\n") }, 0},
		{"removed image", func() { os.Remove(filepath.Join(dir, "content/img/diagram.svg")) }, -1},
		{"bad front matter", func() { write("content/mini-vm.md", "---\ntitle: [x]\n---\n") }, -1},
	} {
		hooked.Store(0)
		step.edit()
		out := NewMemOutput()
		got, err := b.Update(out)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if step.maxRun >= 0 && hooked.Load() > step.maxRun {
			t.Errorf("%s: rendered %d pages again, want at most %d", step.name, hooked.Load(), step.maxRun)
		}
		fullOut := NewMemOutput()
		want, err := Build(cfg, Options{Output: fullOut})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Files, want.Files) {
			t.Errorf("%s: files\n got %q\nwant %q", step.name, got.Files, want.Files)
		}
		if g, w := diagStrings(got), diagStrings(want); !slices.Equal(g, w) {
			t.Errorf("%s: diagnostics\n got %q\nwant %q", step.name, g, w)
		}
		gf, wf := out.Files(), fullOut.Files()
		if len(gf) != len(wf) {
			t.Errorf("%s: %d files in memory, want %d", step.name, len(gf), len(wf))
		}
		for name, data := range wf {
			if !bytes.Equal(gf[name], data) {
				t.Errorf("%s: %s differs from a full build's:\n%s", step.name, name, lineDiff(string(data), string(gf[name])))
			}
		}
	}
}

func diagStrings(r *Result) []string {
	var s []string
	for _, d := range r.Diags {
		s = append(s, d.String())
	}
	return s
}
