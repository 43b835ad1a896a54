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
// full build, while rendering only what the step touched; and the same
// for UpdateFiles, told which files each step touched.
func TestUpdateEqualsBuild(t *testing.T) {
	t.Run("Update", func(t *testing.T) { testUpdate(t, false) })
	t.Run("UpdateFiles", func(t *testing.T) { testUpdate(t, true) })
}

func testUpdate(t *testing.T, hinted bool) {
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
	var touched []string // by the step, for UpdateFiles
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		touched = append(touched, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		tick = tick.Add(time.Second) // a new mtime, however coarse the clock
		os.Chtimes(p, tick, tick)
	}
	remove := func(name string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		touched = append(touched, p)
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		name   string
		edit   func()
		maxRun int32 // pages rendered again, at most (-1: any)
	}{
		{"no change", func() {}, 0},
		// nested.md is linked from ops/_index.md, whose links need no
		// second look while nested.md's anchors stay; bee.md is linked
		// from nested.md (to #caddy) and ops/_index.md.
		{"text of a page", func() { write("content/ops/deep/nested.md", "# Nested page\n\nUp: [bee](../bee.md#caddy). Edited.\n") }, 1},
		{"text of a page others link to", func() {
			write("content/ops/bee.md", "---\ntitle: Bee\ndescription: The bee host.\n---\n\nBack to [mini](../mini.md).\n\n## Caddy\n\nEdited.\n")
		}, 1},
		{"heading others link to", func() {
			write("content/ops/bee.md", "---\ntitle: Bee\ndescription: The bee host.\n---\n\nBack to [mini](../mini.md).\n\n## Caddy server\n")
		}, 3},
		{"title (navigation)", func() {
			write("content/ops/bee.md", "---\ntitle: Bee host\ndescription: The bee host.\n---\n\n## Caddy\n")
		}, -1},
		{"new page", func() { write("content/ops/new.md", "# New\n\n[mini](../mini.md#setup)\n") }, -1},
		{"removed page", func() { remove("content/ops/new.md") }, -1},
		{"static file", func() { write("static/robots.txt", "User-agent: *\nDisallow: /\n") }, 0},
		{"removed image", func() { remove("content/img/diagram.svg") }, -1},
		{"removed folder", func() { remove("content/ops/deep") }, -1},
		{"bad front matter", func() { write("content/mini-vm.md", "---\ntitle: [x]\n---\n") }, -1},
	} {
		hooked.Store(0)
		touched = nil
		step.edit()
		out := NewMemOutput()
		var got *Result
		var err error
		if hinted {
			got, err = b.UpdateFiles(out, touched)
		} else {
			got, err = b.Update(out)
		}
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

// TestUpdateFilesTrustsCaller checks what UpdateFiles takes on trust: a
// file changed but not named is not looked at, one in a named folder is,
// and a symbolic link always is (the watcher names its target).
func TestUpdateFilesTrustsCaller(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/site", dir)
	target := filepath.Join(dir, "notes", "linked.md")
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.WriteFile(target, []byte("# Linked\n\nFirst.\n"), 0o644)
	if err := os.Symlink(target, filepath.Join(dir, "content", "linked.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	cfg := loadSite(t, dir)
	b, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(NewMemOutput()); err != nil {
		t.Fatal(err)
	}
	tick := time.Now()
	write := func(p, content string) {
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		tick = tick.Add(time.Second)
		os.Chtimes(p, tick, tick)
	}
	shows := func(out *MemOutput, file, text string) bool {
		return bytes.Contains(out.Files()[file], []byte(text))
	}
	nested := filepath.Join(dir, "content", "ops", "deep", "nested.md")
	write(nested, "# Nested page\n\nSecond.\n")
	out := NewMemOutput()
	if _, err := b.UpdateFiles(out, nil); err != nil {
		t.Fatal(err)
	}
	if shows(out, "ops/deep/nested/index.html", "Second.") {
		t.Errorf("a change not named was looked at")
	}
	out = NewMemOutput()
	if _, err := b.UpdateFiles(out, []string{filepath.Join(dir, "content", "ops")}); err != nil {
		t.Fatal(err)
	}
	if !shows(out, "ops/deep/nested/index.html", "Second.") {
		t.Errorf("a change in a named folder was not seen")
	}
	write(target, "# Linked\n\nSecond.\n")
	out = NewMemOutput()
	if _, err := b.UpdateFiles(out, []string{target}); err != nil {
		t.Fatal(err)
	}
	if !shows(out, "linked/index.html", "Second.") {
		t.Errorf("a change to a link's target was not seen")
	}
}
