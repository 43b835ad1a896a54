package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// BenchmarkCorpus checks a generated corpus end to end: load the inventory,
// parse every page, extract claims, judge them. Generate one with
//
//	go run ./bench/gencorpus -pages 1000 -nix 1000 -out /tmp/corpus
//	DOCSITE_CORPUS=/tmp/corpus go test -run - -bench Corpus ./internal/validate
func BenchmarkCorpus(b *testing.B) {
	cfg, pages := corpus(b)
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for i := range pages {
				pages[i].doc = parseMD(pages[i].src)
			}
		}
	})
	var inv *Inventory
	b.Run("inventory", func(b *testing.B) {
		for b.Loop() {
			inv, _ = LoadInventory(cfg)
		}
		b.ReportMetric(float64(len(inv.Facts)), "facts")
	})
	b.Run("inventory-cached", func(b *testing.B) {
		bl := NewBuilder(cfg)
		bl.Load()
		for b.Loop() {
			bl.Load()
		}
	})
	// A -bench pattern may have skipped parse or inventory: what the
	// later steps need is made here then.
	for i := range pages {
		if pages[i].doc == nil {
			pages[i].doc = parseMD(pages[i].src)
		}
	}
	if inv == nil {
		inv, _ = LoadInventory(cfg)
	}
	var claims []Claim
	b.Run("claims", func(b *testing.B) {
		for b.Loop() {
			claims = claims[:0]
			for _, p := range pages {
				claims = append(claims, inv.Claims(p.rel, p.src, p.doc)...)
			}
		}
		b.ReportMetric(float64(len(claims)), "claims")
	})
	var rep *Report
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			rep = Check(claims, inv, cfg)
		}
	})
	// run is what a build does: judge page by page, keep the findings.
	perPage := make([][]Claim, len(pages))
	for i, p := range pages {
		perPage[i] = inv.Claims(p.rel, p.src, p.doc)
	}
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			r := NewRun(inv, cfg, false)
			for _, cs := range perPage {
				r.Page(cs)
			}
			rep = r.Report()
		}
	})
	b.Logf("%d pages: %s", len(pages), Summary(rep))
}

// TestFindSourcesSkipsFolders: the walk for sources leaves out folders no
// glob can match in, and finds the same files as a walk of everything.
func TestFindSourcesSkipsFolders(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"infra/a.nix", "infra/x/b.nix", "infra/templates/Caddyfile.bee", "content/c.nix", "content/d/Caddyfile", "Caddyfile", "flake.nix"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		nix, caddy       []string
		wantNix, wantCdy string
	}{
		{[]string{"infra/**/*.nix"}, []string{"infra/templates/Caddyfile*"}, "infra/a.nix infra/x/b.nix", "infra/templates/Caddyfile.bee"},
		{[]string{"**/*.nix"}, []string{"**/Caddyfile*"}, "content/c.nix flake.nix infra/a.nix infra/x/b.nix", "Caddyfile content/d/Caddyfile infra/templates/Caddyfile.bee"},
		{[]string{"./infra/*.nix", "content/**/*.nix"}, []string{"content/d/Caddyfile"}, "content/c.nix infra/a.nix", "content/d/Caddyfile"},
		{[]string{"infra/[wx]*/*.nix", "*.nix"}, nil, "flake.nix infra/x/b.nix", ""},
	} {
		cfg := &site.Config{Root: root, Validate: site.Validate{Nix: c.nix, Caddy: c.caddy}}
		nixFiles, caddyFiles, _ := findSources(cfg)
		if got := strings.Join(nixFiles, " "); got != c.wantNix {
			t.Errorf("nix %q: got %q, want %q", c.nix, got, c.wantNix)
		}
		if got := strings.Join(caddyFiles, " "); got != c.wantCdy {
			t.Errorf("caddy %q: got %q, want %q", c.caddy, got, c.wantCdy)
		}
	}
}
