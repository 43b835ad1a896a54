package caddy

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// The parser groups tokens into server blocks and directives the way
// caddyfile.Parse does (parse.go in Caddy), but builds a tree, follows
// only the imports it is allowed to, and never looks at the environment.

// A block is a server block: site addresses and the directives under them.
type block struct {
	keys   []token
	body   []*directive
	global bool // the global options block
	first  token
}

// A directive is one line, with the block it opens if any.
type directive struct {
	name token
	args []token
	body []*directive
}

// Limits that keep a hostile or mistaken file from hanging a build:
// nesting of imports, and the total number of tokens imports produce.
const (
	maxImportDepth = 16
	maxTokens      = 1 << 18
)

// importKey names a file import for cycle detection: the path joined to
// the importing file's folder.
func importKey(imp token, pattern string) string {
	if filepath.IsAbs(pattern) {
		return filepath.Clean(pattern)
	}
	return filepath.Join(filepath.Dir(imp.src.name), pattern)
}

type parser struct {
	// Tokens are read from a stack of streams: an import pushes the
	// imported tokens instead of splicing them into one slice, which
	// would copy the rest of the file at every import.
	stack    []frame
	main     *source
	cur      token // the current token
	has      bool  // cur is a token, not end of input
	unread   bool  // the next call of next returns cur again
	last     token // the last token read, for errors at end of input
	root     string
	snippets map[string][]token
	imported [][]token // tokens of the files read through import
	budget   int       // how many more tokens imports may produce
	diags    []diag.Diagnostic
}

type frame struct {
	toks []token
	i    int // index of the next token to read
}

func newParser(main *source, toks []token, root string) *parser {
	return &parser{main: main, stack: []frame{{toks: toks}}, root: root, budget: maxTokens}
}

func (p *parser) next() bool {
	if p.unread {
		p.unread = false
		return p.has
	}
	for len(p.stack) > 0 {
		f := &p.stack[len(p.stack)-1]
		if f.i < len(f.toks) {
			p.cur, p.has = f.toks[f.i], true
			p.last = p.cur
			f.i++
			return true
		}
		p.stack = p.stack[:len(p.stack)-1]
	}
	p.cur, p.has = token{}, false
	return false
}

func (p *parser) tok() token { return p.cur }

// peek returns the token next will return.
func (p *parser) peek() (token, bool) {
	if p.unread {
		return p.cur, p.has
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		if f := p.stack[i]; f.i < len(f.toks) {
			return f.toks[f.i], true
		}
	}
	return token{}, false
}

// peekSameLine reports whether the next token continues the current line.
func (p *parser) peekSameLine() bool {
	t, ok := p.peek()
	return ok && !t.nl
}

func (p *parser) errAt(t token, format string, args ...any) error {
	if t.src == nil {
		if last := p.last; last.src != nil {
			return facts.Errorf(last.posAt(len(last.raw)), format, args...)
		}
		return facts.Errorf(p.main.pos(0), format, args...)
	}
	return facts.Errorf(t.pos(), format, args...)
}

func (p *parser) warn(t token, rule, format string, args ...any) {
	p.diags = append(p.diags, diag.Diagnostic{
		Pos:      t.pos(),
		Severity: diag.Warning,
		Message:  fmt.Sprintf(format, args...),
		Rule:     rule,
	})
}

// parseFile reads a whole Caddyfile into server blocks.
func (p *parser) parseFile() ([]*block, error) {
	var blocks []*block
	for p.next() {
		b, err := p.parseBlock()
		if err != nil {
			return blocks, err
		}
		if b == nil {
			continue
		}
		if b.global && len(blocks) > 0 {
			return blocks, p.errAt(b.first, "server block without any key is global configuration, and if used, it must be first")
		}
		blocks = append(blocks, b)
	}
	return blocks, nil
}

func (p *parser) parseBlock() (*block, error) {
	b := &block{first: p.tok()}
	expectingAnother, eof, braces := false, false, false
	for {
		t := p.tok()
		if isMatcherName(t.text) && !t.quote {
			return nil, p.errAt(t, "request matchers may not be defined globally, they must be in a site block; found %s", t.text)
		}
		if t.text == "import" && t.nl && !t.quote {
			if err := p.doImport(); err != nil {
				return nil, err
			}
			if !p.next() {
				eof = true
				break
			}
			continue
		}
		if t.isOpen() {
			if expectingAnother {
				return nil, p.errAt(t, "expected another address but had '{' - check for extra comma")
			}
			braces = true
			break
		}
		if strings.HasSuffix(t.text, "{") && !t.quote {
			return nil, p.errAt(t, "site addresses cannot end with a curly brace: '%s' - put a space between the token and the brace", t.text)
		}
		if t.isClose() {
			return nil, p.errAt(t, "unexpected '}' because no matching opening brace")
		}
		if v := t.text; v != "" {
			expectingAnother = strings.HasSuffix(v, ",")
			v = strings.TrimSuffix(v, ",")
			if strings.Contains(v, ",") {
				return nil, p.errAt(t, "site addresses cannot contain a comma ',': '%s' - put a space after the comma to separate site addresses", v)
			}
			if v != "" {
				k := t
				k.text = v
				b.keys = append(b.keys, k)
			}
		}
		if !p.next() {
			if expectingAnother {
				return nil, p.errAt(token{}, "unexpected EOF")
			}
			eof = true
			break
		}
		if !expectingAnother && p.tok().nl {
			break
		}
	}
	if len(b.keys) > 0 {
		b.first = b.keys[0]
	}
	if eof {
		if len(b.keys) == 0 {
			return nil, nil
		}
		return b, nil
	}
	if len(b.keys) == 1 && strings.HasPrefix(b.keys[0].text, "(") && strings.HasSuffix(b.keys[0].text, ")") {
		return nil, p.defineSnippet(b.keys[0])
	}
	if !braces {
		// A single site without braces: directives to the end of the file.
		p.unread = true
		body, err := p.parseBody(false, true)
		b.body = body
		return b, err
	}
	b.global = len(b.keys) == 0
	body, err := p.parseBody(true, true)
	b.body = body
	return b, err
}

// defineSnippet stores the tokens of a (name) { … } block for import.
func (p *parser) defineSnippet(key token) error {
	name := key.text[1 : len(key.text)-1]
	if !p.tok().isOpen() {
		return p.errAt(p.tok(), "expected '{' after snippet %s", key.text)
	}
	if p.snippets == nil {
		p.snippets = map[string][]token{}
	}
	if _, dup := p.snippets[name]; dup {
		return p.errAt(key, "redeclaration of previously declared snippet %s", name)
	}
	var body []token
	for depth := 1; ; {
		if !p.next() {
			return p.errAt(token{}, "unexpected EOF: snippet %s is not closed", key.text)
		}
		t := p.tok()
		if t.isOpen() {
			depth++
		} else if t.isClose() {
			if depth--; depth == 0 {
				break
			}
		}
		body = append(body, t)
	}
	p.snippets[name] = body
	return nil
}

// parseBody reads directives up to the matching '}' (when braced) or the
// end of input. The current token is the '{', or the one before the body.
func (p *parser) parseBody(braced, top bool) ([]*directive, error) {
	var list []*directive
	for p.next() {
		t := p.tok()
		if t.isClose() {
			if !braced {
				return list, p.errAt(t, "unexpected '}' because no matching opening brace")
			}
			return list, nil
		}
		if t.text == "import" && !t.quote && t.nl {
			if err := p.doImport(); err != nil {
				return list, err
			}
			continue
		}
		if t.isOpen() {
			return list, p.errAt(t, "unexpected '{' on a new line; did you mean to place the '{' on the previous line?")
		}
		d := &directive{name: t}
		list = append(list, d)
		closed, err := p.parseLine(d)
		if err != nil {
			return list, err
		}
		if closed {
			if !braced {
				return list, p.errAt(p.tok(), "unexpected '}' because no matching opening brace")
			}
			return list, nil
		}
	}
	if braced {
		if last := p.last; top && last.isClose() {
			// Caddy takes the '}' that closed the last directive's block
			// as the end of the site too; so do we, with a warning.
			p.warn(last, "caddy-syntax", "missing '}' at the end of the file: Caddy reads this '}' as closing the site too")
			return list, nil
		}
		return list, p.errAt(token{}, "unexpected EOF: missing '}'")
	}
	return list, nil
}

// parseLine reads the arguments of directive d and the block it opens. It
// reports whether a '}' at the end of the line closed the enclosing block.
func (p *parser) parseLine(d *directive) (closed bool, err error) {
	for p.peekSameLine() {
		p.next()
		a := p.tok()
		switch {
		case a.isOpen():
			if p.peekSameLine() {
				t, _ := p.peek()
				return false, p.errAt(t, "unexpected next token after '{' on same line")
			}
			body, err := p.parseBody(true, false)
			d.body = body
			if d.body == nil {
				d.body = []*directive{}
			}
			return false, err
		case a.isClose():
			return true, nil
		case a.text == "{}" && !a.quote && !p.peekSameLine():
			return false, p.errAt(a, "unexpected '{}' at end of line")
		}
		d.args = append(d.args, a)
	}
	return false, nil
}

var argsRE = regexp.MustCompile(`\{args(?:\[(\d+)\]|\.(\d+))\}`)

// doImport replaces "import pattern args…" (the current token and the rest
// of its line) with the tokens of a snippet or of files inside the root,
// so that next returns the first of them.
func (p *parser) doImport() error {
	imp := p.tok()
	if !p.peekSameLine() {
		return p.errAt(imp, "import requires a file path or snippet name")
	}
	p.next()
	pattern := p.tok()
	var args []token
	var blockToks []token
	for p.peekSameLine() {
		p.next()
		t := p.tok()
		if t.isOpen() && !p.peekSameLine() {
			for depth := 1; ; {
				if !p.next() {
					return p.errAt(token{}, "unexpected EOF: import block is not closed")
				}
				b := p.tok()
				if b.isOpen() {
					depth++
				} else if b.isClose() {
					if depth--; depth == 0 {
						break
					}
				}
				blockToks = append(blockToks, b)
			}
			break
		}
		args = append(args, t)
	}
	if imp.via != nil && imp.via.depth >= maxImportDepth {
		return p.errAt(imp, "imports nested deeper than %d: %s", maxImportDepth, pattern.text)
	}

	var imported []token
	name := pattern.text
	if body, ok := p.snippets[name]; ok {
		if imp.via.has("(" + name + ")") {
			return p.errAt(pattern, "import cycle: snippet %s imports itself", name)
		}
		imported = substituteArgs(body, args, blockToks)
		name = "(" + name + ")"
	} else {
		if imp.via.has(importKey(imp, name)) {
			return p.errAt(pattern, "import cycle: %s imports itself", name)
		}
		toks, err := p.importFiles(imp, pattern)
		if err != nil {
			return err
		}
		imported = substituteArgs(toks, args, blockToks)
		name = importKey(imp, name)
	}
	if p.budget -= len(imported); p.budget < 0 {
		return p.errAt(imp, "imports expand to more than %d tokens", maxTokens)
	}
	link := &importLink{name: name, parent: imp.via, depth: 1}
	if imp.via != nil {
		link.depth = imp.via.depth + 1
	}
	for i := range imported {
		imported[i].via = link
	}
	if len(imported) > 0 {
		imported[0].nl = true
		p.stack = append(p.stack, frame{toks: imported})
	}
	return nil
}

// substituteArgs copies toks, replacing {args[N]} (and the older
// {args.N}), the variadic {args[i:j]} and {block}.
func substituteArgs(toks, args, blockToks []token) []token {
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if t.text == "{block}" {
			out = append(out, blockToks...)
			continue
		}
		if lo, hi, ok := variadic(t.text, len(args)); ok {
			out = append(out, args[lo:hi]...)
			continue
		}
		if m := argsRE.FindStringSubmatch(t.text); m != nil && m[0] == t.text {
			n, _ := strconv.Atoi(m[1] + m[2])
			if n < len(args) {
				a := args[n]
				a.nl = t.nl
				out = append(out, a) // the value stands where the argument is written
				continue
			}
		}
		if strings.Contains(t.text, "{args") {
			t.text = argsRE.ReplaceAllStringFunc(t.text, func(s string) string {
				m := argsRE.FindStringSubmatch(s)
				n, _ := strconv.Atoi(m[1] + m[2])
				if n < len(args) {
					return args[n].text
				}
				return s
			})
		}
		out = append(out, t)
	}
	return out
}

func variadic(s string, n int) (lo, hi int, ok bool) {
	r, found := strings.CutPrefix(s, "{args[")
	if !found {
		return 0, 0, false
	}
	r, found = strings.CutSuffix(r, "]}")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(r, ":")
	if !found {
		return 0, 0, false
	}
	lo, hi = 0, n
	var err error
	if a != "" {
		if lo, err = strconv.Atoi(a); err != nil {
			return 0, 0, false
		}
	}
	if b != "" {
		if hi, err = strconv.Atoi(b); err != nil {
			return 0, 0, false
		}
	}
	if lo < 0 || lo > hi || hi > n {
		return 0, 0, false
	}
	return lo, hi, true
}

// importFiles lexes the files an import pattern names, relative to the
// importing file, following only files that stay inside the root after
// symlinks are resolved. Refused and missing imports are warnings: the
// rest of the file still says something.
func (p *parser) importFiles(imp, pattern token) ([]token, error) {
	pat := pattern.text
	if imp.src.doc != nil {
		// Caddy text in Nix imports the templates Nix fills in
		// ("import ${publicSites}"); those files are sources of their own,
		// read once by ParseFile, so there is nothing to report here.
		return nil, nil
	}
	if p.root == "" {
		p.warn(pattern, "caddy-import", "import %s not followed: no site root to read it from", pat)
		return nil, nil
	}
	if strings.ContainsAny(pat, "{}$@") {
		p.warn(pattern, "caddy-import", "import %s not followed: the path holds a placeholder", pat)
		return nil, nil
	}
	if strings.Count(pat, "*") > 1 || strings.Count(pat, "?") > 1 || strings.ContainsAny(pat, "[]") {
		p.warn(pattern, "caddy-import", "import %s not followed: Caddy allows one wildcard only", pat)
		return nil, nil
	}
	// A relative file name is relative to the root, like the names the
	// caller gives; imported files are named the same way.
	dir := filepath.Dir(imp.src.name)
	relNames := !filepath.IsAbs(dir)
	if relNames {
		dir = filepath.Join(p.root, dir)
	}
	if !filepath.IsAbs(pat) {
		pat = filepath.Join(dir, pat)
	}
	absRoot, err1 := filepath.Abs(p.root)
	root, err2 := realPath(p.root)
	if err := cmp.Or(err1, err2); err != nil {
		p.warn(pattern, "caddy-import", "import %s not followed: site root: %v", pattern.text, err)
		return nil, nil
	}
	// Refuse before touching the file system: not even a folder listing
	// outside the root.
	if !inside(absRoot, pat) {
		p.warn(pattern, "caddy-import", "import %s not followed: outside the site root", pattern.text)
		return nil, nil
	}
	matches, _ := filepath.Glob(pat)
	if len(matches) == 0 {
		p.warn(pattern, "caddy-import", "import %s: no such file", pattern.text)
		return nil, nil
	}
	var out []token
	for _, m := range matches {
		if strings.HasPrefix(filepath.Base(m), ".") && strings.HasPrefix(filepath.Base(pat), "*") {
			continue // Caddy skips dot files matched by a leading '*'
		}
		real, err := realPath(m)
		if err != nil || !inside(root, real) {
			p.warn(pattern, "caddy-import", "import %s not followed: %s links outside the site root", pattern.text, m)
			continue
		}
		data, err := os.ReadFile(real)
		if err != nil {
			p.warn(pattern, "caddy-import", "import %s: %v", pattern.text, err)
			continue
		}
		name := m
		if a, err := filepath.Abs(m); err == nil && relNames {
			if rel, err := filepath.Rel(absRoot, a); err == nil {
				name = filepath.ToSlash(rel)
			}
		}
		// An imported file that cannot be read (often a git-crypt
		// encrypted secrets file) costs its own facts, not the importer's.
		src := newSource(name, string(data), nil)
		err = checkText(src)
		var toks []token
		if err == nil {
			toks, err = lex(src)
		}
		if err != nil {
			p.warn(pattern, "caddy-import", "import %s: skipped unreadable %v", pattern.text, err)
			continue
		}
		p.imported = append(p.imported, toks)
		out = append(out, toks...)
	}
	return out, nil
}

func realPath(p string) (string, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(a)
}

// inside reports whether path p is root or below it.
func inside(root, p string) bool {
	a, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(root, a)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
