package validate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/caddy"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// The labelled set: runbook pages under testdata/labelled, each with a
// sidecar NAME.labels listing every claim the page makes and every
// look-alike it does not, one a line:
//
//	LINE:COL KIND VALUE LABEL
//
// LABEL is verified, stale, unverified or ignored for claims, and
// not-a-claim for look-alikes (KIND is then "-" and VALUE the text as
// written). The config the pages are checked against is
// testdata/labelled/infra: facts.json stands for the Nix side, the
// Caddyfiles are read by the Caddy reader.

const labelledDir = "testdata/labelled"

// labelledConfig is the site config for the labelled set.
func labelledConfig(t testing.TB) *site.Config {
	cfg, err := site.Default(labelledDir)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Validate.Aliases = map[string][]string{"mini": {"Mac mini", "Ivans-Mac-mini"}}
	return cfg
}

func labelledInventory(t testing.TB) *Inventory {
	src, err := os.ReadFile(filepath.Join(labelledDir, "infra/facts.json"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := readFactsJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"infra/Caddyfile", "infra/Caddyfile.mini"} {
		src, err := os.ReadFile(filepath.Join(labelledDir, name))
		if err != nil {
			t.Fatal(err)
		}
		cf, _, err := caddy.ParseFile(name, src, nil, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fs = append(fs, cf...)
	}
	return NewInventory(fs, labelledConfig(t).Validate.Aliases)
}

type label struct {
	pos   string // line:col
	kind  string
	value string
	label string
}

func readLabels(t *testing.T, path string) []label {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ls []label
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 4 {
			t.Fatalf("%s:%d: want LINE:COL KIND VALUE LABEL, got %q", path, n, line)
		}
		ls = append(ls, label{fs[0], fs[1], fs[2], fs[3]})
	}
	return ls
}

func TestLabelled(t *testing.T) {
	inv := labelledInventory(t)
	cfg := labelledConfig(t)
	pages, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	sort.Strings(pages)
	var claims []Claim
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		claims = append(claims, inv.Claims(filepath.Base(p), src, parseMD(src))...)
	}
	rep := Check(claims, inv, cfg)

	got := map[string]Result{} // file:line:col:kind:value
	for _, r := range rep.Results {
		c := r.Claim
		got[fmt.Sprintf("%s:%d:%d %s %s", c.Pos.File, c.Pos.Line, c.Pos.Col, c.Kind, c.Value)] = r
	}
	if os.Getenv("DRAFT_LABELS") != "" {
		draftLabels(t, pages, rep)
		return
	}

	var tp, fp, fn, negatives int
	var staleTP, staleFP, staleFN int
	seen := map[string]bool{}
	for _, p := range pages {
		file := filepath.Base(p)
		for _, l := range readLabels(t, strings.TrimSuffix(p, ".md")+".labels") {
			k := fmt.Sprintf("%s:%s %s %s", file, l.pos, l.kind, l.value)
			if l.label == "not-a-claim" {
				negatives++
				for gk := range got {
					if strings.HasPrefix(gk, file+":"+l.pos+" ") {
						fp++
						seen[gk] = true
						t.Errorf("%s:%s: %q is not a claim but was extracted as %s", file, l.pos, l.value, gk)
					}
				}
				continue
			}
			r, ok := got[k]
			if !ok {
				fn++
				if l.label == "stale" {
					staleFN++
				}
				t.Errorf("%s:%s: missed claim %s %s (%s)", file, l.pos, l.kind, l.value, l.label)
				continue
			}
			seen[k] = true
			tp++
			v := r.Verdict.String()
			switch {
			case l.label == "stale" && v == "stale":
				staleTP++
			case v == "stale":
				staleFP++
				t.Errorf("%s:%s: FALSE STALE %s %s (labelled %s): %s", file, l.pos, l.kind, l.value, l.label, r.Message)
			case l.label == "stale":
				staleFN++
				t.Logf("%s:%s: missed stale %s %s: got %s (%s) %s", file, l.pos, l.kind, l.value, v, r.Rule, r.Message)
			case v != l.label:
				t.Errorf("%s:%s: %s %s: got %s (%s), labelled %s: %s", file, l.pos, l.kind, l.value, v, r.Rule, l.label, r.Message)
			}
		}
	}
	for k, r := range got {
		if !seen[k] {
			fp++
			t.Errorf("%s: unlabelled claim (extraction false positive) %s: %s", k, r.Verdict, r.Claim.Context)
		}
	}
	prec := float64(tp) / float64(max(tp+fp, 1))
	rec := float64(tp) / float64(max(tp+fn, 1))
	sprec := float64(staleTP) / float64(max(staleTP+staleFP, 1))
	srec := float64(staleTP) / float64(max(staleTP+staleFN, 1))
	t.Logf("labelled set: %d pages, %d claims, %d look-alikes", len(pages), tp+fn, negatives)
	t.Logf("claim extraction: precision %.3f (%d/%d), recall %.3f (%d/%d)", prec, tp, tp+fp, rec, tp, tp+fn)
	t.Logf("stale detection:  precision %.3f (%d/%d), recall %.3f (%d/%d)", sprec, staleTP, staleTP+staleFP, srec, staleTP, staleTP+staleFN)
	if tp+fn < 150 {
		t.Errorf("labelled set has %d claims, want at least 150", tp+fn)
	}
	if staleFP > 0 {
		t.Errorf("%d false stale verdicts, want none", staleFP)
	}
	if prec < 0.98 || rec < 0.95 {
		t.Errorf("extraction precision %.3f recall %.3f, want ≥ 0.98 and ≥ 0.95", prec, rec)
	}
}

// draftLabels writes NAME.labels.draft from the current verdicts, for a
// person to review into NAME.labels (DRAFT_LABELS=1 go test -run Labelled).
func draftLabels(t *testing.T, pages []string, rep *Report) {
	for _, p := range pages {
		file := filepath.Base(p)
		var b strings.Builder
		for _, r := range rep.Results {
			c := r.Claim
			if c.Pos.File != file {
				continue
			}
			fmt.Fprintf(&b, "%d:%d %s %s %s # %q %s\n", c.Pos.Line, c.Pos.Col, c.Kind, c.Value, r.Verdict, c.Raw, r.Message)
		}
		if err := os.WriteFile(strings.TrimSuffix(p, ".md")+".labels.draft", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readFactsJSON reads facts written as JSON with kinds as words.
func readFactsJSON(src []byte) ([]facts.Fact, error) {
	var raw []struct {
		facts.Fact
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, err
	}
	fs := make([]facts.Fact, len(raw))
	for i, r := range raw {
		k, ok := facts.ParseKind(r.Kind)
		if !ok {
			return nil, fmt.Errorf("fact %d: unknown kind %q", i, r.Kind)
		}
		fs[i] = r.Fact
		fs[i].Kind = k
	}
	return fs, nil
}
