package serve

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docsite/docsite/internal/site"
)

// copyExample copies the repository's example site (site.toml, content/,
// infra/, theme/) into a temporary folder the test may edit.
func copyExample(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"site.toml", "content", "infra", "theme"} {
		src := filepath.Join("..", "..", name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			if !d.Type().IsRegular() || strings.HasSuffix(p, ".go") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func startSite(t testing.TB, dir string) (*Server, string) {
	t.Helper()
	cfg, err := site.Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Start(cfg, Options{Bind: "127.0.0.1", Port: 0})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return srv, "http://" + srv.Addr().String()
}

type findingsDoc struct {
	Version     string
	Diagnostics []struct {
		Pos struct {
			File         string
			Line, Column int
		}
		Severity, Message, Rule, Excerpt string
	}
	Claims map[string][]Mark
}

// fetchFindings fetches findings.json as the live script on the
// jellyfin page does.
func fetchFindings(t testing.TB, url string) findingsDoc {
	t.Helper()
	_, body := get(t, url+"/__docsite/findings.json?page=jellyfin/")
	var f findingsDoc
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("findings.json: %v\n%s", err, body)
	}
	return f
}

func TestExampleSite(t *testing.T) {
	dir := copyExample(t)
	srv, url := startSite(t, dir)
	t.Log(srv.Summary())
	code, body := get(t, url+"/mini-vm/")
	if code != 200 || !strings.Contains(body, "__docsite/live.js") {
		t.Fatalf("GET /mini-vm/: %d\n%s", code, body)
	}
	f := fetchFindings(t, url)
	for _, d := range f.Diagnostics {
		t.Logf("%s:%d:%d: %s: %s (%s)\n%s", d.Pos.File, d.Pos.Line, d.Pos.Column, d.Severity, d.Message, d.Rule, d.Excerpt)
	}
	n := 0
	for k, ms := range f.Claims {
		n += len(ms)
		if k == "mini-vm/" {
			for _, m := range ms {
				t.Logf("%s %+v", k, m)
			}
		}
	}
	t.Logf("%d claims on %d pages", n, len(f.Claims))
}

// copyFixture copies testdata/site into a temporary folder.
func copyFixture(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/site", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/site", p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// edit rewrites a file of the site, replacing old by new, which must occur.
func edit(t testing.TB, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func markAt(f findingsDoc, page, at string) Mark {
	for _, m := range f.Claims[page] {
		if m.At == at {
			return m
		}
	}
	return Mark{}
}

// Edits to a page, a theme file, a Nix value, a Caddy template and
// site.toml each bring an event and change what is served; after them all,
// the served site equals a fresh full build.
func TestLiveReloadSite(t *testing.T) {
	dir := copyFixture(t)
	srv, url := startSite(t, dir)
	ev := dialEvents(t, url+"/__docsite/events")
	if e := ev.next(t); e.name != "hello" {
		t.Fatalf("first event %s", e.name)
	}
	if m := markAt(fetchFindings(t, url), "jellyfin/", "9:44"); m.Verdict != "verified" || m.Source != "infra/templates/Caddyfile:2:16" {
		t.Fatalf("claim 9:44 at start: %+v", m)
	}
	served := func(path, text string) func() bool {
		return func() bool { _, body := get(t, url+path); return strings.Contains(body, text) }
	}

	// A page: a reload that names it as the edited page.
	edit(t, dir, "content/jellyfin.md", "the media server", "the media server of the house")
	e := ev.expect(t, "reload", served("/jellyfin/", "the media server of the house"))
	if d := decode(t, e.data); d["edited"] != "jellyfin/" {
		t.Errorf("page edit: %s", e.data)
	}

	// A theme file: the site's own style.css overrides the built-in one;
	// the browsers swap it without a reload.
	writeFiles(t, dir, map[string]string{"theme/assets/style.css": "body { color: rebeccapurple }\n"})
	ev.expect(t, "css", served("/assets/style.css", "rebeccapurple"))

	// A Caddy template: the proxied port moves, the page's claim goes stale.
	isStale := func(at string) func() bool {
		return func() bool { return markAt(fetchFindings(t, url), "jellyfin/", at).Verdict == "stale" }
	}
	edit(t, dir, "infra/templates/Caddyfile", "mini-vm:8096", "mini-vm:8097")
	ev.expect(t, "findings", isStale("9:44"))
	found := false
	for _, d := range fetchFindings(t, url).Diagnostics {
		if d.Pos.File == "content/jellyfin.md" && d.Pos.Line == 9 && d.Severity == "error" && strings.Contains(d.Excerpt, "mini-vm:8096") {
			found = true
		}
	}
	if !found {
		t.Errorf("no error with excerpt for content/jellyfin.md:9 after the Caddy edit: %+v", fetchFindings(t, url).Diagnostics)
	}

	// A Nix value: the port the page states is no longer the service's.
	edit(t, dir, "infra/jellyfin.nix", "services.jellyfin.port = 8096;", "services.jellyfin.port = 8097;")
	ev.expect(t, "findings", isStale("7:26"))

	// A Nix file with a syntax error: the site stays up, the overlay says where.
	nixFinding := func() bool {
		for _, d := range fetchFindings(t, url).Diagnostics {
			if d.Pos.File == "infra/jellyfin.nix" && d.Pos.Line == 4 {
				return true
			}
		}
		return false
	}
	edit(t, dir, "infra/jellyfin.nix", "services.jellyfin.port = 8097;", "services.jellyfin.port = ;")
	ev.expect(t, "findings", nixFinding)
	if code, _ := get(t, url+"/jellyfin/"); code != 200 {
		t.Errorf("page after broken Nix: %d", code)
	}
	edit(t, dir, "infra/jellyfin.nix", "services.jellyfin.port = ;", "services.jellyfin.port = 8096;")
	ev.expect(t, "findings", func() bool { return !nixFinding() })
	edit(t, dir, "infra/templates/Caddyfile", "mini-vm:8097", "mini-vm:8096")
	ev.expect(t, "findings", func() bool { return markAt(fetchFindings(t, url), "jellyfin/", "9:44").Verdict == "verified" })

	// site.toml that does not parse: last good site, error in the overlay.
	tomlFinding := func() bool {
		f := fetchFindings(t, url)
		return len(f.Diagnostics) > 0 && f.Diagnostics[0].Pos.File == "site.toml" && f.Diagnostics[0].Pos.Line == 3
	}
	edit(t, dir, "site.toml", `title = "Serve test site"`, `title = "Serve test site`)
	ev.expect(t, "findings", tomlFinding)
	if code, body := get(t, url+"/jellyfin/"); code != 200 || !strings.Contains(body, "Serve test site") {
		t.Errorf("page with a broken site.toml: %d", code)
	}
	edit(t, dir, "site.toml", `title = "Serve test site`, `title = "Renamed site"`)
	ev.expect(t, "reload", served("/jellyfin/", "Renamed site"))
	// The pages come first; the check follows in a findings event.
	ev.expect(t, "findings", func() bool { return !tomlFinding() })

	// A new page in a new folder, and a page removed.
	writeFiles(t, dir, map[string]string{"content/new/fresh.md": "# Fresh\n\nJust made.\n"})
	ev.expect(t, "reload", func() bool { code, _ := get(t, url+"/new/fresh/"); return code == 200 })
	os.Remove(filepath.Join(dir, "content", "ops", "backups.md"))
	ev.expect(t, "reload", func() bool { code, _ := get(t, url+"/ops/backups/"); return code == 404 })
	// The home page links to the removed page. Pages are published before
	// the site-wide check, so wait for the findings that report the broken
	// link before comparing with a full build, or the comparison races it.
	// Poll rather than wait for the event: it may already have been read.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		found := false
		for _, d := range fetchFindings(t, url).Diagnostics {
			found = found || strings.Contains(d.Message, "ops/backups.md")
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no finding for the link to the removed page within 20 s")
		}
	}

	assertEqualsFullBuild(t, srv, dir)
}

// assertEqualsFullBuild compares what srv serves with a fresh build of dir.
func assertEqualsFullBuild(t *testing.T, srv *Server, dir string) {
	t.Helper()
	cfg, err := site.Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	fresh := newSiteEngine(cfg).Rebuild(nil)
	fresh.find = fresh.check()
	served := srv.Current()
	for name, f := range fresh.files {
		if g := served.File(name); g == nil {
			t.Errorf("%s: in a full build, not served", name)
		} else if g.ETag != f.ETag {
			t.Errorf("%s: served differs from a full build:\n%s\n---\n%s", name, g.Data, f.Data)
		}
	}
	if served.Len() != len(fresh.files) {
		t.Errorf("served %d files, a full build has %d", served.Len(), len(fresh.files))
	}
	want := fresh.find.encode(nil, nil)
	if !served.find.equal(want) {
		t.Errorf("findings differ from a full build:\n%s\n---\n%s", served.find.overlay, want.overlay)
	}
}

// Run prints the build summary and every URL, serves until its context
// ends, then shuts down cleanly.
func TestRun(t *testing.T) {
	cfg, err := site.Find(copyFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out strings.Builder
	done := make(chan error)
	go func() { done <- Run(ctx, cfg, Options{Bind: "127.0.0.1", Port: 0, Log: io.Discard}, false, &out) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.Contains(s, "4 pages, ") || !strings.Contains(s, "Local:   http://localhost:") || !strings.Contains(s, "Shutting down.") {
		t.Errorf("Run printed:\n%s", s)
	}
}

// navigate_to_changed = false in site.toml reaches the live script.
func TestNavigateToChangedOff(t *testing.T) {
	dir := copyFixture(t)
	edit(t, dir, "site.toml", "navigate_to_changed = true", "navigate_to_changed = false")
	_, url := startSite(t, dir)
	_, body := get(t, url+"/__docsite/findings.json?page=jellyfin/")
	if !strings.Contains(body, `"navigate_to_changed":false`) {
		t.Errorf("findings.json: %.200s", body)
	}
}
