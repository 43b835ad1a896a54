package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

func TestChromaCSS(t *testing.T) {
	css := string(ChromaCSS())
	for _, want := range []string{
		".chroma .gp {",                               // light, by default
		"@media (prefers-color-scheme: dark)",         // dark when the system prefers it…
		":root:not([data-theme=light]) .chroma .gp {", // …unless switched to light
		":root[data-theme=dark] .chroma .gp {",        // and when switched to dark
	} {
		if !strings.Contains(css, want) {
			t.Errorf("chroma.css lacks %q", want)
		}
	}
}

// siteOf writes pages into a scratch site and returns its config.
func siteOf(t *testing.T, toml string, pages map[string]string) *site.Config {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(toml), 0o644)
	for name, src := range pages {
		p := filepath.Join(dir, "content", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(src), 0o644)
	}
	return loadSite(t, dir)
}

func TestUnsafeHTML(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		cfg := siteOf(t, fmt.Sprintf("unsafe_html = %v\n", unsafe), map[string]string{"index.md": "<kbd>Ctrl</kbd>\n"})
		out := NewMemOutput()
		if _, err := Build(cfg, Options{Output: out}); err != nil {
			t.Fatal(err)
		}
		html, _ := out.ReadFile("index.html")
		if got := strings.Contains(string(html), "<kbd>Ctrl</kbd>"); got != unsafe {
			t.Errorf("unsafe_html = %v: raw HTML passed through: %v", unsafe, got)
		}
	}
}

// TestNavIsNotQuadratic: in a folder of many pages, each page's sidebar
// lists a window around it, not every page.
func TestNavIsNotQuadratic(t *testing.T) {
	pages := map[string]string{"index.md": "# Home\n"}
	for i := range 300 {
		pages[fmt.Sprintf("big/p%03d.md", i)] = fmt.Sprintf("# Page %03d\n", i)
	}
	pages["small/a.md"] = "# A\n"
	cfg := siteOf(t, "", pages)
	out := NewMemOutput()
	res, err := Build(cfg, Options{Output: out})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	html, _ := out.ReadFile("big/p150/index.html")
	s := string(html)
	if n := strings.Count(s, `href="../../big/p`); n > 2*navWindow+10 {
		t.Errorf("page 150 links %d sibling pages", n)
	}
	for _, want := range []string{"… 130 more", "… 129 more", "Page 150", "Page 130", "Page 170"} {
		if !strings.Contains(s, want) {
			t.Errorf("sidebar of page 150 lacks %q", want)
		}
	}
	// The small section is collapsed: its page is not listed.
	if strings.Contains(s, "small/a/") {
		t.Errorf("a closed section lists its pages")
	}
	// Every page is still reachable: the section page lists them all.
	idx, _ := out.ReadFile("big/index.html")
	_, list, _ := strings.Cut(string(idx), "ds-list-title")
	list, _, _ = strings.Cut(list, "</ul>")
	if n := strings.Count(list, `href="../big/p`); n != 300 {
		t.Errorf("section page links %d pages, want 300", n)
	}
}

// TestThemeOverride: a site's theme/ folder overrides single files of the
// embedded theme; the others still come from it.
func TestThemeOverride(t *testing.T) {
	cfg := siteOf(t, "", map[string]string{"index.md": "# Home\n\nText.\n"})
	os.MkdirAll(filepath.Join(cfg.Theme, "assets"), 0o755)
	os.MkdirAll(filepath.Join(cfg.Theme, "layouts"), 0o755)
	os.WriteFile(filepath.Join(cfg.Theme, "assets", "style.css"), []byte("/* mine */\n"), 0o644)
	os.WriteFile(filepath.Join(cfg.Theme, "assets", "extra.js"), []byte("// extra\n"), 0o644)
	os.WriteFile(filepath.Join(cfg.Theme, "layouts", "home.html"), []byte(`{{template "base.html" .}}{{define "main"}}<p id="mine">{{.Site.Title}}</p>{{.Page.Content}}{{end}}`), 0o644)
	out := NewMemOutput()
	res, err := Build(cfg, Options{Output: out})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	if css, _ := out.ReadFile("assets/style.css"); string(css) != "/* mine */\n" {
		t.Errorf("style.css not overridden: %.40q", css)
	}
	if _, ok := out.ReadFile("assets/extra.js"); !ok {
		t.Errorf("a theme file the default theme lacks is not copied")
	}
	if js, _ := out.ReadFile("assets/docsite.js"); len(js) == 0 {
		t.Errorf("docsite.js from the default theme is missing")
	}
	home, _ := out.ReadFile("index.html")
	if !strings.Contains(string(home), `<p id="mine">`) || !strings.Contains(string(home), "ds-sidebar") {
		t.Errorf("home layout not overridden, or base.html not kept:\n%.300s", home)
	}
}

// TestLinkedContent: a content folder that is a symbolic link (content →
// docs elsewhere) is built through the link.
func TestLinkedContent(t *testing.T) {
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "index.md"), []byte("# Home\n\nSee [a](a.md).\n"), 0o644)
	os.WriteFile(filepath.Join(docs, "a.md"), []byte("# A\n"), 0o644)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"t\"\n"), 0o644)
	if err := os.Symlink(docs, filepath.Join(dir, "content")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	out := NewMemOutput()
	if _, err := Build(loadSite(t, dir), Options{Output: out}); err != nil {
		t.Fatal(err)
	}
	if _, ok := out.ReadFile("a/index.html"); !ok {
		t.Errorf("a.md behind the linked content folder was not built")
	}
}
