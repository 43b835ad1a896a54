package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// docsite runs the command line in-process.
func docsite(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// writeSite makes a site from name → content pairs in a scratch folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHelp(t *testing.T) {
	code, out, _ := docsite(t, "-h")
	if code != 0 {
		t.Errorf("docsite -h: exit %d", code)
	}
	for _, want := range []string{"build", "version", "help", "-config", "-out", "-force", "-drafts"} {
		if !strings.Contains(out, want) {
			t.Errorf("docsite -h does not mention %s:\n%s", want, out)
		}
	}
	code, out, _ = docsite(t, "build", "-h")
	if code != 0 || !strings.Contains(out, "-force") || !strings.Contains(out, "-out folder") {
		t.Errorf("docsite build -h: exit %d\n%s", code, out)
	}
	if code, out2, _ := docsite(t, "help", "build"); code != 0 || out2 != out {
		t.Errorf("docsite help build: exit %d, differs from build -h", code)
	}
	if code, out, _ := docsite(t, "version"); code != 0 || !strings.HasPrefix(out, "docsite ") {
		t.Errorf("docsite version: exit %d %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"build", "-nope"}, {"build", "extra"}, {"help", "nope"}} {
		if code, _, _ := docsite(t, args...); code != 2 {
			t.Errorf("docsite %q: exit %d, want 2", args, code)
		}
	}
}

func TestBadConfig(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":        "title = \"x\"\n\n[serve]\nprot = 1\n",
		"content/index.md": "# Home\n",
	})
	code, _, errOut := docsite(t, "build", "-config", filepath.Join(dir, "site.toml"))
	if code != 2 || !strings.Contains(errOut, "site.toml:4:1: unknown key serve.prot") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := docsite(t, "build", "-config", filepath.Join(dir, "missing.toml")); code != 2 {
		t.Errorf("missing -config file: exit %d, want 2", code)
	}
}

func TestBuildErrorsKeepOutput(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":        "",
		"content/index.md": "# Home\n\n[mini](mini.md#setup)\n",
		"content/mini.md":  "# Mini\n\n## Setup\n",
	})
	cfg := filepath.Join(dir, "site.toml")
	if code, out, errOut := docsite(t, "build", "-config", cfg); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	index := filepath.Join(dir, "public", "index.html")
	before, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "content", "mini.md"), []byte("# Mini\n\n## Set up\n"), 0o644)
	code, _, errOut := docsite(t, "build", "-config", cfg)
	want := `content/index.md:3:1: error: link target mini.md#setup: no heading "setup" in mini.md (did you mean "set-up")`
	if code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant %s", code, errOut, want)
	}
	if after, _ := os.ReadFile(index); !bytes.Equal(before, after) {
		t.Errorf("a failed build changed public/index.html")
	}
	// The output folder holding a foreign file is refused: exit 2.
	os.WriteFile(filepath.Join(dir, "content", "mini.md"), []byte("# Mini\n\n## Setup\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "public", "notes.txt"), []byte("mine"), 0o644)
	if code, _, errOut := docsite(t, "build", "-config", cfg); code != 2 || !strings.Contains(errOut, "did not write") {
		t.Errorf("foreign file: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := docsite(t, "build", "-config", cfg, "-force", "-q"); code != 0 {
		t.Errorf("-force: exit %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "public", "notes.txt")); string(b) != "mine" {
		t.Errorf("-force lost a foreign file")
	}
	// -out builds elsewhere; the content folder itself is refused.
	if code, _, _ := docsite(t, "build", "-config", cfg, "-out", filepath.Join(dir, "content")); code != 2 {
		t.Errorf("-out content: exit %d, want 2", code)
	}
	if code, _, _ := docsite(t, "build", "-config", cfg, "-out", filepath.Join(dir, "other")); code != 0 {
		t.Errorf("-out other: exit %d", code)
	}
}

// TestBuildValidates: a stale fact fails the build (exit 1) and leaves no
// output; -no-validate builds anyway.
func TestBuildValidates(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":           "[validate]\nnix = [\"infra/*.nix\"]\n",
		"infra/jellyfin.nix":  "{ services.jellyfin = { enable = true; port = 8096; }; }\n",
		"content/index.md":    "# Home\n\nSee [Jellyfin](jellyfin.md).\n",
		"content/jellyfin.md": "# Jellyfin\n\nJellyfin listens on port 8097.\n",
	})
	cfg := filepath.Join(dir, "site.toml")
	code, _, errOut := docsite(t, "build", "-config", cfg)
	if code != 1 || !strings.Contains(errOut, "content/jellyfin.md:3:") || !strings.Contains(errOut, "error") {
		t.Errorf("stale port: exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Errorf("a failed build published public/")
	}
	if code, _, errOut := docsite(t, "build", "-config", cfg, "-no-validate"); code != 0 {
		t.Errorf("-no-validate: exit %d\n%s", code, errOut)
	}
	os.WriteFile(filepath.Join(dir, "content", "jellyfin.md"), []byte("# Jellyfin\n\nJellyfin listens on port 8096.\n"), 0o644)
	if code, _, errOut := docsite(t, "build", "-config", cfg); code != 0 {
		t.Errorf("fixed port: exit %d\n%s", code, errOut)
	}
}

// TestCheckFrontMatter: the title and description are on the page, so
// the facts they state are checked, at their place in the front matter,
// YAML or TOML; a value written with escapes is left alone.
func TestCheckFrontMatter(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":          "[validate]\nnix = [\"infra/*.nix\"]\n",
		"infra/jellyfin.nix": "{ services.jellyfin = { enable = true; port = 8096; }; }\n",
		"content/index.md":   "---\ntitle: Jellyfin on port 8097\ndescription: \"Media: Jellyfin, port 8096.\"\n---\n\nHome.\n",
		"content/toml.md":    "+++\ntitle = \"Jellyfin\"\ndescription = \"Jellyfin listens on port 8098.\"\n+++\n\nText.\n",
		"content/escaped.md": "---\ntitle: \"Jellyfin\\tport 8099\"\n---\n\nText.\n",
	})
	code, out, errOut := docsite(t, "check", "-config", filepath.Join(dir, "site.toml"), "-format", "json", "-all")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	var rep struct {
		Claims []struct {
			File, Value, Verdict string
			Line, Column         int
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range rep.Claims {
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", c.File, c.Line, c.Column, c.Value, c.Verdict))
	}
	slices.Sort(got)
	want := []string{
		"content/index.md:2:25 8097 stale",
		"content/index.md:3:37 8096 verified",
		"content/toml.md:3:41 8098 stale",
	}
	if !slices.Equal(got, want) {
		t.Errorf("claims:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
