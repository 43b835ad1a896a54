package serve

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/docsite/docsite/internal/diag"
)

// MaxOverlay is how many findings the overlay lists (errors first); the
// rest are counted. A site with thousands of warnings gets a readable
// overlay and a small findings.json.
const MaxOverlay = 50

// Findings is what the overlay shows and marks: the findings of the last
// build and check, and the verdicts of the claims on each page.
type Findings struct {
	NavigateToChanged bool
	Diagnostics       diag.List
	// Claims maps a page key ("mini-vm/", "" for the home page) to the
	// verdicts of the claims on that page.
	Claims map[string][]Mark
	// Source returns a file's contents for excerpts, or nil.
	Source func(file string) []byte
}

// A Finding is a diagnostic with the source line it points at.
type Finding struct {
	diag.Diagnostic
	Excerpt string `json:"excerpt,omitempty"`
}

// A Mark is the verdict on one claim, found in the page by the
// data-claim="LINE:COL" attribute the build puts on it in serve mode.
type Mark struct {
	At      string `json:"at"`      // "LINE:COL" in the page's Markdown source
	Verdict string `json:"verdict"` // "verified", "stale", "unverified", "ignored"
	Message string `json:"message,omitempty"`
	Source  string `json:"source,omitempty"` // the config line that confirms it, file:line:col
}

// findingsJSON is Findings encoded for serving: the overlay part once,
// the claims per page, so a browser fetches only its page's verdicts.
type findingsJSON struct {
	overlay []byte            // JSON object without version and claims
	claims  map[string][]byte // page key → JSON array of marks
}

// encode prepares f for serving. prev, the encoding of the last version,
// lends its bytes to pages whose marks did not change.
func (f *Findings) encode(prev *findingsJSON, prevMarks map[string][]Mark) *findingsJSON {
	ds := slices.Clone(f.Diagnostics)
	slices.SortStableFunc(ds, func(a, b diag.Diagnostic) int { return cmp.Compare(b.Severity, a.Severity) })
	total := map[string]int{"error": 0, "warning": 0}
	shown := []Finding{}
	for _, d := range ds {
		if d.Severity < diag.Warning {
			continue
		}
		total[d.Severity.String()]++
		if len(shown) < MaxOverlay {
			fd := Finding{Diagnostic: d}
			if f.Source != nil && d.Pos.IsValid() {
				if b := f.Source(d.Pos.File); b != nil {
					fd.Excerpt = Excerpt(b, d.Pos.Line, d.Pos.Col)
				}
			}
			shown = append(shown, fd)
		}
	}
	overlay, _ := json.Marshal(struct {
		NavigateToChanged bool           `json:"navigate_to_changed"`
		Total             map[string]int `json:"total"`
		Diagnostics       []Finding      `json:"diagnostics"`
	}{f.NavigateToChanged, total, shown})
	out := &findingsJSON{overlay: overlay, claims: make(map[string][]byte, len(f.Claims))}
	for key, ms := range f.Claims {
		if prev != nil && prevMarks != nil {
			if old, ok := prevMarks[key]; ok && slices.Equal(old, ms) {
				out.claims[key] = prev.claims[key]
				continue
			}
		}
		b, _ := json.Marshal(ms)
		out.claims[key] = b
	}
	return out
}

// equal reports whether a browser would see no difference.
func (j *findingsJSON) equal(k *findingsJSON) bool {
	return j != nil && k != nil && bytes.Equal(j.overlay, k.overlay) &&
		maps.EqualFunc(j.claims, k.claims, func(a, b []byte) bool { return bytes.Equal(a, b) })
}

// page returns findings.json for one page of version id.
func (j *findingsJSON) page(id, key string) []byte {
	k, _ := json.Marshal(key)
	marks := j.claims[key]
	if marks == nil {
		marks = []byte("[]")
	}
	var b bytes.Buffer
	b.WriteString(`{"version":` + strconv.Quote(id) + `,`)
	b.Write(j.overlay[1 : len(j.overlay)-1])
	b.WriteString(`,"claims":{`)
	b.Write(k)
	b.WriteString(`:`)
	b.Write(marks)
	b.WriteString(`}}`)
	return b.Bytes()
}

// Excerpt returns line of src with its number, and a caret under col when
// col > 0, the way compilers quote source:
//
//	41 | - VM Internal IP: `192.168.139.245`
//	   |                    ^
func Excerpt(src []byte, line, col int) string {
	if line < 1 {
		return ""
	}
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	text := strings.TrimRight(string(src), "\r")
	if len(text) > 300 {
		text = text[:300] + "…"
	}
	num := strconv.Itoa(line)
	out := num + " | " + text
	if col > 0 && col <= len(text)+1 {
		// Tabs stay tabs so the caret lines up whatever the tab width.
		pad := []byte(text[:col-1])
		for i, c := range pad {
			if c != '\t' {
				pad[i] = ' '
			}
		}
		out += "\n" + strings.Repeat(" ", len(num)) + " | " + string(pad) + "^"
	}
	return out
}
