package validate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// TestBadInput checks every unreadable-source and misconfiguration path
// against testdata/badinput/want.txt: a Nix syntax error, a git-crypt
// blob, a Caddyfile with an unclosed block, an unknown @placeholder@, a
// glob matching nothing, malformed ignore comments. Each is a warning at
// its position; none stops the check. UPDATE=1 rewrites want.txt.
func TestBadInput(t *testing.T) {
	dir := "testdata/badinput"
	cfg, err := site.Load(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := LoadInventory(cfg)
	src, err := os.ReadFile(filepath.Join(dir, "content/bee.md"))
	if err != nil {
		t.Fatal(err)
	}
	rep := Check(inv.Claims("content/bee.md", src, parseMD(src)), inv, cfg)
	var got bytes.Buffer
	if err := WriteText(&got, rep, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	got.WriteString(Summary(rep)[:len(Summary(rep))-len(rep.Elapsed.Round(1e6).String())] + "…\n")
	golden(t, filepath.Join(dir, "want.txt"), got.Bytes())
	if rep.Sources != 2 || len(rep.Skipped) != 3 {
		t.Errorf("read %d sources, skipped %d; want 2 and 3 (flags.nix, Caddyfile.extra read; broken.nix, secrets.nix, Caddyfile skipped)", rep.Sources, len(rep.Skipped))
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if os.Getenv("UPDATE") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (UPDATE=1 rewrites it):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// TestLinkedSiteRoot: a site folder reached through a symbolic link (a
// checkout linked into place) still has its sources found.
func TestLinkedSiteRoot(t *testing.T) {
	real := t.TempDir()
	for name, body := range map[string]string{
		"site.toml":                "[validate]\nnix = [\"infra/**/*.nix\"]\n",
		"infra/machines/a/web.nix": "{ services.nginx.port = 8080; }\n",
		"content/a.md":             "# a\n\nnginx listens on port 8080.\n",
	} {
		p := filepath.Join(real, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	cfg, err := site.Load(filepath.Join(link, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	inv, ds := LoadInventory(cfg)
	if len(inv.Sources) != 1 || len(ds) != 0 {
		t.Errorf("sources %q, diagnostics %v", inv.Sources, ds)
	}
}
