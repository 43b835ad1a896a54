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
	def, err := theme.Parse(theme.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fastNav(f, def); err != nil {
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

// layoutData returns template data for every page kind with values that
// exercise each branch of the layouts and every escaper.
func layoutData() []*Data {
	odd := []string{"", "Plain", `Tom & "Jerry" <b>'x'</b> + 1`, "café ☕ \x00", "javascript:alert(1)", "../a b/%41%zz?q=1&r=2#f", "100%", "mailto:x@y"}
	var out []*Data
	for i := range 3 * len(odd) {
		s := func(k int) string { return odd[(i+k)%len(odd)] }
		for _, kind := range []string{KindPage, KindSection, KindHome, Kind404} {
			d := &Data{
				Site:  SiteData{Title: s(1)},
				Page:  PageData{Title: s(2), Description: s(3), Kind: kind, Content: template.HTML(s(4)), Source: s(5)},
				Root:  []string{"", "../", "../../", s(6), "javascript:x", "/docs/a b+c&d'/"}[i%6],
				Nav:   []NavItem{{Title: s(7), URL: template.URL(s(0)), Active: i%2 == 0}},
				Serve: i%3 == 0,
			}
			if i%2 == 0 {
				d.Page.TOC = []TOCEntry{{Level: 2, ID: s(1), Title: s(2)}, {Level: 3, ID: "ports-&-paths", Title: s(3)}}
			}
			if i%3 != 1 {
				d.Prev = &NavLink{Title: s(4), URL: template.URL(s(5))}
			}
			if i%4 != 2 {
				d.Next = &NavLink{Title: s(6), URL: template.URL(s(7))}
			}
			if i%5 != 0 {
				secs := []string{"", "", "Ops", "Ops", "", "Media", s(2)}
				for j, sec := range secs[:i%len(secs)+1] {
					d.Pages = append(d.Pages, PageLink{Title: s(j), URL: template.URL(s(j + 1)), Description: s(j + 2), Section: sec})
				}
			}
			out = append(out, d)
		}
	}
	return out
}

// TestLayoutsMatchTemplates: appendLayout writes, byte for byte, what the
// default theme's templates print.
func TestLayoutsMatchTemplates(t *testing.T) {
	def, err := theme.Parse(theme.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range layoutData() {
		var want strings.Builder
		if err := def[d.Page.Kind].Execute(&want, d); err != nil {
			t.Fatal(err)
		}
		if got := string(appendLayout(nil, d)); got != want.String() {
			t.Fatalf("case %d (%s): layout differs from the template's:\n%s", i, d.Page.Kind, lineDiff(want.String(), got))
		}
	}
}

// TestDefaultThemeIsFast: every kind of the default theme takes the Go
// path. A change to the theme's templates must be made in layout.go too
// (TestLayoutsMatchTemplates then holds them together).
func TestDefaultThemeIsFast(t *testing.T) {
	th, err := loadTheme(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{KindPage, KindSection, KindHome, Kind404} {
		if !th.fast[k] {
			t.Errorf("%s pages of the default theme are rendered by html/template, not appendLayout", k)
		}
	}
}

func FuzzLayout(f *testing.F) {
	f.Add("javascript:x", "ports & paths", "T+1", "<p>x</p>", 1)
	f.Add("/a b/%4", "%zz#?", "", "", 2)
	def, err := theme.Parse(theme.FS, nil)
	if err != nil {
		f.Fatal(err)
	}
	kinds := []string{KindPage, KindSection, KindHome, Kind404}
	f.Fuzz(func(t *testing.T, root, id, title, content string, k int) {
		d := &Data{
			Site: SiteData{Title: title},
			Page: PageData{Title: title, Description: id, Kind: kinds[(k%4+4)%4], Content: template.HTML(content), Source: root,
				TOC: []TOCEntry{{Level: k, ID: id, Title: title}}},
			Root:  root,
			Nav:   []NavItem{{Title: title, URL: template.URL(root)}},
			Prev:  &NavLink{Title: id, URL: template.URL(id)},
			Pages: []PageLink{{Title: title, URL: template.URL(id), Section: title}, {Title: id, Description: title}},
		}
		var want strings.Builder
		if err := def[d.Page.Kind].Execute(&want, d); err != nil {
			t.Fatal(err)
		}
		if got := string(appendLayout(nil, d)); got != want.String() {
			t.Fatalf("layout differs from the template's:\n%s", lineDiff(want.String(), got))
		}
	})
}
