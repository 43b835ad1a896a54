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
