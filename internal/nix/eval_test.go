package nix

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/facts"
)

var updateEval = flag.Bool("update-eval", false, "rewrite the want sections of testdata/eval/*.txtar")

// Each testdata/eval/*.txtar holds a config tree (one section per file)
// and, in its last section "want", what Evaluate finds in it: one line per
// fact, doc line, binding, template and error. Run with -update-eval to rewrite
// the want sections, then read the diff.
func TestEvaluateGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/eval/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			comment, sections := parseTxtar(data)
			var files []*File
			want, parseErrs := "", ""
			for _, s := range sections {
				if s.name == "want" {
					want = s.data
					continue
				}
				// A file with syntax errors is still evaluated as far
				// as it parsed.
				f, err := ParseFile(s.name, []byte(s.data))
				if err != nil {
					parseErrs += fmt.Sprintf("syntax %v\n", err)
				}
				files = append(files, f)
			}
			got := parseErrs + formatResult(Evaluate(files))
			if *updateEval {
				var b bytes.Buffer
				b.WriteString(comment)
				for _, s := range sections {
					if s.name != "want" {
						fmt.Fprintf(&b, "-- %s --\n%s", s.name, s.data)
					}
				}
				fmt.Fprintf(&b, "-- want --\n%s", got)
				if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("%s: result differs (go test -run TestEvaluateGolden -update-eval, then read the diff)\n%s", p, lineDiff(want, got))
			}
		})
	}
}

// formatResult prints a Result one finding per line, in a stable order.
func formatResult(r *Result) string {
	var b strings.Builder
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "%s %s = %s @ %s [%s]", f.Kind, f.Path, f.Value, pos(f.Pos), strings.Join(f.Subjects, " "))
		if f.Conditional {
			b.WriteString(" (conditional)")
		}
		b.WriteString("\n")
	}
	for _, m := range r.Machines {
		fmt.Fprintf(&b, "machine %s @ %s: %s\n", m.Name, pos(m.Pos), strings.Join(m.Files, " "))
	}
	for _, d := range r.Docs {
		fmt.Fprintf(&b, "doc %s [%s]\n", d.Path, strings.Join(d.Subjects, " "))
		for i, line := range strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n") {
			p := "?"
			if i < len(d.Lines) {
				p = pos(d.Lines[i])
			}
			fmt.Fprintf(&b, "  %s | %s\n", p, line)
		}
	}
	for _, tp := range r.Templates {
		fmt.Fprintf(&b, "template %s %s @ %s [%s]\n", tp.Func, tp.Src, pos(tp.Pos), strings.Join(tp.Hosts, " "))
		for _, bd := range tp.Bindings {
			fmt.Fprintf(&b, "  @%s@ = %s @ %s", bd.Name, bd.Value, pos(bd.Pos))
			if bd.Origin.IsValid() {
				fmt.Fprintf(&b, " from %s", pos(bd.Origin))
			}
			b.WriteString("\n")
		}
	}
	for _, err := range r.Errors {
		fmt.Fprintf(&b, "error %v\n", err)
	}
	return b.String()
}

func pos(p facts.Pos) string { return p.String() }

type txtarSection struct{ name, data string }

// parseTxtar reads the txtar format: a comment, then "-- name --" lines
// each starting a section.
func parseTxtar(data []byte) (comment string, sections []txtarSection) {
	lines := strings.SplitAfter(string(data), "\n")
	var cur *txtarSection
	var b strings.Builder
	flush := func() {
		if cur != nil {
			cur.data = b.String()
			sections = append(sections, *cur)
		} else {
			comment = b.String()
		}
		b.Reset()
	}
	for _, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			cur = &txtarSection{name: strings.TrimSpace(t[3 : len(t)-3])}
			continue
		}
		b.WriteString(l)
	}
	flush()
	return comment, sections
}

// lineDiff shows the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	inW, inG := map[string]int{}, map[string]int{}
	for _, l := range w {
		inW[l]++
	}
	for _, l := range g {
		inG[l]++
	}
	var b strings.Builder
	for _, l := range w {
		if inG[l] == 0 {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if inW[l] == 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order)\n"
	}
	return b.String()
}

// A binding's origin is in its JSON only when it has one.
func TestBindingOriginJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/eval/origin.txtar")
	if err != nil {
		t.Fatal(err)
	}
	_, sections := parseTxtar(data)
	var files []*File
	for _, s := range sections {
		if s.name != "want" {
			f, _ := ParseFile(s.name, []byte(s.data))
			files = append(files, f)
		}
	}
	got := map[string]string{}
	for _, b := range Evaluate(files).Bindings {
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		got[b.Name] = string(j)
	}
	want := map[string]string{
		"externalDomain": `{"name":"externalDomain","value":"home.example.net","pos":{"file":"caddy.nix","line":10,"column":34},"origin":{"file":"flags.nix","line":6,"column":17}}`,
		"literal":        `{"name":"literal","value":"10.0.0.8","pos":{"file":"caddy.nix","line":14,"column":15}}`,
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("binding %s:\n got %s\nwant %s", name, got[name], w)
		}
	}
}
