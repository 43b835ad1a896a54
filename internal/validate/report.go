package validate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// TextOptions controls the text reporter.
type TextOptions struct {
	// Root is the site root; excerpts read files relative to it.
	Root string
	// Color and Excerpt add ANSI colour and a source line with a caret
	// under each finding. Use Terminal to decide.
	Color   bool
	Excerpt bool
}

// Terminal reports whether w is a terminal and NO_COLOR is unset: when
// colour and excerpts belong in the output.
func Terminal(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	// A terminal, not any character device: /dev/null is one too, and
	// "docsite build 2>/dev/null" read every page again for excerpts
	// nobody sees.
	return ok && term.IsTerminal(int(f.Fd()))
}

// WriteText prints every finding as path:line:col: severity: message, the
// form editors and CI problem matchers read.
func WriteText(w io.Writer, r *Report, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	lines := map[string][][]byte{}
	for _, d := range r.All() {
		sev := d.Severity.String()
		if opt.Color {
			sev = colour(d.Severity) + sev + "\x1b[0m"
			fmt.Fprintf(bw, "\x1b[1m%s\x1b[0m: %s: %s\n", d.Pos, sev, d.Message)
		} else {
			fmt.Fprintf(bw, "%s: %s: %s\n", d.Pos, sev, d.Message)
		}
		if opt.Excerpt && d.Pos.Line > 0 {
			writeExcerpt(bw, opt, lines, d)
		}
	}
	return bw.Flush()
}

func colour(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "\x1b[1;31m"
	case diag.Warning:
		return "\x1b[1;33m"
	}
	return "\x1b[1;36m"
}

func writeExcerpt(w io.Writer, opt TextOptions, cache map[string][][]byte, d diag.Diagnostic) {
	ls, ok := cache[d.Pos.File]
	if !ok {
		src, err := os.ReadFile(filepath.Join(opt.Root, filepath.FromSlash(d.Pos.File)))
		if err == nil {
			ls = bytes.Split(src, []byte("\n"))
		}
		cache[d.Pos.File] = ls
	}
	if d.Pos.Line > len(ls) {
		return
	}
	line, pad := excerpt(strings.TrimRight(string(ls[d.Pos.Line-1]), "\r"), d.Pos.Col)
	caret := "^"
	if opt.Color {
		caret = colour(d.Severity) + "^\x1b[0m"
	}
	fmt.Fprintf(w, "    %s\n    %s%s\n", line, pad, caret)
}

// excerptWidth is how much of a long line an excerpt shows, in
// characters: a log pasted as one line is megabytes, and every finding
// on it printed all of it.
const excerptWidth = 100

// excerpt returns what an excerpt shows of line for the byte column col
// (a window around it when the line is long, "…" where it is cut, control
// characters as "?"), and the whitespace that puts a caret under col:
// one space per character before it, a tab for a tab.
func excerpt(line string, col int) (shown, pad string) {
	at := min(max(col-1, 0), len(line))
	for at > 0 && at < len(line) && !utf8.RuneStart(line[at]) {
		at--
	}
	start, end := 0, len(line)
	if utf8.RuneCountInString(line) > excerptWidth {
		start = at
		for n := 0; n < excerptWidth/3 && start > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(line[:start])
			start -= size
		}
		end = start
		for n := 0; n < excerptWidth && end < len(line); n++ {
			_, size := utf8.DecodeRuneInString(line[end:])
			end += size
		}
	}
	var b, p strings.Builder
	if start > 0 {
		b.WriteString("…")
		p.WriteByte(' ')
	}
	for i, r := range line[start:end] {
		if start+i < at {
			if r == '\t' {
				p.WriteByte('\t')
			} else {
				p.WriteByte(' ')
			}
		}
		if r < 0x20 && r != '\t' || r == 0x7f {
			r = '?' // an escape sequence from a pasted log must not reach the terminal
		}
		b.WriteRune(r)
	}
	if end < len(line) {
		b.WriteString("…")
	}
	return b.String(), p.String()
}

// Summary is the closing line: pages, claims, verdicts, sources, time.
func Summary(r *Report) string {
	return fmt.Sprintf("%d pages, %d claims: %d verified, %d stale, %d unverified, %d ignored; %d sources read, %d skipped; %s",
		r.Pages, r.Claims(), r.Count(Verified), r.Count(Stale), r.Count(Unverified), r.Count(Ignored),
		r.Sources, len(r.Skipped), r.Elapsed.Round(1e6))
}

// The JSON report; see doc.go for the schema.
type jsonReport struct {
	Version  int           `json:"version"`
	Summary  jsonSummary   `json:"summary"`
	Claims   []jsonClaim   `json:"claims"`
	Links    []jsonDiag    `json:"links"`
	Findings []jsonDiag    `json:"findings"`
	Skipped  []jsonSkipped `json:"skipped"`
}

type jsonSummary struct {
	Pages          int   `json:"pages"`
	Claims         int   `json:"claims"`
	Verified       int   `json:"verified"`
	Stale          int   `json:"stale"`
	Unverified     int   `json:"unverified"`
	Ignored        int   `json:"ignored"`
	SourcesRead    int   `json:"sources_read"`
	SourcesSkipped int   `json:"sources_skipped"`
	Errors         int   `json:"errors"`
	Warnings       int   `json:"warnings"`
	ElapsedMS      int64 `json:"elapsed_ms"`
}

type jsonClaim struct {
	File     string       `json:"file"`
	Line     int          `json:"line"`
	Column   int          `json:"column"`
	Kind     facts.Kind   `json:"kind"`
	Value    string       `json:"value"`
	Raw      string       `json:"raw"`
	Verdict  Verdict      `json:"verdict"`
	Severity string       `json:"severity"`
	Message  string       `json:"message"`
	Rule     string       `json:"rule"`
	Subject  string       `json:"subject,omitempty"`
	Subjects []string     `json:"subjects"`
	Config   []jsonConfig `json:"config"`
}

type jsonConfig struct {
	File   string     `json:"file"`
	Line   int        `json:"line"`
	Column int        `json:"column"`
	Path   string     `json:"path"`
	Kind   facts.Kind `json:"kind"`
	Value  string     `json:"value"`
}

type jsonDiag struct {
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Column   int           `json:"column"`
	Severity diag.Severity `json:"severity"`
	Message  string        `json:"message"`
	Rule     string        `json:"rule"`
}

type jsonSkipped struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Reason string `json:"reason"`
}

// WriteJSON writes the report as one JSON object (schema in doc.go). With
// all, verified and ignored claims are included; otherwise only claims
// that are findings (stale, unverified).
func WriteJSON(w io.Writer, r *Report, all bool) error {
	jr := jsonReport{
		Version: 1,
		Summary: jsonSummary{
			Pages: r.Pages, Claims: r.Claims(),
			Verified: r.Count(Verified), Stale: r.Count(Stale), Unverified: r.Count(Unverified), Ignored: r.Count(Ignored),
			SourcesRead: r.Sources, SourcesSkipped: len(r.Skipped),
			ElapsedMS: r.Elapsed.Milliseconds(),
		},
		Claims: []jsonClaim{}, Links: []jsonDiag{}, Findings: []jsonDiag{}, Skipped: []jsonSkipped{},
	}
	all2 := r.All()
	jr.Summary.Errors, jr.Summary.Warnings = all2.Count(diag.Error), all2.Count(diag.Warning)
	for _, x := range r.Results {
		if !all && (x.Verdict == Verified || x.Verdict == Ignored || x.Severity == diag.Info) {
			continue
		}
		c := jsonClaim{
			File: x.Claim.Pos.File, Line: x.Claim.Pos.Line, Column: x.Claim.Pos.Col,
			Kind: x.Claim.Kind, Value: x.Claim.Value, Raw: x.Claim.Raw,
			Verdict: x.Verdict, Severity: x.Severity.String(), Message: x.Message, Rule: x.Rule,
			Subject: x.Subject, Subjects: x.Claim.Subjects, Config: []jsonConfig{},
		}
		if c.Subjects == nil {
			c.Subjects = []string{}
		}
		for _, f := range x.Config {
			c.Config = append(c.Config, jsonConfig{File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col, Path: f.Path, Kind: f.Kind, Value: f.Value})
		}
		jr.Claims = append(jr.Claims, c)
	}
	claimDiag := map[facts.Pos]bool{}
	for _, x := range r.Results {
		claimDiag[x.Claim.Pos] = true
	}
	for _, d := range r.Links {
		jr.Links = append(jr.Links, toJSONDiag(d))
	}
	for _, d := range r.Diags {
		if claimDiag[d.Pos] && (strings.HasPrefix(d.Rule, RuleStale) || d.Rule == RuleUnknown || d.Rule == RuleExternal) {
			continue // already a claim above
		}
		jr.Findings = append(jr.Findings, toJSONDiag(d))
	}
	for _, s := range r.Skipped {
		jr.Skipped = append(jr.Skipped, jsonSkipped{File: s.Pos.File, Line: s.Pos.Line, Column: s.Pos.Col, Reason: s.Reason})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(jr)
}

func toJSONDiag(d diag.Diagnostic) jsonDiag {
	return jsonDiag{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col, Severity: d.Severity, Message: d.Message, Rule: d.Rule}
}

// GitHubLimit is how many annotations of one type GitHub shows per step.
const GitHubLimit = 10

// WriteGitHub prints findings as GitHub Actions workflow commands
// (::error file=…,line=…,col=…,title=…::message). GitHub shows at most
// GitHubLimit annotations of each type per step; the rest are printed as
// plain lines, followed by a count.
func WriteGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	shown := map[diag.Severity]int{}
	left := map[diag.Severity]int{}
	for _, d := range r.All() {
		cmd := "notice"
		switch d.Severity {
		case diag.Error:
			cmd = "error"
		case diag.Warning:
			cmd = "warning"
		}
		if shown[d.Severity] >= GitHubLimit {
			left[d.Severity]++
			fmt.Fprintf(bw, "%s\n", oneLine(d.String()))
			continue
		}
		shown[d.Severity]++
		title := "docsite"
		if d.Rule != "" {
			title += " " + d.Rule
		}
		fmt.Fprintf(bw, "::%s file=%s", cmd, ghProperty(d.Pos.File))
		if d.Pos.Line > 0 {
			fmt.Fprintf(bw, ",line=%d", d.Pos.Line)
			if d.Pos.Col > 0 {
				fmt.Fprintf(bw, ",col=%d", d.Pos.Col)
			}
		}
		fmt.Fprintf(bw, ",title=%s::%s\n", ghProperty(title), ghData(d.Message))
	}
	if n := left[diag.Error] + left[diag.Warning] + left[diag.Info]; n > 0 {
		fmt.Fprintf(bw, "::notice title=docsite::%s\n", ghData(fmt.Sprintf(
			"%d more findings not annotated (GitHub shows %d per type per step): %d errors, %d warnings, %d notices; they are listed above as plain lines",
			n, GitHubLimit, left[diag.Error], left[diag.Warning], left[diag.Info])))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Explain prints, for every claim at file:line, its verdict, the subject
// words it was judged with, the rule and the config facts behind it.
// It returns how many claims it explained.
func Explain(w io.Writer, r *Report, inv *Inventory, file string, line int) int {
	file = filepath.ToSlash(filepath.Clean(file))
	n := 0
	for _, x := range r.Results {
		c := x.Claim
		if c.Pos.Line != line || !(c.Pos.File == file || strings.HasSuffix(file, "/"+c.Pos.File) || strings.HasSuffix(c.Pos.File, "/"+file)) {
			continue
		}
		n++
		fmt.Fprintf(w, "%s: %s %s (written %q)\n", c.Pos, c.Kind, c.Value, c.Raw)
		fmt.Fprintf(w, "  verdict:  %s (rule %s", x.Verdict, x.Rule)
		if x.Verdict == Stale || x.Verdict == Unverified {
			fmt.Fprintf(w, ", %s", x.Severity)
		}
		fmt.Fprintf(w, ")\n")
		if x.Message != "" {
			fmt.Fprintf(w, "  message:  %s\n", x.Message)
		}
		fmt.Fprintf(w, "  context:  %s\n", c.Context)
		fmt.Fprintf(w, "  subjects: sentence %v, heading %v, page %v\n", known(inv, c.Near), known(inv, c.Heading), known(inv, c.Page))
		if x.Subject != "" {
			fmt.Fprintf(w, "  decided by the subject word %q\n", x.Subject)
		}
		if len(x.Config) == 0 {
			fmt.Fprintf(w, "  config:   no fact has this value or these subjects\n")
		}
		for _, f := range x.Config {
			fmt.Fprintf(w, "  config:   %s %s %s  path %s  subjects %v", f.Pos, f.Kind, f.Value, f.Path, Words(f))
			if f.Note != "" {
				fmt.Fprintf(w, "  (%s)", f.Note)
			}
			fmt.Fprintln(w)
		}
	}
	if n == 0 {
		fmt.Fprintf(w, "%s:%d: no claims on this line\n", file, line)
	}
	return n
}

// known marks the words the inventory has as subjects, since only those
// can decide a verdict: "jellyfin*".
func known(inv *Inventory, ws []string) []string {
	if inv == nil {
		return ws
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w
		for k := facts.IP; k <= facts.URL; k++ {
			if len(inv.byWord[kindWord{k, w}]) > 0 {
				out[i] = w + "*"
				break
			}
		}
	}
	return out
}

// oneLine keeps a finding on one line of a log.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}
