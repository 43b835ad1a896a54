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
	"slices"
	"strings"

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
	return Parse(filename, src, root).Facts(vars)
}

// A File is a Caddyfile lexed and grouped into blocks, its imports read:
// all that does not depend on the placeholders' values. Reading it
// before those are known lets a loader parse it while it evaluates the
// Nix that binds them.
type File struct {
	s      *source
	root   string
	base   scope
	toks   []token
	p      *parser
	blocks []*block
	err    error
}

// Parse lexes and groups one Caddyfile as ParseFile does; its Facts are
// ParseFile's results.
func Parse(filename string, src []byte, root string) *File {
	f := &File{s: newSource(filename, string(src), nil), root: root, base: scope{}.push("", fileWords(filename, root))}
	f.toks, f.p, f.blocks, f.err = group(f.s, root)
	return f
}

// UsesVars reports whether f, or a file it imports, holds an @name@
// placeholder: if not, its Facts are the same whatever the vars.
func (f *File) UsesVars() bool {
	if f.err != nil {
		return false
	}
	for _, toks := range append([][]token{f.toks}, f.p.imported...) {
		for _, t := range toks {
			if strings.Count(t.text, "@") >= 2 && placeholders(t.text) != nil {
				return true
			}
		}
	}
	return false
}

// Facts reads the facts of f with vars resolving its @name@
// placeholders, as ParseFile does. It may be called more than once, with
// other vars.
func (f *File) Facts(vars map[string][]facts.Binding) ([]facts.Fact, []diag.Diagnostic, error) {
	if f.err != nil {
		return nil, nil, f.err
	}
	return extract(f.s, f.root, vars, f.base, f.toks, f.p, f.blocks)
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
	toks, p, blocks, err := group(s, root)
	if err != nil {
		return nil, nil, err
	}
	return extract(s, root, vars, base, toks, p, blocks)
}

// group lexes s and groups its tokens into blocks, reading its imports.
func group(s *source, root string) ([]token, *parser, []*block, error) {
	if err := checkText(s); err != nil {
		return nil, nil, nil, err
	}
	toks, err := lex(s)
	if err != nil {
		return nil, nil, nil, err
	}
	p := newParser(s, toks, root)
	blocks, err := p.parseFile()
	if err != nil {
		return nil, nil, nil, err
	}
	return toks, p, blocks, nil
}

// extract reads the facts of grouped blocks; it changes none of its
// arguments, so a File's may be read again with other vars.
func extract(s *source, root string, vars map[string][]facts.Binding, base scope, toks []token, p *parser, blocks []*block) ([]facts.Fact, []diag.Diagnostic, error) {
	x := &extractor{main: s, root: root, vars: vars}
	x.checkPlaceholders(toks, p.imported)
	x.blocks(blocks, base)
	// A snippet imported twice warns twice at the same place: once is enough.
	var diags diag.List
	seen := map[string]bool{}
	for _, d := range slices.Concat(p.diags, x.diags) {
		if k := d.String(); !seen[k] {
			seen[k] = true
			diags = append(diags, d)
		}
	}
	diags.Sort()
	return x.facts, diags, nil
}
