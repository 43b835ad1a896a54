package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// labelledReport checks the labelled set, with the time zeroed so reports
// are stable.
func labelledReport(t *testing.T) (*Report, *Inventory) {
	inv := labelledInventory(t)
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
	rep := Check(claims, inv, labelledConfig(t))
	rep.Elapsed = 0
	return rep, inv
}

func TestWriteJSON(t *testing.T) {
	rep, _ := labelledReport(t)
	var b bytes.Buffer
	if err := WriteJSON(&b, rep, false); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/report.json", b.Bytes())

	// The documented schema (doc.go): every claim object has these keys.
	var doc struct {
		Claims []map[string]any `json:"claims"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Claims {
		for _, k := range []string{"file", "line", "column", "kind", "value", "verdict", "severity", "message", "rule", "config"} {
			if _, ok := c[k]; !ok {
				t.Errorf("claim %v lacks %q", c, k)
			}
		}
		if c["verdict"] == "verified" || c["verdict"] == "ignored" {
			t.Errorf("without --all, %v should not be listed", c)
		}
	}
	b.Reset()
	WriteJSON(&b, rep, true)
	var all struct {
		Summary struct{ Claims int } `json:"summary"`
		Claims  []any                `json:"claims"`
	}
	json.Unmarshal(b.Bytes(), &all)
	if len(all.Claims) != all.Summary.Claims {
		t.Errorf("--all lists %d claims, summary counts %d", len(all.Claims), all.Summary.Claims)
	}
}

func TestWriteGitHub(t *testing.T) {
	r := &Report{}
	for i := 1; i <= 12; i++ {
		r.Diags = append(r.Diags, diag.Diagnostic{Pos: facts.Pos{File: "content/a,b:c.md", Line: i, Col: 3}, Severity: diag.Error,
			Message: fmt.Sprintf("port 80%02d is stale: 100%% wrong\nsecond line\r", i), Rule: "stale-port"})
	}
	r.Diags = append(r.Diags, diag.Diagnostic{Pos: facts.Pos{File: "infra/x.nix"}, Severity: diag.Warning, Message: "skipped: a, b: c", Rule: RuleUnreadable})
	var b bytes.Buffer
	if err := WriteGitHub(&b, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/github.txt", b.Bytes())
}

func TestExplain(t *testing.T) {
	rep, inv := labelledReport(t)
	var b bytes.Buffer
	for _, at := range []struct {
		file string
		line int
	}{{"stale.md", 5}, {"stale.md", 9}, {"bee.md", 23}, {"ignore.md", 4}, {"ops.md", 28}, {"bee.md", 2}} {
		Explain(&b, rep, inv, at.file, at.line)
	}
	golden(t, "testdata/explain.txt", b.Bytes())
}

func TestWriteTextExcerpt(t *testing.T) {
	r := &Report{Diags: diag.List{{Pos: facts.Pos{File: "stale.md", Line: 5, Col: 18}, Severity: diag.Error, Message: "Jellyfin port 8097 is stale", Rule: "stale-port"}}}
	var b bytes.Buffer
	WriteText(&b, r, TextOptions{Root: labelledDir, Excerpt: true, Color: true})
	WriteText(&b, r, TextOptions{Root: labelledDir})
	golden(t, "testdata/text.txt", b.Bytes())
}

func TestTerminal(t *testing.T) {
	var b bytes.Buffer
	if Terminal(&b) {
		t.Error("a buffer is not a terminal")
	}
	t.Setenv("NO_COLOR", "")
	if Terminal(os.Stdout) {
		t.Error("NO_COLOR set: never colour")
	}
}

// TestExcerpt: the caret stands under the column whatever comes before
// it (tabs, multi-byte characters), a long line shows only a window
// around it, and control characters from the page never reach the
// terminal.
func TestExcerpt(t *testing.T) {
	long := strings.Repeat("x ", 5000) + "port 8097" + strings.Repeat(" y", 5000)
	cases := []struct {
		line string
		col  int
		want string // the line shown, then the caret line
	}{
		{"Jellyfin port 8097", 15, "Jellyfin port 8097\n              ^"},
		{"\tport 8097", 7, "\tport 8097\n\t     ^"},
		{"Jellyfin → Caddy → 8097", 24, "Jellyfin → Caddy → 8097\n" + strings.Repeat(" ", 19) + "^"},
		{"\x1b[31mport 8097\x1b[0m", 11, "?[31mport 8097?[0m\n          ^"},
		{"port", 99, "port\n    ^"},
	}
	for _, c := range cases {
		shown, pad := excerpt(c.line, c.col)
		if got := shown + "\n" + pad + "^"; got != c.want {
			t.Errorf("excerpt(%.40q, %d) =\n%s\nwant\n%s", c.line, c.col, got, c.want)
		}
	}
	shown, pad := excerpt(long, 10001)
	if n := utf8.RuneCountInString(shown); n != excerptWidth+2 || !strings.HasPrefix(shown, "…") || !strings.HasSuffix(shown, "…") {
		t.Errorf("excerpt of a 20,000-character line: %d characters %q, want %d between two …", n, shown, excerptWidth+2)
	}
	// The pad is one space for the "…" and one per character after it.
	if !strings.HasPrefix(strings.TrimPrefix(shown, "…")[len(pad)-1:], "port 8097") {
		t.Errorf("excerpt %q: caret at %d is not under the column", shown, len(pad))
	}
}
