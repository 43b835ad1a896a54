package site

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadFull(t *testing.T) {
	c, err := Load("testdata/full.toml")
	if err != nil {
		t.Fatal(err)
	}
	root, _ := filepath.Abs("testdata")
	want := &Config{
		File:       filepath.Join(root, "full.toml"),
		Title:      "Homelab runbooks",
		Root:       root,
		Content:    filepath.Join(root, "docs"),
		Output:     filepath.Join(root, "out", "site"),
		Theme:      filepath.Join(root, "theme"),
		Static:     filepath.Join(root, "static"),
		BasePath:   "/runbooks/",
		UnsafeHTML: true,
		IndexLinks: false,
		Serve:      Serve{Bind: "127.0.0.1", Port: 8080},
		Validate: Validate{
			Enabled: true,
			Strict:  true,
			Nix:     []string{"infra/**/*.nix"},
			Caddy:   []string{"infra/templates/Caddyfile*"},
			Ignore:  []string{"192.168.139.245"},
			Aliases: map[string][]string{"mini": {"Mac mini", "Ivans-Mac-mini"}},
			Rules: []Rule{
				{Path: "content/legacy/*.md", Values: []string{}, Reason: "archived page, kept as written"},
				{Path: "content/x.md", Values: []string{"10.0.0.1"}, Reason: "multi-line reason\n"},
			},
		},
	}
	for i := range c.Validate.Rules {
		if !c.Validate.Rules[i].Pos.IsValid() {
			t.Errorf("rule %d has no position", i)
		}
		c.Validate.Rules[i].Pos = want.Validate.Rules[i].Pos
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load:\n got %+v\nwant %+v", c, want)
	}
}

func TestDefault(t *testing.T) {
	dir := t.TempDir()
	c, err := Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" || c.Content != dir || c.Output != filepath.Join(dir, "public") || c.Title != filepath.Base(dir) || !c.IndexLinks {
		t.Errorf("Default(%s) = %+v", dir, c)
	}
	if c.Validate.Nix != nil {
		t.Errorf("no flake.nix, yet nix globs %q", c.Validate.Nix)
	}
	os.Mkdir(filepath.Join(dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(dir, "flake.nix"), []byte("{}"), 0o644)
	c, _ = Find(dir)
	if c.Content != filepath.Join(dir, "docs") || len(c.Validate.Nix) != 1 {
		t.Errorf("with docs/ and flake.nix: %+v", c)
	}
	os.Mkdir(filepath.Join(dir, "content"), 0o755)
	c, _ = Find(dir)
	if c.Content != filepath.Join(dir, "content") {
		t.Errorf("with content/: content = %s", c.Content)
	}
}

// TestErrors loads each file in testdata/bad; its first line says the
// error expected: "# want: line:col: message".
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.toml")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, _ := os.ReadFile(f)
			first, _, _ := strings.Cut(string(src), "\n")
			want, ok := strings.CutPrefix(first, "# want: ")
			if !ok {
				t.Fatal("first line must be # want: …")
			}
			_, err := Load(f)
			if err == nil {
				t.Fatalf("no error, want %s", want)
			}
			if _, ok := err.(*Error); !ok {
				t.Errorf("error is %T, want *site.Error", err)
			}
			if got := err.Error(); got != f+":"+want {
				t.Errorf("got  %s\nwant %s:%s", got, f, want)
			}
		})
	}
}

func TestUnreadable(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "site.toml")); err == nil {
		t.Error("no error for a missing site.toml")
	}
}
