package serve

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/docsite/docsite/internal/diag"
)

// Findings is the body of /__docsite/findings.json: what the live script
// shows in its overlay and marks on the page.
type Findings struct {
	Version           string    `json:"version"`
	NavigateToChanged bool      `json:"navigate_to_changed"`
	Diagnostics       []Finding `json:"diagnostics"`
	// Claims maps a page key ("mini-vm/", "" for the home page) to the
	// verdicts of the claims on that page.
	Claims map[string][]Mark `json:"claims"`
}

// A Finding is a diagnostic with the source lines around it.
type Finding struct {
	diag.Diagnostic
	Excerpt string `json:"excerpt,omitempty"`
}

// A Mark is the verdict on one claim, found in the page by the
// data-claim="LINE:COL" attribute the build puts on it in serve mode.
type Mark struct {
	At      string `json:"at"`      // "LINE:COL" in the page's Markdown source
	Verdict string `json:"verdict"` // "verified", "stale", "unverified"
	Message string `json:"message,omitempty"`
	Source  string `json:"source,omitempty"` // the config line that decides it, file:line:col
}

// NewFindings pairs each diagnostic with an excerpt of its source, read
// through src (which returns nil for files it does not have).
func NewFindings(diags diag.List, claims map[string][]Mark, src func(file string) []byte) *Findings {
	f := &Findings{Diagnostics: []Finding{}, Claims: claims}
	if f.Claims == nil {
		f.Claims = map[string][]Mark{}
	}
	for _, d := range diags {
		var ex string
		if src != nil && d.Pos.IsValid() {
			if b := src(d.Pos.File); b != nil {
				ex = Excerpt(b, d.Pos.Line, d.Pos.Col)
			}
		}
		f.Diagnostics = append(f.Diagnostics, Finding{Diagnostic: d, Excerpt: ex})
	}
	return f
}

// JSON encodes f for version id.
func (f *Findings) JSON(id string) []byte {
	c := *f
	c.Version = id
	b, err := json.Marshal(&c)
	if err != nil { // cannot happen: plain strings and numbers
		return []byte(`{"version":"` + id + `","diagnostics":[],"claims":{}}`)
	}
	return b
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
