package serve

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
	"github.com/docsite/docsite/internal/validate"
)

// TestCheckByPage checks that the check put together from each page's
// check says what one validate.Check of every claim says: the same
// findings, site-wide ones ([validate] ignore values and rules that match
// nothing, the inventory's warnings) once, and the same marks; before and
// after a page edit and a config edit, and from the cache; for a site
// without ignore values and rules (checked page by page) and one with.
func TestCheckByPage(t *testing.T) {
	t.Run("pages", func(t *testing.T) { testCheckByPage(t, false) })
	t.Run("ignore values and rules", func(t *testing.T) { testCheckByPage(t, true) })
}

func testCheckByPage(t *testing.T, rules bool) {
	dir := copyFixture(t)
	if rules {
		edit(t, dir, "site.toml", `caddy = ["infra/templates/Caddyfile*"]`, `caddy = ["infra/templates/Caddyfile*"]
ignore = ["10.9.9.9", "media.example.net"]

[[validate.rules]]
path = "content/ops/notes.md"
reason = "kept as written"

[[validate.rules]]
path = "content/nothing/*.md"
reason = "matches no page"`)
	}
	pages := map[string]string{
		"content/ops/notes.md": "# Notes\n\nThe old box was 10.1.2.3, port 8080.\n",
		"content/ops/more.md": "# More\n\n<!-- docsite-ignore: lab only -->\nThe lab proxy is `lab.example.net:8443`.\n\n" +
			"<!-- docsite-ignore -->\n\n<!-- docsite-ignore: nothing here -->\nNo values.\n\nJellyfin is on port 8097 and on 10.0.0.7:8096.\n",
	}
	for name, src := range pages {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := site.Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := newSiteEngine(cfg)
	e.Rebuild(nil)
	compare := func(step string) {
		t.Helper()
		for range 2 { // checked, then from the cache
			got, gotMarks := e.checks.check(e.claims, e.inv, e.cfg)
			want, wantMarks := wholeCheck(e.claims, e.inv, e.cfg)
			got.Sort()
			want.Sort()
			if !slices.Equal(got, want) {
				t.Errorf("%s: findings\n got %v\nwant %v", step, got, want)
			}
			if !maps.EqualFunc(gotMarks, wantMarks, slices.Equal) {
				t.Errorf("%s: marks\n got %v\nwant %v", step, gotMarks, wantMarks)
			}
		}
	}
	compare("start")
	var kinds []string
	for _, d := range must(e.checks.check(e.claims, e.inv, e.cfg)) {
		kinds = append(kinds, d.Rule)
	}
	for _, rule := range []string{validate.RuleUnused, validate.RuleDirective} {
		if !slices.Contains(kinds, rule) {
			t.Errorf("the test site has no %s finding: %q", rule, kinds)
		}
	}
	p := filepath.Join(dir, "content", "ops", "more.md")
	edit(t, dir, "content/ops/more.md", "port 8097", "port 8096")
	e.Rebuild([]string{p})
	compare("after a page edit")
	p = filepath.Join(dir, "infra", "jellyfin.nix")
	edit(t, dir, "infra/jellyfin.nix", "port = 8096;", "port = 8097;")
	e.Rebuild([]string{p})
	compare("after a config edit")
}

func must(d diag.List, _ map[string][]Mark) diag.List { return d }

// wholeCheck is the check of every claim at once, as the server did it
// before checking page by page.
func wholeCheck(claims map[string][]validate.Claim, inv *validate.Inventory, cfg *site.Config) (diag.List, map[string][]Mark) {
	var all []validate.Claim
	for _, file := range slices.Sorted(maps.Keys(claims)) {
		all = append(all, claims[file]...)
	}
	rep := validate.Check(all, inv, cfg)
	marks := map[string][]Mark{}
	for _, r := range rep.Results {
		if r.Claim.Kind == facts.Invalid {
			continue
		}
		m := Mark{At: itoa(r.Claim.Pos.Line) + ":" + itoa(r.Claim.Pos.Col), Verdict: r.Verdict.String(), Message: r.Message}
		if r.Verdict == validate.Verified && len(r.Config) > 0 {
			m.Source = r.Config[0].Pos.String()
		}
		marks[r.Claim.Pos.File] = append(marks[r.Claim.Pos.File], m)
	}
	return rep.Diags, marks
}
