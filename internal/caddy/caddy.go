// Package caddy reads Caddyfiles, and Caddy text embedded in Nix, into
// facts: the site addresses, bind addresses, upstreams and matcher hosts
// they define, each at its exact file:line:col and with the subject words
// around it (matcher names, site labels, comments, file path).
//
// Tokens come from Caddy's own lexer (caddyfile.Tokenize), so quoting,
// heredocs and comments read exactly as Caddy reads them. The grouping into
// blocks is done here rather than by caddyfile.Parse, for three reasons:
// Parse expands {$ENV} variables from the process environment (a build must
// not depend on it; such values stay unknown here), it follows imports to
// any file on disk (here only files inside the given root are read), and
// it drops the positions and comments the facts need.
//
// Templates filled by Nix substituteAll/replaceVars hold @name@
// placeholders; each is read as every value bound to that name, and an
// unbound one is a warning and an unknown value.
package caddy

import (
	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// ParseFile reads one Caddyfile (or template of one) named filename with
// content src. vars resolves @name@ placeholders: a name may have several
// values, and all are candidates. Files it imports are read only when
// they lie inside root; with root "" no file import is followed. A
// relative filename is relative to root, and imported files are named
// the same way in the facts' positions.
//
// The error, if any, is a *facts.Error at the position of a syntax error
// or of the first byte that makes src unreadable (binary, git-crypt
// encrypted, invalid UTF-8); the caller reports the file once as skipped.
// Diagnostics are warnings: unknown placeholders, refused imports.
func ParseFile(filename string, src []byte, vars map[string][]facts.Binding, root string) ([]facts.Fact, []diag.Diagnostic, error) {
	s := newSource(filename, string(src), nil)
	base := scope{}.push("", fileWords(filename, root))
	return parse(s, root, vars, base)
}

// ParseDoc reads Caddy text embedded in a .nix file as a whole Caddyfile,
// with positions mapped back through doc.Map. (The Nix reader wraps a
// virtual host's extraConfig as "<site> { … }" and globalConfig as
// "{ … }".) The Doc's Subjects are added to every fact, and its Path
// leads theirs. File imports are
// neither followed nor reported: the text has no folder of its own, and
// what it imports is a template the loader reads with ParseFile anyway.
func ParseDoc(doc facts.Doc, vars map[string][]facts.Binding) ([]facts.Fact, []diag.Diagnostic, error) {
	name := doc.Path
	if len(doc.Lines) > 0 {
		name = doc.Lines[0].File
	}
	s := newSource(name, doc.Text, &doc)
	return parse(s, "", vars, scope{}.push(doc.Path, doc.Subjects))
}

func parse(s *source, root string, vars map[string][]facts.Binding, base scope) ([]facts.Fact, []diag.Diagnostic, error) {
	if err := checkText(s); err != nil {
		return nil, nil, err
	}
	toks, err := lex(s)
	if err != nil {
		return nil, nil, err
	}
	p := newParser(s, toks, root)
	x := &extractor{main: s, root: root, vars: vars}
	blocks, err := p.parseFile()
	if err != nil {
		return nil, nil, err
	}
	x.checkPlaceholders(toks, p.imported)
	x.blocks(blocks, base)
	// A snippet imported twice warns twice at the same place: once is enough.
	var diags diag.List
	seen := map[string]bool{}
	for _, d := range append(p.diags, x.diags...) {
		if k := d.String(); !seen[k] {
			seen[k] = true
			diags = append(diags, d)
		}
	}
	diags.Sort()
	return x.facts, diags, nil
}
