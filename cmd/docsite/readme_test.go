package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeFindings keeps the README's example findings true: each is
// what docsite check prints for the repository's own example after the
// change the README describes.
func TestReadmeFindings(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file, from, to string
		line           int
		finding        string // the README line, by its position prefix
	}{
		// "after changing Jellyfin's port in infra/": the mini's Caddy
		{"infra/templates/Caddyfile.mini", "8096", "8097", 16, "content/mini.md:62:21: error:"},
		// "the flake moved Jellyfin, the mini's Caddy did not"
		{"infra/machines/mini-vm/jellyfin.nix", "8096", "8097", 8, "content/mini-vm.md:119:18: error:"},
	}
	for _, c := range cases {
		var want string
		for _, l := range strings.Split(string(readme), "\n") {
			if strings.HasPrefix(l, c.finding) {
				want = l
			}
		}
		if want == "" {
			t.Errorf("README has no finding %q", c.finding)
			continue
		}
		dir := t.TempDir()
		for _, p := range []string{"site.toml", "content", "infra"} {
			src := filepath.Join("../..", p)
			if p == "site.toml" {
				b, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, p), b, 0o644)
				continue
			}
			if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, filepath.FromSlash(c.file))
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		if !strings.Contains(lines[c.line-1], c.from) {
			t.Fatalf("%s:%d does not hold %s any more: %q", c.file, c.line, c.from, lines[c.line-1])
		}
		lines[c.line-1] = strings.Replace(lines[c.line-1], c.from, c.to, 1)
		os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
		t.Setenv("NO_COLOR", "1")
		code, out, errOut := docsite(t, "check", "-config", filepath.Join(dir, "site.toml"))
		if code != 1 || !strings.Contains(out+errOut, want+"\n") {
			t.Errorf("%s %s → %s: exit %d; README's finding\n%s\nnot among:\n%s%s", c.file, c.from, c.to, code, want, out, errOut)
		}
	}
}
