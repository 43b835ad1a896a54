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
	"strings"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// ParseFile reads one Caddyfile (or template of one) named filename with
// content src. vars resolves @name@ placeholders: a name may have several
// values, and all are candidates. Files it imports are read only when
// they lie inside root; with root "" no file import is followed.
//
// The error, if any, is a *facts.Error at the position of a syntax error
// or of the first byte that makes src unreadable (binary, git-crypt
// encrypted, invalid UTF-8); the caller reports the file once as skipped.
// Diagnostics are warnings: unknown placeholders, refused imports.
func ParseFile(filename string, src []byte, vars map[string][]facts.Binding, root string) ([]facts.Fact, []diag.Diagnostic, error) {
	s := newSource(filename, string(src), nil)
	base := scope{}.push("", fileWords(filename, root))
	return parse(s, root, vars, base, fileMode)
}

// ParseDoc reads Caddy text embedded in a .nix file, with positions mapped
// back through doc.Map. What the text is follows from doc.Path, the Nix
// attribute path of the string: under virtualHosts.<name> it is the body
// of site <name>, under globalConfig the body of the global options, and
// anything else (services.caddy.extraConfig) a whole Caddyfile. The Doc's
// Subjects are added to every fact. File imports are never followed.
func ParseDoc(doc facts.Doc, vars map[string][]facts.Binding) ([]facts.Fact, []diag.Diagnostic, error) {
	name := doc.Path
	if len(doc.Lines) > 0 {
		name = doc.Lines[0].File
	}
	s := newSource(name, doc.Text, &doc)
	var words []string
	words = append(words, filterWords(doc.Subjects)...)
	words = append(words, fileWords(name, "")...)
	base := scope{}.push("", words)
	mode, site := docMode(doc.Path)
	if site != "" {
		var sw []string
		for _, a := range strings.FieldsFunc(site, func(r rune) bool { return r == ',' || r == ' ' }) {
			h, _ := splitHostPort(siteHostPort(a))
			sw = append(sw, hostWords(strings.Trim(h, "[]"), true)...)
		}
		base = base.push(site, sw)
		base.who = site
		if len(sw) > 0 {
			base.who = sw[0]
		}
	}
	return parse(s, "", vars, base, mode)
}

type textMode uint8

const (
	fileMode   textMode = iota // a whole Caddyfile
	siteMode                   // the directives of one site
	globalMode                 // the global options
)

// docMode reads the attribute path of an embedded string: what sort of
// Caddy text it holds, and for a virtual host its name.
func docMode(attrPath string) (textMode, string) {
	segs := splitAttrPath(attrPath)
	for i, s := range segs {
		if s == "virtualHosts" && i+1 < len(segs) {
			return siteMode, segs[i+1]
		}
	}
	if len(segs) > 0 && segs[len(segs)-1] == "globalConfig" {
		return globalMode, ""
	}
	return fileMode, ""
}

// splitAttrPath splits a.b."c.d".e into a, b, c.d, e.
func splitAttrPath(p string) []string {
	var segs []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '.' && !quoted:
			segs = append(segs, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(segs, cur.String())
}

func parse(s *source, root string, vars map[string][]facts.Binding, base scope, mode textMode) ([]facts.Fact, []diag.Diagnostic, error) {
	if err := checkText(s); err != nil {
		return nil, nil, err
	}
	toks, err := lex(s)
	if err != nil {
		return nil, nil, err
	}
	p := newParser(toks, root)
	x := &extractor{vars: vars}
	switch mode {
	case fileMode:
		blocks, err := p.parseFile()
		if err != nil {
			return nil, nil, err
		}
		x.checkPlaceholders(toks, p.imported)
		x.blocks(blocks, base)
	default:
		body, err := p.parseBody(false, true)
		if err != nil {
			return nil, nil, err
		}
		x.checkPlaceholders(toks, p.imported)
		if mode == globalMode {
			x.globalOptions(body, base.push("global options", nil))
		} else {
			x.body(body, base)
		}
	}
	diags := append(p.diags, x.diags...)
	diag.List(diags).Sort()
	return x.facts, diags, nil
}
