package build

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsite/docsite/theme"
)

// navSets returns the default theme's page layout as the build runs it
// (with fastNav) and as html/template runs it.
func navSets(t testing.TB) (fast, slow *template.Template) {
	t.Helper()
	f, err := theme.Parse(theme.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fastNav(f); err != nil {
		t.Fatal(err)
	}
	s, err := theme.Parse(theme.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f[KindPage], s[KindPage]
}

func execNav(t testing.TB, set *template.Template, items []NavItem) string {
	t.Helper()
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, "nav", items); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestNavMatchesTemplate: the sidebar written by appendNav is byte for
// byte what the theme's nav partial prints, escaping included.
func TestNavMatchesTemplate(t *testing.T) {
	fast, slow := navSets(t)
	odd := []string{
		"", "Plain", `Tom & "Jerry" <b>'x'</b> + 1`, "café ☕", "nul\x00byte", "bad\xffutf8",
		"\ufdd0 \ufffe", "javascript:alert(1)", "../a b/c%20d/%zz/%4/index.html", "./x:y/?q=1&r=2#frag",
		"100%", "a%4", "%41", "(paren)'quote'", "\t\n\r", "[v6]:80/@user;p=1,2*$!~",
	}
	var items []NavItem
	for i, s := range odd {
		it := NavItem{Title: s, URL: template.URL(odd[(i+3)%len(odd)]), Active: i%3 == 0, Open: i%2 == 0}
		if i%4 == 1 {
			it.Children = []NavItem{{Title: s + " child", URL: template.URL(s), Active: true}, {Title: "leaf", URL: "leaf/index.html"}}
			if i%8 == 1 {
				it.Children[1].Children = []NavItem{{Title: "deep", URL: "../../deep/"}}
			}
		}
		items = append(items, it)
	}
	for _, list := range [][]NavItem{nil, {}, items, items[:1], {{Title: "empty children", Children: []NavItem{}}}} {
		if got, want := execNav(t, fast, list), execNav(t, slow, list); got != want {
			t.Errorf("nav differs from the template's:\n got %q\nwant %q", got, want)
		}
	}
	// Anything but .Nav still runs the template.
	other := []map[string]any{{"Title": "map", "URL": "x/"}}
	if got, want := execNav(t, fast, nil), execNav(t, slow, nil); got != want {
		t.Errorf("nil: got %q, want %q", got, want)
	}
	var b1, b2 strings.Builder
	err1 := fast.ExecuteTemplate(&b1, "nav", other)
	err2 := slow.ExecuteTemplate(&b2, "nav", other)
	if b1.String() != b2.String() || (err1 == nil) != (err2 == nil) {
		t.Errorf("nav of maps: got %q (%v), want %q (%v)", b1.String(), err1, b2.String(), err2)
	}
}

// TestNavKeepsThemeSidebar: a theme whose nav partial differs from the
// default keeps its own.
func TestNavKeepsThemeSidebar(t *testing.T) {
	cfg := siteOf(t, "", map[string]string{
		"index.md": "# Home\n",
		"a.md":     "# A\n",
	})
	layout := `{{template "base.html" .}}{{define "nav"}}<ol>{{range .}}<li>{{.Title}}</li>{{end}}</ol>{{end}}`
	if err := os.MkdirAll(filepath.Join(cfg.Theme, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg.Theme, "layouts", "page.html"), []byte(layout), 0o644); err != nil {
		t.Fatal(err)
	}
	out := NewMemOutput()
	if _, err := Build(cfg, Options{Output: out}); err != nil {
		t.Fatal(err)
	}
	html, _ := out.ReadFile("a/index.html")
	if !strings.Contains(string(html), "<ol><li>A</li></ol>") {
		t.Errorf("the theme's own nav partial was not used:\n%s", html)
	}
}

func FuzzNav(f *testing.F) {
	f.Add("Title & co", "../a b/%41%zz", true, false)
	f.Add("x\x00+'\"<>", "javascript:x", false, true)
	fast, slow := navSets(f)
	f.Fuzz(func(t *testing.T, title, url string, active, open bool) {
		items := []NavItem{{Title: title, URL: template.URL(url), Active: active, Open: open,
			Children: []NavItem{{Title: url, URL: template.URL(title), Active: !active}}}}
		if got, want := execNav(t, fast, items), execNav(t, slow, items); got != want {
			t.Errorf("nav differs from the template's:\n got %q\nwant %q", got, want)
		}
	})
}
