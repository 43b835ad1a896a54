package nix

import (
	"fmt"
	"math"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The parser is recursive descent over Nix's bison grammar
// (src/libexpr/parser.y), with bison's operator precedences reproduced by
// precedence climbing. It keeps going after an error: a bad binding is
// skipped up to its `;`, so the rest of an attribute set still parses.

const (
	maxParseErrors = 10   // stop after this many syntax errors
	maxParseDepth  = 3000 // deeper nesting is refused rather than risking the stack
)

type parseBailout struct{}

// slab hands out nodes from chunks: one allocation per chunk instead of
// one per node, which is most of the parser's time on small files. A
// chunk is sized for the nodes the rest of the source should hold, at
// the slab's density (bytes of source per node), so a typical file takes
// one or two chunks per node type and wastes little.
//
// Without a density (the evaluator's slabs), chunks double from 4 to 64.
type slab[T any] struct {
	buf  []T
	per  int       // bytes of source per node, typically
	rest *sizeRest // how much source is left to parse
	next int       // without rest: the size of the next chunk
}

// sizeRest reports the bytes of source not yet scanned.
type sizeRest struct{ sc *scanner }

func (r *sizeRest) chunk(per int) int {
	n := (len(r.sc.src)-r.sc.off)/per + 2
	return min(max(n, 4), 128)
}

func (s *slab[T]) alloc() *T {
	if len(s.buf) == 0 {
		if s.rest != nil {
			s.buf = make([]T, s.rest.chunk(s.per))
		} else {
			s.next = min(max(2*s.next, 4), 64)
			s.buf = make([]T, s.next)
		}
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// seqs hands out exactly sized slices cut from shared chunks: the parser
// collects a list on a scratch stack, then copies it here once. Chunks
// are sized as slab's are.
type seqs[T any] struct {
	buf  []T
	per  int
	rest *sizeRest
}

func (s *seqs[T]) copy(xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	if len(xs) > 16 {
		return append([]T(nil), xs...)
	}
	if cap(s.buf)-len(s.buf) < len(xs) {
		s.buf = make([]T, 0, max(s.rest.chunk(s.per), 16))
	}
	start := len(s.buf)
	s.buf = append(s.buf, xs...)
	return s.buf[start:len(s.buf):len(s.buf)]
}

// nodeSlabs holds a slab for each of the most frequent node types, and
// the backing store of the lists nodes hold.
type nodeSlabs struct {
	rest sizeRest

	idents  slab[Ident]
	names   slab[AttrName]
	parts   slab[StrPart]
	defs    slab[AttrDef]
	strings slab[String]
	selects slab[Select]
	calls   slab[Call]
	sets    slab[AttrSet]
	ints    slab[Int]
	formals slab[Formal]
	lists   slab[List]

	paths    seqs[*AttrName]
	binds    seqs[Binding]
	exprs    seqs[Expr]
	partList seqs[*StrPart]
	formList seqs[*Formal]
}

// init sets the densities, those of NixOS modules (the example infra and
// bench/nixmod): an attribute name every 20-30 bytes, an identifier every
// 40, and so on. Guessing low costs another chunk, guessing high wastes
// memory.
func (n *nodeSlabs) init(sc *scanner) {
	n.rest.sc = sc
	r := &n.rest
	n.names.per, n.names.rest = 24, r
	n.idents.per, n.idents.rest = 40, r
	n.defs.per, n.defs.rest = 48, r
	n.parts.per, n.parts.rest = 64, r
	n.strings.per, n.strings.rest = 128, r
	n.selects.per, n.selects.rest = 160, r
	n.sets.per, n.sets.rest = 160, r
	n.calls.per, n.calls.rest = 200, r
	n.ints.per, n.ints.rest = 256, r
	n.formals.per, n.formals.rest = 256, r
	n.lists.per, n.lists.rest = 320, r
	n.paths.per, n.paths.rest = 20, r
	n.binds.per, n.binds.rest = 40, r
	n.partList.per, n.partList.rest = 64, r
	n.exprs.per, n.exprs.rest = 100, r
	n.formList.per, n.formList.rest = 256, r
}

// scratch is the parser's working memory that no tree keeps: stacks the
// lists are collected on before nodes get exact copies. It is reused
// across files with its parser.
type scratch struct {
	paths    []*AttrName
	binds    []Binding
	exprs    []Expr
	parts    []*StrPart
	pieces   []indPiece
	strip    []byte
	docs     []docSite
	comments []*Comment
	stack    []scanMode
	decoded  []string
}

// parserPool holds parsers between files: a parser is a kilobyte of
// state that would otherwise be allocated and cleared for every file,
// and its scratch buffers keep their capacity.
var parserPool = sync.Pool{New: func() any { return &parser{tmp: new(scratch)} }}

// release clears what p points to, so a pooled parser keeps no tree or
// source alive, and returns it to the pool.
func (p *parser) release() {
	tmp := p.tmp
	tmp.reset()
	*p = parser{tmp: tmp}
	parserPool.Put(p)
}

// reset clears what the buffers point to and empties them.
func (s *scratch) reset() {
	clear(s.paths[:cap(s.paths)])
	clear(s.binds[:cap(s.binds)])
	clear(s.exprs[:cap(s.exprs)])
	clear(s.parts[:cap(s.parts)])
	clear(s.pieces[:cap(s.pieces)])
	clear(s.docs[:cap(s.docs)])
	clear(s.comments[:cap(s.comments)])
	clear(s.decoded[:cap(s.decoded)])
	*s = scratch{
		paths: s.paths[:0], binds: s.binds[:0], exprs: s.exprs[:0], parts: s.parts[:0],
		pieces: s.pieces[:0], strip: s.strip[:0], docs: s.docs[:0], comments: s.comments[:0],
		stack: s.stack[:0], decoded: s.decoded[:0],
	}
}

type parser struct {
	sc     scanner
	file   *File
	errors ErrorList

	tok     lexItem    // current token
	la      [4]lexItem // lookahead beyond tok: a ring of laN items from laHead
	laHead  int
	laN     int
	prevEnd int // end offset of the token before tok
	depth   int

	nodes nodeSlabs
	tmp   *scratch

	lastErrOff int // offset of the last error reported
	nerrs      int // errors seen, including those not reported

	docs []docSite // bindings and formals that may carry comments (in tmp)
}

// docSite is a node that may get a doc comment, with the end of the token
// before it (a doc comment must sit between that token and the node).
type docSite struct {
	node    Node
	prevEnd int
}

// init readies a pooled (released) parser for src.
func (p *parser) init(f *File, src []byte) {
	tmp := p.tmp
	p.file = f
	p.sc = newScanner(src, p.errorAt)
	p.sc.stack, p.sc.decoded, p.sc.comments = tmp.stack, tmp.decoded, tmp.comments
	p.docs = tmp.docs
	p.nodes.init(&p.sc)
	p.tok = p.sc.scan()
}

// done hands the scratch buffers, grown or not, back to p.tmp.
func (p *parser) done() {
	p.tmp.stack, p.tmp.decoded, p.tmp.comments = p.sc.stack, p.sc.decoded, p.sc.comments
	p.tmp.docs = p.docs
}

func (p *parser) errorAt(off int, msg string) {
	p.nerrs++
	// One error per position: the first says what went wrong, the
	// ones recovery adds at the same token say nothing new.
	if n := len(p.errors); n > 0 && p.lastErrOff == off {
		return
	}
	p.lastErrOff = off
	p.errors = append(p.errors, &Error{Pos: p.file.Position(Pos(off + 1)), Msg: msg})
	if len(p.errors) >= maxParseErrors {
		panic(parseBailout{})
	}
}

func (p *parser) next() {
	p.prevEnd = p.tok.end
	if p.laN > 0 {
		p.tok = p.la[p.laHead]
		p.laHead = (p.laHead + 1) % len(p.la)
		p.laN--
		return
	}
	p.tok = p.sc.scan()
}

// peek returns the k-th token after the current one (k >= 1).
func (p *parser) peek(k int) Token {
	for p.laN < k {
		p.la[(p.laHead+p.laN)%len(p.la)] = p.sc.scan()
		p.laN++
	}
	return p.la[(p.laHead+k-1)%len(p.la)].tok
}

func (p *parser) pos() Pos { return Pos(p.tok.pos + 1) }

func (p *parser) tokDesc(it lexItem) string {
	switch it.tok {
	case ILLEGAL:
		// The character itself says more than the token's name: a
		// stray byte order mark or smart quote from an editor, or a
		// binary file.
		r, _ := utf8.DecodeRuneInString(p.sc.str[it.pos:])
		switch {
		case r == '\uFEFF':
			return "a byte order mark (U+FEFF), which Nix rejects: save the file as UTF-8 without one"
		case r == utf8.RuneError:
			return fmt.Sprintf("byte 0x%02X, which is not UTF-8 text", p.sc.str[it.pos])
		case unicode.IsPrint(r):
			return fmt.Sprintf("%q (U+%04X)", r, r)
		}
		return fmt.Sprintf("U+%04X", r)
	case EOF:
		return "end of file"
	case IDENT, INT, FLOAT, URI, PATH, HPATH, SPATH, STR, IND_STR:
		return it.tok.String()
	case PATH_END:
		return "end of path"
	}
	return "'" + it.tok.String() + "'"
}

func (p *parser) errorExpected(what string) {
	p.errorAt(p.tok.pos, "expected "+what+", found "+p.tokDesc(p.tok))
}

// expect consumes tok or reports it missing; it returns the end of the
// token (or the current position when missing).
func (p *parser) expect(tok Token) Pos {
	if p.tok.tok != tok {
		p.errorExpected("'" + tok.String() + "'")
		return Pos(p.prevEnd + 1)
	}
	end := Pos(p.tok.end + 1)
	p.next()
	return end
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxParseDepth {
		p.errorAt(p.tok.pos, "expression nested too deeply")
		panic(parseBailout{})
	}
}

func (p *parser) leave() { p.depth-- }

func (p *parser) parseFile() Expr {
	if p.tok.tok == EOF {
		p.errorAt(p.tok.pos, "expected expression, found end of file")
		return nil
	}
	x := p.parseExpr()
	if p.tok.tok != EOF {
		p.errorAt(p.tok.pos, "expected end of file, found "+p.tokDesc(p.tok))
	}
	return x
}

// parseExpr parses expr_function: lambdas, assert, with, let, and below.
func (p *parser) parseExpr() Expr {
	p.enter()
	defer p.leave()
	start := p.pos()
	switch p.tok.tok {
	case IDENT:
		switch p.peek(1) {
		case COLON:
			arg := p.parseIdent()
			p.next()
			body := p.parseExpr()
			return &Lambda{Range: Range{start, body.End()}, Arg: arg, Body: body}
		case AT:
			arg := p.parseIdent()
			p.next()
			formals := p.parseFormals()
			p.expect(COLON)
			body := p.parseExpr()
			return &Lambda{Range: Range{start, body.End()}, Arg: arg, Formals: formals, Body: body}
		}
	case LBRACE:
		if p.isFormals() {
			formals := p.parseFormals()
			var arg *Ident
			if p.tok.tok == AT {
				p.next()
				if p.tok.tok != IDENT {
					p.errorExpected("identifier")
				} else {
					arg = p.parseIdent()
				}
			}
			p.expect(COLON)
			body := p.parseExpr()
			return &Lambda{Range: Range{start, body.End()}, Arg: arg, Formals: formals, Body: body}
		}
	case ASSERT:
		p.next()
		cond := p.parseExpr()
		p.expect(SEMI)
		body := p.parseExpr()
		return &Assert{Range: Range{start, body.End()}, Cond: cond, Body: body}
	case WITH:
		p.next()
		env := p.parseExpr()
		p.expect(SEMI)
		body := p.parseExpr()
		return &With{Range: Range{start, body.End()}, Env: env, Body: body}
	case LET:
		if p.peek(1) != LBRACE {
			p.next()
			binds := p.parseBinds(IN)
			p.expect(IN)
			body := p.parseExpr()
			return &Let{Range: Range{start, body.End()}, Binds: binds, Body: body}
		}
	}
	return p.parseIf()
}

// isFormals decides, at `{`, between a function pattern and an attribute
// set by looking at the next two tokens.
func (p *parser) isFormals() bool {
	switch p.peek(1) {
	case RBRACE:
		t := p.peek(2)
		return t == COLON || t == AT
	case ELLIPSIS:
		return true
	case IDENT:
		switch p.peek(2) {
		case COMMA, QUEST, RBRACE:
			return true
		}
	}
	return false
}

func (p *parser) parseIdent() *Ident {
	it := p.tok
	p.next()
	id := p.nodes.idents.alloc()
	*id = Ident{Range: Range{Pos(it.pos + 1), Pos(it.end + 1)}, Name: p.sc.str[it.pos:it.end]}
	return id
}

// parseFormals parses `{ a, b ? e, ... }` starting at `{`.
func (p *parser) parseFormals() *Formals {
	start := p.pos()
	f := &Formals{}
	if p.tok.tok != LBRACE {
		p.errorExpected("'{'")
		f.Range = Range{Pos(p.prevEnd + 1), Pos(p.prevEnd + 1)}
		return f
	}
	p.next()
	var buf [16]*Formal // formals take no expressions that hold formals of this list
	list := buf[:0]
	for p.tok.tok == IDENT {
		fstart := p.pos()
		prevEnd := p.prevEnd
		name := p.parseIdent()
		fm := p.nodes.formals.alloc()
		fm.Name = name
		end := name.End()
		if p.tok.tok == QUEST {
			p.next()
			fm.Default = p.parseExpr()
			end = fm.Default.End()
		}
		fm.Range = Range{fstart, end}
		list = append(list, fm)
		p.docs = append(p.docs, docSite{fm, prevEnd})
		if p.tok.tok != COMMA {
			f.List = p.nodes.formList.copy(list)
			f.Range = Range{start, p.expect(RBRACE)}
			return f
		}
		p.next()
	}
	f.List = p.nodes.formList.copy(list)
	if p.tok.tok == ELLIPSIS {
		f.Ellipsis = true
		p.next()
	}
	f.Range = Range{start, p.expect(RBRACE)}
	return f
}

func (p *parser) parseIf() Expr {
	if p.tok.tok != IF {
		return p.parseBinary(1)
	}
	start := p.pos()
	p.next()
	cond := p.parseExpr()
	p.expect(THEN)
	then := p.parseExpr()
	p.expect(ELSE)
	els := p.parseExpr()
	return &If{Range: Range{start, els.End()}, Cond: cond, Then: then, Else: els}
}

// Binary operator precedences, from parser.y's %left/%right/%nonassoc
// list (higher binds tighter). Unary ! sits at 7 and unary - at 12.
func binPrec(t Token) int {
	switch t {
	case IMPL:
		return 1
	case OR:
		return 2
	case AND:
		return 3
	case EQ, NEQ:
		return 4
	case LT, GT, LEQ, GEQ:
		return 5
	case UPDATE:
		return 6
	case ADD, SUB:
		return 8
	case MUL, QUO:
		return 9
	case CONCAT:
		return 10
	case QUEST:
		return 11
	}
	return 0
}

const (
	precNot    = 7
	precNegate = 12
)

func rightAssoc(t Token) bool { return t == IMPL || t == UPDATE || t == CONCAT }
func nonAssoc(t Token) bool {
	switch t {
	case EQ, NEQ, LT, GT, LEQ, GEQ, QUEST:
		return true
	}
	return false
}

func (p *parser) parseBinary(minPrec int) Expr {
	p.enter()
	defer p.leave()
	var x Expr
	start := p.pos()
	switch p.tok.tok {
	case NOT:
		p.next()
		y := p.parseBinary(precNot + 1)
		x = &Unary{Range: Range{start, y.End()}, Op: NOT, X: y}
	case SUB:
		p.next()
		y := p.parseBinary(precNegate + 1)
		x = &Unary{Range: Range{start, y.End()}, Op: SUB, X: y}
	default:
		if minPrec > precNegate {
			return p.parseApp()
		}
		x = p.parseApp()
	}
	lastNonAssoc := 0
	// A chain a + b + c ... nests to the left without recursing here;
	// count it as depth anyway, since every later walk of the tree
	// recurses through it.
	chain := 0
	defer func() {
		for ; chain > 0; chain-- {
			p.leave()
		}
	}()
	for {
		op := p.tok.tok
		prec := binPrec(op)
		if prec == 0 || prec < minPrec {
			return x
		}
		p.enter()
		chain++
		if prec == lastNonAssoc {
			p.errorAt(p.tok.pos, "operator "+op.String()+" is not associative")
		}
		opPos := p.pos()
		p.next()
		if op == QUEST {
			path, end := p.parseAttrPath()
			x = &HasAttr{Range: Range{x.Pos(), end}, X: x, Path: path}
		} else {
			next := prec + 1
			if rightAssoc(op) {
				next = prec
			}
			y := p.parseBinary(next)
			x = &Binary{Range: Range{x.Pos(), y.End()}, Op: op, OpPos: opPos, X: x, Y: y}
		}
		lastNonAssoc = 0
		if nonAssoc(op) {
			lastNonAssoc = prec
		}
	}
}

// startsSimple reports whether tok can begin expr_simple (an argument).
func (p *parser) startsSimple() bool {
	switch p.tok.tok {
	case IDENT, INT, FLOAT, DQUOTE, IND_OPEN, PATH, HPATH, SPATH, URI, LPAREN, REC, LBRACE, LBRACK:
		return true
	case LET:
		return p.peek(1) == LBRACE
	}
	return false
}

func (p *parser) parseApp() Expr {
	x := p.parseSelect()
	if !p.startsSimple() {
		return x
	}
	call, ok := x.(*Call) // `f or` is already a call; Nix appends to it
	if !ok {
		call = p.nodes.calls.alloc()
		*call = Call{Range: Range{x.Pos(), x.End()}, Fn: x}
	}
	base := len(p.tmp.exprs)
	p.tmp.exprs = append(p.tmp.exprs, call.Args...)
	for p.startsSimple() {
		a := p.parseSelect()
		p.tmp.exprs = append(p.tmp.exprs, a)
		call.To = a.End()
	}
	call.Args = p.nodes.exprs.copy(p.tmp.exprs[base:])
	p.tmp.exprs = p.tmp.exprs[:base]
	return call
}

func (p *parser) parseSelect() Expr {
	x := p.parseSimple()
	switch p.tok.tok {
	case DOT:
		p.next()
		path, end := p.parseAttrPath()
		sel := p.nodes.selects.alloc()
		*sel = Select{Range: Range{x.Pos(), end}, X: x, Path: path}
		if p.tok.tok == OR_KW {
			p.next()
			sel.Default = p.parseSelect()
			sel.To = sel.Default.End()
		}
		return sel
	case OR_KW:
		// `f or`: old Nix code used `or` as a variable; the grammar
		// still reads it as applying f to a variable named or.
		or := &Ident{Range: Range{p.pos(), Pos(p.tok.end + 1)}, Name: "or"}
		p.next()
		return &Call{Range: Range{x.Pos(), or.End()}, Fn: x, Args: []Expr{or}}
	}
	return x
}

func (p *parser) startsAttr() bool {
	switch p.tok.tok {
	case IDENT, OR_KW, DQUOTE, DOLLAR_CURLY:
		return true
	}
	return false
}

// parseAttrPath parses a.b."c".${d}; it returns the path and its end.
func (p *parser) parseAttrPath() ([]*AttrName, Pos) {
	// Collect on a scratch stack (an attribute may itself hold a path,
	// which pushes above ours and pops again), then copy once.
	base := len(p.tmp.paths)
	defer func() { p.tmp.paths = p.tmp.paths[:base] }()
	for {
		if !p.startsAttr() {
			p.errorExpected("attribute name")
			return p.nodes.paths.copy(p.tmp.paths[base:]), Pos(p.prevEnd + 1)
		}
		a := p.parseAttr()
		p.tmp.paths = append(p.tmp.paths, a)
		if p.tok.tok != DOT {
			return p.nodes.paths.copy(p.tmp.paths[base:]), a.End()
		}
		p.next()
	}
}

func (p *parser) parseAttr() *AttrName {
	start := p.pos()
	switch p.tok.tok {
	case IDENT, OR_KW:
		it := p.tok
		p.next()
		a := p.nodes.names.alloc()
		*a = AttrName{Range: Range{start, Pos(it.end + 1)}, Name: p.sc.str[it.pos:it.end]}
		return a
	case DQUOTE:
		s := p.parseString()
		a := p.nodes.names.alloc()
		if v, ok := s.Value(); ok {
			*a = AttrName{Range: s.Range, Name: v}
		} else {
			*a = AttrName{Range: s.Range, X: s}
		}
		return a
	case DOLLAR_CURLY:
		p.next()
		x := p.parseExpr()
		end := p.expect(RBRACE)
		a := p.nodes.names.alloc()
		*a = AttrName{Range: Range{start, end}, X: x}
		// ${"a"} is as static as "a": Nix checks for a plain string.
		if s, ok := Unparen(x).(*String); ok && isPlainString(s) {
			a.Name, _ = s.Value()
			a.X = nil
		}
		return a
	}
	p.errorExpected("attribute name")
	return &AttrName{Range: Range{Pos(p.prevEnd + 1), Pos(p.prevEnd + 1)}}
}

// isPlainString reports whether Nix reads s as a single constant string
// (ExprString) rather than a concatenation.
func isPlainString(s *String) bool {
	switch s.Kind {
	case Indented:
		return len(s.Parts) == 0 || len(s.Parts) == 1 && s.Parts[0].X == nil
	}
	for _, part := range s.Parts {
		if part.X != nil {
			return false
		}
	}
	return true
}

func (p *parser) parseSimple() Expr {
	p.enter()
	defer p.leave()
	start := p.pos()
	it := p.tok
	switch it.tok {
	case IDENT:
		id := p.parseIdent()
		if id.Name == "__curPos" {
			return &CurPos{Range: id.Range}
		}
		return id
	case INT:
		p.next()
		lit := p.sc.str[it.pos:it.end]
		v, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			p.errorAt(it.pos, "invalid integer '"+lit+"'")
		}
		n := p.nodes.ints.alloc()
		*n = Int{Range: Range{start, Pos(it.end + 1)}, Value: v, Lit: lit}
		return n
	case FLOAT:
		p.next()
		lit := p.sc.str[it.pos:it.end]
		v, err := strconv.ParseFloat(lit, 64)
		// strtod sets ERANGE on overflow and on underflow to zero or a
		// subnormal; Nix rejects both.
		if err != nil || v != 0 && math.Abs(v) < 0x1p-1022 || v == 0 && hasNonZeroDigit(lit) {
			p.errorAt(it.pos, "invalid float '"+lit+"'")
		}
		return &Float{Range: Range{start, Pos(it.end + 1)}, Value: v, Lit: lit}
	case DQUOTE:
		return p.parseString()
	case IND_OPEN:
		return p.parseIndString()
	case PATH, HPATH:
		return p.parsePath()
	case SPATH:
		p.next()
		inner := &StrPart{Range: Range{start + 1, Pos(it.end)}, Text: p.sc.str[it.pos+1 : it.end-1]}
		return &Path{Range: Range{start, Pos(it.end + 1)}, Kind: SearchPath, Parts: []*StrPart{inner}}
	case URI:
		p.next()
		r := Range{start, Pos(it.end + 1)}
		return &String{Range: r, Kind: URIString, Parts: []*StrPart{{Range: r, Text: p.sc.text(it)}}}
	case LPAREN:
		p.next()
		x := p.parseExpr()
		end := p.expect(RPAREN)
		return &Paren{Range: Range{start, end}, X: x}
	case LET:
		p.next()
		p.expect(LBRACE)
		binds := p.parseBinds(RBRACE)
		end := p.expect(RBRACE)
		return &LegacyLet{Range: Range{start, end}, Binds: binds}
	case REC, LBRACE:
		rec := it.tok == REC
		p.next()
		if rec {
			p.expect(LBRACE)
		}
		binds := p.parseBinds(RBRACE)
		end := p.expect(RBRACE)
		set := p.nodes.sets.alloc()
		*set = AttrSet{Range: Range{start, end}, Rec: rec, Binds: binds}
		return set
	case LBRACK:
		p.next()
		l := p.nodes.lists.alloc()
		base := len(p.tmp.exprs)
		for p.startsSimple() {
			p.tmp.exprs = append(p.tmp.exprs, p.parseSelect())
		}
		l.Elems = p.nodes.exprs.copy(p.tmp.exprs[base:])
		p.tmp.exprs = p.tmp.exprs[:base]
		l.Range = Range{start, p.expect(RBRACK)}
		return l
	}
	p.errorExpected("expression")
	switch it.tok {
	case EOF, RBRACE, RPAREN, RBRACK, SEMI, IN, THEN, ELSE, IND_CLOSE, DQUOTE:
	default:
		p.next() // make progress
	}
	if p.prevEnd+1 <= int(start) {
		// Nothing consumed: the expression is missing right after the
		// previous token.
		start = Pos(p.prevEnd + 1)
	}
	return &BadExpr{Range{start, Pos(p.prevEnd + 1)}}
}

func hasNonZeroDigit(lit string) bool {
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if c == 'e' || c == 'E' {
			return false
		}
		if c >= '1' && c <= '9' {
			return true
		}
	}
	return false
}

// parseString parses "..." starting at the opening quote.
func (p *parser) parseString() *String {
	start := p.pos()
	p.next()
	s := p.nodes.strings.alloc()
	s.Kind = DoubleQuoted
	base := len(p.tmp.parts)
	defer func() {
		s.Parts = p.nodes.partList.copy(p.tmp.parts[base:])
		p.tmp.parts = p.tmp.parts[:base]
	}()
	for {
		switch p.tok.tok {
		case STR:
			part := p.nodes.parts.alloc()
			*part = StrPart{Range: Range{p.pos(), Pos(p.tok.end + 1)}, Text: p.sc.text(p.tok)}
			p.tmp.parts = append(p.tmp.parts, part)
			p.next()
			continue
		case DOLLAR_CURLY:
			part := p.parseInterp()
			p.tmp.parts = append(p.tmp.parts, part)
			continue
		case DQUOTE:
			s.Range = Range{start, Pos(p.tok.end + 1)}
			p.next()
			return s
		}
		p.errorAt(p.tok.pos, "unterminated string")
		s.Range = Range{start, Pos(p.prevEnd + 1)}
		return s
	}
}

func (p *parser) parseInterp() *StrPart {
	start := p.pos()
	p.next()
	x := p.parseExpr()
	end := p.expect(RBRACE)
	part := p.nodes.parts.alloc()
	*part = StrPart{Range: Range{start, end}, X: x}
	return part
}

// indPiece is one token of an indented string before stripping.
type indPiece struct {
	part *StrPart
	ind  bool // plain text, subject to indentation stripping
}

// parseIndString parses an indented string from its opening quotes and strips
// the indentation exactly as Nix's stripIndentation does.
func (p *parser) parseIndString() *String {
	start := p.pos()
	p.next()
	base := len(p.tmp.pieces)
	s := p.nodes.strings.alloc()
	s.Kind = Indented
loop:
	for {
		switch p.tok.tok {
		case IND_STR:
			part := p.nodes.parts.alloc()
			*part = StrPart{Range: Range{p.pos(), Pos(p.tok.end + 1)}, Text: p.sc.text(p.tok)}
			p.tmp.pieces = append(p.tmp.pieces, indPiece{part, p.tok.ind})
			p.next()
		case DOLLAR_CURLY:
			part := p.parseInterp()
			p.tmp.pieces = append(p.tmp.pieces, indPiece{part: part})
		case IND_CLOSE:
			s.Range = Range{start, Pos(p.tok.end + 1)}
			p.next()
			break loop
		default:
			p.errorAt(p.tok.pos, "unterminated indented string")
			s.Range = Range{start, Pos(p.prevEnd + 1)}
			break loop
		}
	}
	s.Parts = p.stripIndentation(p.tmp.pieces[base:])
	p.tmp.pieces = p.tmp.pieces[:base]
	return s
}

func (p *parser) stripIndentation(es []indPiece) []*StrPart {
	if len(es) == 0 {
		return nil
	}
	// The minimum indentation; whitespace-only final lines do not count.
	atStartOfLine := true
	minIndent := 1000000
	curIndent := 0
	for _, e := range es {
		if e.part.X != nil || !e.ind {
			// Interpolations and escapes end the leading white space.
			if atStartOfLine {
				atStartOfLine = false
				if curIndent < minIndent {
					minIndent = curIndent
				}
			}
			continue
		}
		t := e.part.Text
		for j := 0; j < len(t); j++ {
			if atStartOfLine {
				switch t[j] {
				case ' ':
					curIndent++
				case '\n':
					curIndent = 0 // an empty line does not count
				default:
					atStartOfLine = false
					if curIndent < minIndent {
						minIndent = curIndent
					}
				}
			} else if t[j] == '\n' {
				atStartOfLine = true
				curIndent = 0
			}
		}
	}

	// Strip that many spaces from each line.
	base := len(p.tmp.parts)
	atStartOfLine = true
	curDropped := 0
	n := len(es)
	for _, e := range es {
		if e.part.X != nil {
			atStartOfLine = false
			curDropped = 0
			p.tmp.parts = append(p.tmp.parts, e.part)
			n--
			continue
		}
		t := e.part.Text
		// The kept bytes are often one run of t (only the leading
		// indentation dropped): then the text is a slice of t, no copy.
		buf := p.tmp.strip[:0]
		first, last := -1, -1
		run := true
		keep := func(j int) {
			if first < 0 {
				first = j
			} else if j != last+1 {
				run = false
			}
			last = j
			buf = append(buf, t[j])
		}
		for j := 0; j < len(t); j++ {
			c := t[j]
			if atStartOfLine {
				switch c {
				case ' ':
					if curDropped >= minIndent {
						keep(j)
					}
					curDropped++
				case '\n':
					curDropped = 0
					keep(j)
				default:
					atStartOfLine = false
					curDropped = 0
					keep(j)
				}
			} else {
				keep(j)
				if c == '\n' {
					atStartOfLine = true
				}
			}
		}
		// Remove the last line if it is empty and consists only of spaces.
		if n == 1 {
			if i := lastIndexByte(buf, '\n'); i >= 0 && onlySpaces(buf[i+1:]) {
				buf = buf[:i+1]
			}
		}
		switch {
		case len(buf) == 0:
			e.part.Text = ""
		case run:
			e.part.Text = t[first : first+len(buf)]
		default:
			e.part.Text = string(buf)
		}
		p.tmp.strip = buf
		p.tmp.parts = append(p.tmp.parts, e.part)
		n--
	}
	out := p.nodes.partList.copy(p.tmp.parts[base:])
	p.tmp.parts = p.tmp.parts[:base]
	return out
}

func lastIndexByte(b []byte, c byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == c {
			return i
		}
	}
	return -1
}

func onlySpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

// parsePath parses a path literal starting at its PATH or HPATH token,
// through its interpolations up to PATH_END.
func (p *parser) parsePath() Expr {
	start := p.pos()
	first := p.tok
	kind := RelPath
	if first.tok == HPATH {
		kind = HomePath
	} else if p.sc.src[first.pos] == '/' {
		kind = AbsPath
	}
	x := &Path{Kind: kind, Parts: []*StrPart{{Range: Range{start, Pos(first.end + 1)}, Text: p.sc.text(first)}}}
	p.next()
	interp := false
	for {
		switch p.tok.tok {
		case STR:
			x.Parts = append(x.Parts, &StrPart{Range: Range{p.pos(), Pos(p.tok.end + 1)}, Text: p.sc.text(p.tok)})
			p.next()
			continue
		case DOLLAR_CURLY:
			x.Parts = append(x.Parts, p.parseInterp())
			interp = true
			continue
		case PATH_END:
			p.next()
		default:
			p.errorExpected("end of path")
		}
		break
	}
	if len(x.Parts) > 1 && !interp {
		// The grammar only allows more pieces after an interpolation.
		p.errorAt(x.Parts[1].Pos().Offset(), "unexpected path segment '"+x.Parts[1].Text+"'")
	}
	x.Range = Range{start, x.Parts[len(x.Parts)-1].End()}
	return x
}

// parseBinds parses bindings up to (not including) the closing token.
func (p *parser) parseBinds(close Token) []Binding {
	// Collect on a scratch stack shared with nested sets (each pops what
	// it pushed), then copy once at the exact size.
	base := len(p.tmp.binds)
	defer func() { p.tmp.binds = p.tmp.binds[:base] }()
	for p.tok.tok != close && p.tok.tok != EOF {
		prevEnd := p.prevEnd
		start := p.pos()
		nerr := p.nerrs
		var b Binding
		switch {
		case p.tok.tok == INHERIT:
			p.next()
			in := &Inherit{}
			if p.tok.tok == LPAREN {
				p.next()
				in.From = p.parseExpr()
				p.expect(RPAREN)
			}
			pbase := len(p.tmp.paths)
			for p.startsAttr() {
				a := p.parseAttr()
				if !a.IsStatic() {
					p.errorAt(a.Pos().Offset(), "dynamic attributes not allowed in inherit")
				}
				p.tmp.paths = append(p.tmp.paths, a)
			}
			in.Names = p.nodes.paths.copy(p.tmp.paths[pbase:])
			p.tmp.paths = p.tmp.paths[:pbase]
			b = in
			in.Range = Range{start, p.expect(SEMI)}
		case p.startsAttr():
			path, _ := p.parseAttrPath()
			def := p.nodes.defs.alloc()
			def.Path = path
			b = def
			if p.expect(ASSIGN); p.nerrs == nerr {
				def.Value = p.parseExpr()
			} else {
				def.Value = &BadExpr{Range{Pos(p.prevEnd + 1), Pos(p.prevEnd + 1)}}
			}
			def.Range = Range{start, max(p.expect(SEMI), def.Value.End())}
		default:
			p.errorExpected("attribute name or inherit")
			switch p.tok.tok {
			case RBRACE, RPAREN, RBRACK, IN:
				p.next() // a stray closer: step over it
			}
		}
		if b != nil {
			p.tmp.binds = append(p.tmp.binds, b)
			p.docs = append(p.docs, docSite{b, prevEnd})
		}
		if p.nerrs > nerr {
			p.skipBinding(close)
		}
		if p.pos() == start && p.tok.tok != close && p.tok.tok != EOF {
			p.next() // never loop without progress
		}
	}
	return p.nodes.binds.copy(p.tmp.binds[base:])
}

// skipBinding skips to just after the next `;` at this nesting level, or
// to the closing token, so the following bindings still parse.
func (p *parser) skipBinding(close Token) {
	if p.prevEnd > 0 && p.sc.src[p.prevEnd-1] == ';' && p.tok.tok != SEMI {
		return // the bad binding ended properly
	}
	depth := 0
	for {
		switch p.tok.tok {
		case EOF:
			return
		case LBRACE, LPAREN, LBRACK, DOLLAR_CURLY:
			depth++
		case RBRACE:
			if depth == 0 {
				return
			}
			depth--
		case RPAREN, RBRACK:
			if depth > 0 {
				depth--
			}
		case IN:
			if depth == 0 && close == IN {
				return
			}
		case SEMI:
			if depth == 0 {
				p.next()
				return
			}
		}
		p.next()
	}
}
