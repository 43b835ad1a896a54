package validate

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// nixResult is what the Nix evaluator gives the inventory.
type nixResult struct {
	facts    []facts.Fact
	docs     []facts.Doc
	bindings map[string][]facts.Binding
	diags    diag.List
}

// parseNix parses one Nix file. Stand-in until internal/nix builds: it only
// rejects unreadable files.
func parseNix(rel string, src []byte) (any, error) {
	switch {
	case bytes.HasPrefix(src, []byte("\x00GITCRYPT")):
		return nil, facts.Errorf(facts.Pos{File: rel, Line: 1, Col: 1}, "git-crypt encrypted file")
	case bytes.IndexByte(src, 0) >= 0:
		return nil, facts.Errorf(facts.Pos{File: rel, Line: 1, Col: 1}, "binary file")
	case !utf8.Valid(src):
		return nil, facts.Errorf(facts.Pos{File: rel, Line: 1, Col: 1}, "not UTF-8 text")
	}
	return rel, nil
}

// evalNix evaluates the parsed files together (references cross files).
func evalNix(files []any) nixResult {
	return nixResult{}
}

// nixErrorPos extracts the first position of a Nix error list.
func nixErrorPos(err error) (facts.Pos, string, bool) {
	var fe *facts.Error
	if errors.As(err, &fe) {
		return fe.Pos, fe.Msg, true
	}
	return facts.Pos{}, "", false
}
