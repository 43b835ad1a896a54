// Package nix reads Nix expressions: a scanner, a parser that recovers from
// errors, the syntax tree below, and a printer that writes the tree in the
// notation of `nix-instantiate --parse`.
//
// The tree is the source as written (parentheses, `let`, `inherit`, `a.b = 1`
// paths and operators are kept as they stand), not Nix's desugared form;
// the printer does the desugaring. Every node knows where it starts and
// ends, and File.Position turns those compact offsets into facts.Pos.
package nix

import (
	"sort"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// Pos is a compact source position: the byte offset into the file plus one,
// so that the zero value, NoPos, means "no position". File.Position turns it
// into a line and column. It is 32 bits wide (sources are at most MaxSize
// bytes) so that every node, each holding two, stays small.
type Pos int32

// NoPos is the zero Pos: no position.
const NoPos Pos = 0

// IsValid reports whether p is a position.
func (p Pos) IsValid() bool { return p != NoPos }

// Offset is the byte offset of p in its file (-1 for NoPos).
func (p Pos) Offset() int { return int(p) - 1 }

// Node is any node of the tree. Pos is the first byte of the node, End the
// position just after its last byte (as in go/ast).
type Node interface {
	Pos() Pos
	End() Pos
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Binding is an entry of an attribute set or let: *AttrDef or *Inherit.
type Binding interface {
	Node
	bindingNode()
}

// Range is the extent of a node; every node embeds one.
type Range struct {
	From Pos // first byte
	To   Pos // just after the last byte
}

// Pos returns the start of the range.
func (r Range) Pos() Pos { return r.From }

// End returns the position just after the range.
func (r Range) End() Pos { return r.To }

// ----------------------------------------------------------------------------
// Comments

// Comment is one `# ...` line comment (without its newline) or one
// `/* ... */` block comment.
type Comment struct {
	Range
	Text string // as written, including the # or /* */ markers
}

// CommentGroup is a run of comments with no blank line and no other token
// between them.
type CommentGroup struct {
	List []*Comment // len(List) > 0
}

// Pos returns the start of the first comment.
func (g *CommentGroup) Pos() Pos { return g.List[0].From }

// End returns the end of the last comment.
func (g *CommentGroup) End() Pos { return g.List[len(g.List)-1].To }

// Text returns the words of the comments without comment markers, leading
// "*" decorations of block comments and surrounding blank lines; lines are
// joined with "\n". A nil group has empty text.
func (g *CommentGroup) Text() string {
	if g == nil {
		return ""
	}
	var lines []string
	for _, c := range g.List {
		t := c.Text
		if strings.HasPrefix(t, "#") {
			lines = append(lines, strings.TrimSpace(t[1:]))
			continue
		}
		t = strings.TrimSuffix(strings.TrimPrefix(t, "/*"), "*/")
		for _, l := range strings.Split(t, "\n") {
			l = strings.TrimSpace(l)
			l = strings.TrimSpace(strings.TrimLeft(l, "*"))
			lines = append(lines, l)
		}
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// ----------------------------------------------------------------------------
// Expressions

type (
	// BadExpr stands where the parser found a syntax error.
	BadExpr struct {
		Range
	}

	// Ident is a variable reference such as `pkgs`, `true` or `null`
	// (Nix has no literal keywords for those; they are variables).
	Ident struct {
		Range
		Name string
	}

	// CurPos is `__curPos`, the position of itself as an attribute set.
	CurPos struct {
		Range
	}

	// Int is an integer literal.
	Int struct {
		Range
		Value int64
		Lit   string // as written
	}

	// Float is a floating point literal.
	Float struct {
		Range
		Value float64
		Lit   string // as written
	}

	// String is a "double-quoted" string, an ''indented'' string, or an
	// unquoted URI (which Nix reads as a string).
	String struct {
		Range
		Kind  StringKind
		Parts []*StrPart // literal text and ${} interpolations in order; may be empty
	}

	// Path is a path literal: ./a/${b}, /etc/x, ~/x, or <nixpkgs>.
	Path struct {
		Range
		Kind  PathKind
		Parts []*StrPart // literal text as written and ${} interpolations; for <p> the text inside the brackets
	}

	// List is `[ a b c ]`.
	List struct {
		Range
		Elems []Expr
	}

	// AttrSet is `{ ... }` or `rec { ... }`.
	AttrSet struct {
		Range
		Rec   bool
		Binds []Binding
	}

	// Let is `let binds in body`.
	Let struct {
		Range
		Binds []Binding
		Body  Expr
	}

	// LegacyLet is the old `let { binds }` form, whose value is its `body`
	// attribute.
	LegacyLet struct {
		Range
		Binds []Binding
	}

	// Lambda is a function: `x: body`, `{ a, b ? 1, ... }: body`,
	// `{ ... } @ args: body` or `args @ { ... }: body`.
	Lambda struct {
		Range
		Arg     *Ident   // the plain or @-bound argument name, or nil
		Formals *Formals // the { } pattern, or nil
		Body    Expr
	}

	// With is `with env; body`.
	With struct {
		Range
		Env  Expr
		Body Expr
	}

	// Assert is `assert cond; body`.
	Assert struct {
		Range
		Cond Expr
		Body Expr
	}

	// If is `if cond then a else b`.
	If struct {
		Range
		Cond Expr
		Then Expr
		Else Expr
	}

	// Select is `x.a.b` or `x.a.b or default`.
	Select struct {
		Range
		X       Expr
		Path    []*AttrName // len(Path) > 0
		Default Expr        // nil without `or`
	}

	// HasAttr is `x ? a.b`.
	HasAttr struct {
		Range
		X    Expr
		Path []*AttrName
	}

	// Call is function application `fn a b`; consecutive arguments are
	// collected into one Call, as Nix does.
	Call struct {
		Range
		Fn   Expr
		Args []Expr // len(Args) > 0
	}

	// Unary is `!x` (Op NOT) or `-x` (Op SUB).
	Unary struct {
		Range
		Op Token
		X  Expr
	}

	// Binary is `x op y` for Op one of IMPL OR AND EQ NEQ LT LEQ GT GEQ
	// UPDATE ADD SUB MUL QUO CONCAT.
	Binary struct {
		Range
		Op    Token
		OpPos Pos
		X, Y  Expr
	}

	// Paren is `(x)`; kept so positions cover the parentheses.
	Paren struct {
		Range
		X Expr
	}
)

// StringKind says how a String was written.
type StringKind uint8

const (
	DoubleQuoted StringKind = iota // "..."
	Indented                       // ''...''
	URIString                      // https://example.com (unquoted URI)
)

// PathKind says how a Path was written.
type PathKind uint8

const (
	RelPath    PathKind = iota // ./a, a/b, ../a
	AbsPath                    // /a/b
	HomePath                   // ~/a
	SearchPath                 // <nixpkgs/lib>
)

// StrPart is one piece of a String or Path: literal text, or an
// interpolation `${X}` when X is not nil.
//
// For strings Text is the value the piece contributes: escapes are decoded
// and, in indented strings, the common indentation is already removed (as
// Nix does), so joining the Texts of a String without interpolations gives
// its value. Range covers the piece as written in the source (for an
// interpolation, from `${` to `}`).
type StrPart struct {
	Range
	Text string
	X    Expr
}

// Formals is the `{ a, b ? 1, ... }` pattern of a Lambda.
type Formals struct {
	Range
	List     []*Formal // in source order
	Ellipsis bool
}

// Formal is one `name` or `name ? default` of a pattern.
type Formal struct {
	Range
	Doc     *CommentGroup // comment above the formal, or nil
	Name    *Ident
	Default Expr // nil without `?`
}

// AttrName is one segment of an attribute path. A static name (identifier,
// `or`, or a string without interpolation) has X == nil and its value in
// Name. A dynamic name has X set: the expression inside `${ }`, or the
// *String for a quoted name with interpolation.
type AttrName struct {
	Range
	Name string
	X    Expr
}

// IsStatic reports whether the name is known without evaluation.
func (a *AttrName) IsStatic() bool { return a.X == nil }

// AttrDef is `a.b.c = value;`.
type AttrDef struct {
	Range
	Doc     *CommentGroup // comment group ending on the line above (or nil)
	Comment *CommentGroup // comment after the `;` on the same line (or nil)
	Path    []*AttrName   // len(Path) > 0
	Value   Expr
}

// Inherit is `inherit a b;` or `inherit (from) a b;`.
type Inherit struct {
	Range
	Doc     *CommentGroup
	Comment *CommentGroup
	From    Expr // nil for plain inherit
	Names   []*AttrName
}

func (*BadExpr) exprNode()   {}
func (*Ident) exprNode()     {}
func (*CurPos) exprNode()    {}
func (*Int) exprNode()       {}
func (*Float) exprNode()     {}
func (*String) exprNode()    {}
func (*Path) exprNode()      {}
func (*List) exprNode()      {}
func (*AttrSet) exprNode()   {}
func (*Let) exprNode()       {}
func (*LegacyLet) exprNode() {}
func (*Lambda) exprNode()    {}
func (*With) exprNode()      {}
func (*Assert) exprNode()    {}
func (*If) exprNode()        {}
func (*Select) exprNode()    {}
func (*HasAttr) exprNode()   {}
func (*Call) exprNode()      {}
func (*Unary) exprNode()     {}
func (*Binary) exprNode()    {}
func (*Paren) exprNode()     {}

func (*AttrDef) bindingNode() {}
func (*Inherit) bindingNode() {}

// Value returns the string's value when it has no interpolation.
func (s *String) Value() (string, bool) {
	var b strings.Builder
	for _, p := range s.Parts {
		if p.X != nil {
			return "", false
		}
		b.WriteString(p.Text)
	}
	return b.String(), true
}

// Unparen strips any parentheses around x.
func Unparen(x Expr) Expr {
	for {
		p, ok := x.(*Paren)
		if !ok {
			return x
		}
		x = p.X
	}
}

// ----------------------------------------------------------------------------
// File

// File is one parsed source file.
type File struct {
	Name     string          // as given to ParseFile
	Body     Expr            // the file's expression; a *BadExpr (or nil for empty input) when it did not parse
	Comments []*CommentGroup // all comments in source order
	lines    []int           // byte offset of the start of each line
	size     int
}

// Position turns a Pos of this file into file:line:col with a 1-based,
// byte-counted column. NoPos gives a position with only the file name.
func (f *File) Position(p Pos) facts.Pos {
	if !p.IsValid() {
		return facts.Pos{File: f.Name}
	}
	off := p.Offset()
	if off > f.size {
		off = f.size
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		return facts.Pos{File: f.Name, Line: 1, Col: off + 1}
	}
	return facts.Pos{File: f.Name, Line: i + 1, Col: off - f.lines[i] + 1}
}

// Size is the length of the source in bytes.
func (f *File) Size() int { return f.size }
