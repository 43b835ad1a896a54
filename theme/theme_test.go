package theme

import (
	"bytes"
	"encoding/json"
	"flag"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var preview = flag.String("preview", "", "also write the sample site rendered by TestRender into this `dir` (for screenshots)")

// The template data, shaped like internal/build's but built from maps so the
// theme's tests do not depend on the build package.
type navItem = map[string]any

func sample(kind, root string, serve bool, content template.HTML) map[string]any {
	nav := []navItem{
		{"Title": "Mac mini", "URL": root + "mini/", "Active": false, "Open": false, "Children": nil},
		{"Title": "Media", "URL": root + "media/", "Active": false, "Open": kind == "page", "Children": []navItem{
			{"Title": "Jellyfin on mini-vm", "URL": root + "media/jellyfin/", "Active": kind == "page", "Open": false, "Children": nil},
			{"Title": "Synapse", "URL": root + "media/synapse/", "Active": false, "Open": false, "Children": nil},
		}},
		{"Title": "Network", "URL": root + "network/", "Active": false, "Open": false, "Children": []navItem{
			{"Title": "Caddy", "URL": root + "network/caddy/", "Active": false, "Open": false, "Children": nil},
		}},
	}
	pages := []map[string]any{
		{"Title": "Mac mini", "URL": root + "mini/", "Description": "The nix-darwin host: OrbStack, Caddy, backups.", "Section": ""},
		{"Title": "Jellyfin on mini-vm", "URL": root + "media/jellyfin/", "Description": "Media server in the OrbStack VM, port 8096.", "Section": "Media"},
		{"Title": "Synapse", "URL": root + "media/synapse/", "Description": "Matrix homeserver behind Caddy.", "Section": "Media"},
		{"Title": "Caddy", "URL": root + "network/caddy/", "Description": "Reverse proxy and internal CA for *.home.arpa.", "Section": "Network"},
	}
	page := map[string]any{
		"Title": "Jellyfin on mini-vm", "Description": "Media server in the OrbStack VM, reachable on the LAN.",
		"Kind": kind, "Content": content, "Source": "content/media/jellyfin.md",
		"TOC": []map[string]any{
			{"Level": 2, "ID": "check-the-service", "Title": "Check the service"},
			{"Level": 3, "ID": "ports", "Title": "Ports"},
			{"Level": 2, "ID": "configuration", "Title": "Configuration"},
			{"Level": 3, "ID": "checklist", "Title": "Checklist"},
		},
	}
	d := map[string]any{
		"Site": map[string]any{"Title": "Homelab runbooks"}, "Page": page, "Root": root, "Nav": nav,
		"Prev":  map[string]any{"Title": "Mac mini", "URL": root + "mini/"},
		"Next":  map[string]any{"Title": "Synapse", "URL": root + "media/synapse/"},
		"Pages": []map[string]any(nil), "Serve": serve,
	}
	switch kind {
	case "home":
		page["Title"], page["Description"], page["Source"], page["TOC"] = "", "", "content/_index.md", nil
		page["Content"] = template.HTML("<p>Runbooks for the homelab: one Nix flake, two machines, a handful of services.</p>")
		d["Prev"], d["Next"], d["Pages"] = nil, nil, pages
	case "section":
		page["Title"], page["Description"], page["TOC"], page["Content"] = "Media", "Everything that serves video and chat.", nil, template.HTML("")
		d["Pages"] = pages[1:3]
	case "404":
		page["Title"], page["Description"], page["Source"], page["TOC"], page["Content"] = "", "", "", nil, template.HTML("")
		d["Prev"], d["Next"] = nil, nil
	}
	return d
}

func TestParse(t *testing.T) {
	sets, err := Parse(FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		for _, serve := range []bool{false, true} {
			var b bytes.Buffer
			if err := sets[kind].Execute(&b, sample(kind, "../../", serve, "<p>body</p>")); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			out := b.String()
			for _, want := range []string{`href="../../assets/style.css"`, `src="../../assets/docsite.js"`, `data-root="../../"`, `<main id="ds-main"`} {
				if !strings.Contains(out, want) {
					t.Errorf("%s: output lacks %s", kind, want)
				}
			}
			// No flash of the wrong palette: the stored choice is applied by
			// an inline script before the stylesheet and the body.
			if i, j := strings.Index(out, `localStorage.getItem("docsite-theme")`), strings.Index(out, "assets/style.css"); i < 0 || i > j {
				t.Errorf("%s: theme script missing or after the stylesheet", kind)
			}
			if got := strings.Contains(out, "__docsite/live.js"); got != serve {
				t.Errorf("%s: live.js included = %v, want %v (Serve=%v)", kind, got, serve, serve)
			}
			if strings.Contains(out, "<no value>") || strings.Contains(out, "ZgotmplZ") {
				t.Errorf("%s: unfilled or unsafe value in output:\n%s", kind, out)
			}
		}
	}
}

func TestParseError(t *testing.T) {
	fsys := overlay{FS, map[string]string{"layouts/page.html": "{{template \"base.html\" .}}\n{{define \"main\"}}{{if}}{{end}}"}}
	_, err := Parse(fsys, nil)
	if err == nil || !strings.Contains(err.Error(), "layouts/page.html:2:") {
		t.Fatalf("err = %v, want one naming layouts/page.html:2", err)
	}
}

// overlay replaces some files of an fs.FS, like a site's theme/ directory does.
type overlay struct {
	fs.FS
	files map[string]string
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	if s, ok := o.files[name]; ok {
		return []byte(s), nil
	}
	return fs.ReadFile(o.FS, name)
}

func (o overlay) Open(name string) (fs.File, error) { return o.FS.Open(name) }

// Assets must work with no internet access: no absolute or protocol-relative URLs.
var externalURL = regexp.MustCompile(`https?://|["'(=]\s*//[\w.-]`)

func TestAssetsOffline(t *testing.T) {
	for _, name := range []string{"assets/style.css", "assets/docsite.js"} {
		if _, err := fs.Stat(FS, name); err != nil {
			t.Errorf("missing %s", name)
		}
	}
	err := fs.WalkDir(FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := externalURL.FindString(line); m != "" {
				t.Errorf("%s:%d: external URL %q", name, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeSite renders the sample site into dir: index.html, media/index.html,
// media/jellyfin/index.html, 404.html, the assets and a search index.
func writeSite(t *testing.T, dir string) {
	t.Helper()
	sets, err := Parse(FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile("testdata/runbook.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ kind, path, root string }{
		{"home", "index.html", ""},
		{"section", "media/index.html", "../"},
		{"page", "media/jellyfin/index.html", "../../"},
		{"404", "404.html", ""},
	} {
		var b bytes.Buffer
		if err := sets[p.kind].Execute(&b, sample(p.kind, p.root, false, template.HTML(body))); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, p.path), b.Bytes())
	}
	err = fs.WalkDir(FS, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS, name)
		if err == nil {
			write(t, filepath.Join(dir, name), b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	chroma, err := os.ReadFile("testdata/chroma.css")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "assets/chroma.css"), chroma)
	write(t, filepath.Join(dir, "search-index.js"), []byte(`window.DOCSITE_SEARCH = [
{t: "Mac mini", u: "mini/", h: ["Network", "Backups"], x: "The nix-darwin host runs OrbStack and Caddy. Jellyfin is proxied from here."},
{t: "Jellyfin on mini-vm", u: "media/jellyfin/", h: ["Check the service", "Ports"], x: "Jellyfin runs as a native service on the Mac mini VM, port 8096."},
{t: "Caddy", u: "network/caddy/", h: ["Jellyfin proxy", "Internal CA"], x: "Reverse proxy for media.home.arpa."}
];`))
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	if *preview != "" {
		dir = *preview
	}
	writeSite(t, dir)
}

// chromium finds a headless-capable Chromium, or skips the test (fails under CI).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found; it is required when CI=true")
	}
	t.Skip("chromium not found; skipping browser test")
	return ""
}

// headless runs chromium on url and returns the DOM after scripts ran.
func headless(t *testing.T, bin, url string, extra ...string) string {
	t.Helper()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=5000", "--dump-dom",
	}, extra...)
	out, err := exec.Command(bin, append(args, url)...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return string(out)
}

var probeRE = regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`)

// TestBrowser loads the rendered sample runbook from file:// in headless
// Chromium with testdata/probe.js, which drives the copy buttons, theme
// toggle, and search UI and reports what it saw.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	writeSite(t, dir)
	page := filepath.Join(dir, "media/jellyfin/index.html")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	probe, err := os.ReadFile("testdata/probe.js")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "probe.js"), probe)
	b = bytes.Replace(b, []byte("</body>"), []byte(`<script src="../../probe.js" defer></script></body>`), 1)
	write(t, page, b)

	// The same page from file:// and from a web server under a path prefix,
	// as on a LAN: only file:// rewrites "dir/" links to "dir/index.html".
	srv := httptest.NewServer(http.StripPrefix("/docs/", http.FileServer(http.Dir(dir))))
	t.Cleanup(srv.Close) // not defer: the parallel subtests outlive this function body
	for _, c := range []struct{ name, url, index string }{
		{"file", "file://" + filepath.ToSlash(page), "index.html"},
		{"http", srv.URL + "/docs/media/jellyfin/", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			probeBrowser(t, bin, c.url, c.index)
		})
	}
}

// probeBrowser loads url (a page carrying testdata/probe.js) and compares
// the probe's report with what the sample page should do. index is what
// links to folders get appended ("index.html" on file://).
func probeBrowser(t *testing.T, bin, url, index string) {
	dom := headless(t, bin, url)
	m := probeRE.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("probe wrote no result; DOM:\n%s", dom)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &got); err != nil {
		t.Fatalf("probe result: %v\n%s", err, m[1])
	}
	want := map[string]any{
		"consoleCopy":       "ssh admin@192.168.1.20\nsystemctl status jellyfin\ncurl -sI http://mini:8096/health \\\n  -H 'Accept: text/plain'",
		"continuationCopy":  "nix build .#mini \\\n    --print-build-logs",
		"plainCopy":         "media.home.arpa {\n\treverse_proxy 192.168.1.20:8096\n}",
		"unhighlightedCopy": "nix build .#mini \\\n    --print-build-logs\nreboot",
		"unknownPromptCopy": "curl -si http://mini:8096/health",
		"outputOnlyCopy":    "Nov 02 08:59:04 mini jellyfin[812]: started",
		"copyButtons":       3.0,
		"copyLabel":         "Copy commands",
		"themeAfterClick":   "dark", // the browser prefers light, so the first click turns dark on
		"themeStored":       "dark",
		"currentNavHref":    "../../media/jellyfin/" + index,
		"brandHref":         "../../" + index,
		"slashFocuses":      true,
		"indexBeforeFocus":  false, // loaded lazily, on first focus
		"jellyfin":          []any{"Jellyfin on mini-vm", "Caddy", "Mac mini"},
		"allTermsFirst":     []any{"Jellyfin on mini-vm", "Caddy", "Mac mini"}, // then pages matching some terms
		"firstSelected":     "true",
		"afterArrowDown":    "ds-r1",
		"snippetMarks":      true,
		"headingHit":        "../../network/caddy/" + index + "#internal-ca",
		"afterResultClick":  map[string]any{"hash": "#check-the-service", "hidden": true},
		"noMatch":           "No runbook matches “zzzz”.",
		"afterEscape":       map[string]any{"value": "", "hidden": true},
	}
	for k, w := range want {
		gj, _ := json.Marshal(got[k])
		wj, _ := json.Marshal(w)
		if string(gj) != string(wj) {
			t.Errorf("%s = %s, want %s", k, gj, wj)
		}
	}
	if e, ok := got["error"]; ok {
		t.Errorf("probe error: %v", e)
	}
}

// The home page lists top-level runbooks first, then each section's under
// one heading, whatever the reading order interleaves.
func TestHomeGroups(t *testing.T) {
	sets, err := Parse(FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := sample("home", "", false, "")
	d["Pages"] = append(d["Pages"].([]map[string]any), map[string]any{"Title": "Zeta", "URL": "zeta/", "Description": "", "Section": ""})
	var b bytes.Buffer
	if err := sets["home"].Execute(&b, d); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	out = out[strings.Index(out, `<h2 class="ds-list-title">`):strings.Index(out, "</article>")]
	var got []string
	for _, m := range regexp.MustCompile(`<h3 class="ds-list-section">([^<]*)</h3>|<li><a href="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(out, -1) {
		if m[1] != "" {
			got = append(got, "## "+m[1])
		} else {
			got = append(got, m[2])
		}
	}
	want := []string{"Mac mini", "Zeta", "## Media", "Jellyfin on mini-vm", "Synapse", "## Network", "Caddy"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("home list = %q, want %q", got, want)
	}
	if open, closed := strings.Count(out, "<ul"), strings.Count(out, "</ul>"); open != closed {
		t.Errorf("%d lists opened, %d closed:\n%s", open, closed, out)
	}
}
