package validate

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// TestRunMatchesCheck: a Run fed page by page, from several goroutines
// in any order, reports what Check reports over the same claims: the same
// findings and counts, and, keeping everything, the same results. The
// labelled set has every verdict, suppression comments (used, unused and
// malformed), site.toml ignores and rules, and stale claims that are
// re-judged by their sentence.
func TestRunMatchesCheck(t *testing.T) {
	inv := labelledInventory(t)
	cfg := labelledConfig(t)
	cfg.Validate.Ignore = []string{"192.168.50.77", "10.9.9.9"}
	cfg.Validate.Rules = []site.Rule{
		{Path: "ops.md", Values: []string{"8449"}, Reason: "federation moved"},
		{Path: "nowhere/**", Reason: "typo"},
	}
	paths, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	sort.Strings(paths)
	var pages [][]Claim
	var claims []Claim
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cs := inv.Claims(filepath.Base(p), src, parseMD(src))
		pages = append(pages, cs)
		claims = append(claims, cs...)
	}
	want := Check(claims, inv, cfg)
	if want.Count(Stale) == 0 || want.Count(Ignored) == 0 || want.Count(Unverified) == 0 {
		t.Fatalf("the labelled set should have every verdict: %s", Summary(want))
	}

	for _, all := range []bool{false, true} {
		run := NewRun(inv, cfg, all)
		var wg sync.WaitGroup
		for i := len(pages) - 1; i >= 0; i-- { // last page first
			wg.Go(func() { run.Page(pages[i]) })
		}
		wg.Wait()
		got := run.Report()

		if !reflect.DeepEqual(got.Diags, want.Diags) {
			t.Errorf("all=%v: findings differ:\n%s\nwant\n%s", all, got.Diags, want.Diags)
		}
		for v := Verified; v <= Ignored; v++ {
			if got.Count(v) != want.Count(v) {
				t.Errorf("all=%v: %d %s claims, want %d", all, got.Count(v), v, want.Count(v))
			}
		}
		if got.Claims() != want.Claims() || got.Pages != len(pages) {
			t.Errorf("all=%v: %d claims on %d pages, want %d on %d", all, got.Claims(), got.Pages, want.Claims(), len(pages))
		}
		wantResults := want.Results
		if !all {
			wantResults = nil
			for _, r := range want.Results {
				if r.finding() {
					wantResults = append(wantResults, r)
				}
			}
		}
		if !reflect.DeepEqual(got.Results, wantResults) {
			t.Errorf("all=%v: %d results differ from Check's %d", all, len(got.Results), len(wantResults))
		}
	}
}
