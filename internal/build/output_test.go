package build

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// newSite makes a small site in a scratch folder.
func newSite(t *testing.T) *site.Config {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "testdata/site", dir)
	return loadSite(t, dir)
}

func TestRefuseOutput(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  func(cfg *site.Config) string
		want string
	}{
		{"content", func(c *site.Config) string { return c.Content }, "it is the content folder"},
		{"root", func(c *site.Config) string { return c.Root }, "it is the site root"},
		{"ancestor", func(c *site.Config) string { return filepath.Dir(c.Root) }, "it holds the site root"},
		{"static", func(c *site.Config) string { return c.Static }, "it is the static folder"},
		{"inside static", func(c *site.Config) string { return filepath.Join(c.Static, "out") }, "it is inside the static folder"},
		{"a file", func(c *site.Config) string { return filepath.Join(c.Root, "site.toml") }, "it is not a folder"},
		{"foreign files", func(c *site.Config) string { return filepath.Join(c.Root, "infra") }, "holds 1 file(s) docsite did not write (jellyfin.nix)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := newSite(t)
			cfg.Output = tc.out(cfg)
			before := snapshot(t, cfg.Root)
			_, err := Build(cfg, Options{})
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Build into %s: err = %v, want a ConfigError containing %q", cfg.Output, err, tc.want)
			}
			if after := snapshot(t, cfg.Root); !equalSnapshots(before, after) {
				t.Errorf("a refused build changed the site folder")
			}
		})
	}
}

func TestForceKeepsForeignFiles(t *testing.T) {
	cfg := newSite(t)
	os.MkdirAll(cfg.Output, 0o755)
	foreign := filepath.Join(cfg.Output, "CNAME")
	os.WriteFile(foreign, []byte("docs.example.com\n"), 0o644)
	if _, err := Build(cfg, Options{}); err == nil {
		t.Fatal("built into a folder with a foreign file without -force")
	}
	for range 2 { // the second build replaces a site that has a manifest
		res := mustPublish(t, cfg, Options{Force: true})
		if res.Diags.HasErrors() {
			t.Fatal(res.Diags)
		}
		if b, err := os.ReadFile(foreign); err != nil || string(b) != "docs.example.com\n" {
			t.Fatalf("foreign file after build: %q, %v", b, err)
		}
		manifest, _ := os.ReadFile(filepath.Join(cfg.Output, ManifestName))
		if strings.Contains(string(manifest), "CNAME") {
			t.Errorf("manifest lists the foreign file")
		}
	}
	// A page that would overwrite the foreign file is an error, not a loss.
	os.WriteFile(filepath.Join(cfg.Output, "robots.txt.bak"), nil, 0o644)
	os.WriteFile(filepath.Join(cfg.Static, "CNAME"), []byte("other\n"), 0o644)
	if _, err := Build(cfg, Options{Force: true}); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Errorf("overwrote a foreign file: err = %v", err)
	}
	if b, _ := os.ReadFile(foreign); string(b) != "docs.example.com\n" {
		t.Errorf("foreign file changed to %q", b)
	}
	assertNoLeftovers(t, cfg)
}

func TestRebuildRemovesOnlyOwnFiles(t *testing.T) {
	cfg := newSite(t)
	mustPublish(t, cfg, Options{})
	os.Remove(filepath.Join(cfg.Content, "ops", "deep", "nested.md"))
	os.WriteFile(filepath.Join(cfg.Content, "ops", "_index.md"), []byte("# Ops\n\nNo links now.\n"), 0o644)
	res := mustPublish(t, cfg, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	if _, err := os.Stat(filepath.Join(cfg.Output, "ops/deep/nested/index.html")); err == nil {
		t.Errorf("the removed page's output is still there")
	}
	manifest, _ := os.ReadFile(filepath.Join(cfg.Output, ManifestName))
	lines := strings.Split(strings.TrimSpace(string(manifest)), "\n")[1:]
	if len(lines) != len(res.Files) {
		t.Errorf("manifest lists %d files, the build wrote %d", len(lines), len(res.Files))
	}
	for _, f := range res.Files {
		if _, err := os.Stat(filepath.Join(cfg.Output, f)); err != nil {
			t.Errorf("manifest file %s: %v", f, err)
		}
	}
	assertNoLeftovers(t, cfg)
}

// TestFailedBuildKeepsOutput: a build with errors, discarded, leaves the
// previous site byte for byte; so does a build that fails outright.
func TestFailedBuildKeepsOutput(t *testing.T) {
	cfg := newSite(t)
	mustPublish(t, cfg, Options{})
	before := snapshot(t, cfg.Output)
	os.WriteFile(filepath.Join(cfg.Content, "mini.md"), []byte("# Mini\n\n[broken](nope.md)\n"), 0o644)
	res, err := Build(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Diags.HasErrors() {
		t.Fatal("no error for a broken link")
	}
	if err := res.Discard(); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, cfg.Output); !equalSnapshots(before, after) {
		t.Errorf("a discarded build changed the output")
	}
	// A theme that does not parse stops the build before it starts.
	os.MkdirAll(filepath.Join(cfg.Theme, "layouts"), 0o755)
	os.WriteFile(filepath.Join(cfg.Theme, "layouts", "page.html"), []byte("{{.Oops"), 0o644)
	if _, err := Build(cfg, Options{}); err == nil {
		t.Fatal("no error for a broken theme")
	}
	if after := snapshot(t, cfg.Output); !equalSnapshots(before, after) {
		t.Errorf("a failed build changed the output")
	}
	assertNoLeftovers(t, cfg)
}

// assertNoLeftovers checks that no staging or old folder is left next to
// the output.
func assertNoLeftovers(t *testing.T, cfg *site.Config) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(cfg.Output))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".docsite-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// snapshot maps every file under dir to its content and mode.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if fi.IsDir() {
			m[rel+"/"] = fi.Mode().String()
			return nil
		}
		b, _ := os.ReadFile(p)
		m[rel] = fi.Mode().String() + " " + string(b)
		return nil
	})
	return m
}

func equalSnapshots(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A symbolic link in the content folder to a file outside the site (a
// stray link to ~/.ssh/id_ed25519, say) is reported and never published;
// a link to a file inside the site is published as usual.
func TestSymlinkOutsideSiteNotPublished(t *testing.T) {
	cfg := newSite(t)
	secret := filepath.Join(t.TempDir(), "id_ed25519")
	os.WriteFile(secret, []byte("PRIVATE KEY\n"), 0o600)
	if err := os.Symlink(secret, filepath.Join(cfg.Content, "key.txt")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.WriteFile(filepath.Join(cfg.Root, "notes.txt"), []byte("inside\n"), 0o644)
	os.Symlink(filepath.Join(cfg.Root, "notes.txt"), filepath.Join(cfg.Content, "notes.txt"))

	res := mustPublish(t, cfg, Options{})
	if _, err := os.Stat(filepath.Join(cfg.Output, "key.txt")); !os.IsNotExist(err) {
		t.Errorf("key.txt published (stat err %v)", err)
	}
	if data, err := os.ReadFile(filepath.Join(cfg.Output, "notes.txt")); err != nil || string(data) != "inside\n" {
		t.Errorf("notes.txt (inside the site) = %q, %v", data, err)
	}
	found := false
	for _, d := range res.Diags {
		found = found || d.Rule == "outside-site" && strings.HasSuffix(d.Pos.File, "key.txt")
	}
	if !found {
		t.Errorf("no outside-site warning for key.txt in %v", res.Diags)
	}
}
