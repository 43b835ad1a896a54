// Package diag holds the one shape every finding takes, whichever stage
// produced it: a broken link from the build, a stale fact from validation,
// an unreadable .nix file. Reporters (text, JSON, GitHub annotations) and
// the dev server's overlay all print this type.
package diag

import (
	"cmp"
	"slices"

	"github.com/docsite/docsite/internal/facts"
)

// Severity orders findings; only Error fails a build.
type Severity uint8

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// MarshalText makes severities print as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one finding at a position.
type Diagnostic struct {
	Pos      facts.Pos `json:"pos"`
	Severity Severity  `json:"severity"`
	Message  string    `json:"message"`
	// Rule names what produced the finding, e.g. "link", "anchor",
	// "stale-port", "unreadable-source", "config".
	Rule string `json:"rule"`
}

func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Severity.String() + ": " + d.Message
}

// List is a set of findings.
type List []Diagnostic

// Sort orders findings by file, line, column, then message, so output is
// stable from run to run whatever order the work was done in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns how many findings have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }
