package nix

import (
	"slices"
	"sort"
	"strings"
)

// Lowering turns the source-shaped tree into the tree Nix's own parser
// builds (src/libexpr/nixexpr.hh): parentheses vanish, `a.b = 1; a.c = 2;`
// merge into nested sets, operators become calls to __sub, __lessThan and
// friends, `let { }` becomes `(rec { }).body`, paths become absolute. The
// checks Nix makes while parsing (duplicate attributes, dynamic attributes
// where they are not allowed, duplicate arguments, undefined variables)
// are made on the source tree instead (check.go); the printer prints this
// form.

type (
	cExpr   interface{}
	cInt    struct{ v int64 }
	cFloat  struct{ v float64 }
	cString struct{ s string }
	cPath   struct{ s string }
	cVar    struct {
		name string
		pos  Pos
	}
	cCurPos struct{}
	cAttr   struct {
		name string
		expr cExpr // nil: static name
	}
	cSelect struct {
		e    cExpr
		path []cAttr
		def  cExpr
	}
	cHasAttr struct {
		e    cExpr
		path []cAttr
	}
	cAttrDef struct {
		name      string
		e         cExpr
		inherited bool
		pos       Pos
	}
	cDyn struct {
		name, value cExpr
	}
	cAttrs struct {
		rec   bool
		list  []*cAttrDef          // static attributes in insertion order
		index map[string]*cAttrDef // by name, once the list is long
		dyn   []cDyn
	}
	cList    struct{ elems []cExpr }
	cFormals struct {
		names    []string
		defs     []cExpr
		ellipsis bool
	}
	cLambda struct {
		arg     string
		formals *cFormals
		body    cExpr
	}
	cCall struct {
		fn   cExpr
		args []cExpr
	}
	cLet struct {
		attrs *cAttrs
		body  cExpr
	}
	cWith   struct{ env, body cExpr }
	cIf     struct{ cond, then, els cExpr }
	cAssert struct{ cond, body cExpr }
	cNot    struct{ e cExpr }
	cBin    struct {
		op   string
		a, b cExpr
	}
	cConcat struct{ parts []cExpr }
)

func (a *cAttrs) get(name string) *cAttrDef {
	if a.index != nil {
		return a.index[name]
	}
	for _, d := range a.list {
		if d.name == name {
			return d
		}
	}
	return nil
}

func (a *cAttrs) put(d *cAttrDef) {
	a.list = append(a.list, d)
	if a.index != nil {
		a.index[d.name] = d
	} else if len(a.list) > 16 {
		a.index = make(map[string]*cAttrDef, 2*len(a.list))
		for _, d := range a.list {
			a.index[d.name] = d
		}
	}
}

// sorted returns the static attributes by name, the order Nix prints.
func (a *cAttrs) sorted() []*cAttrDef {
	l := append([]*cAttrDef(nil), a.list...)
	sort.Slice(l, func(i, j int) bool { return l[i].name < l[j].name })
	return l
}

type lowerer struct {
	file          *File
	baseDir, home string
	errors        ErrorList
}

func (l *lowerer) errorAt(p Pos, msg string) {
	l.errors = append(l.errors, &Error{Pos: l.file.Position(p), Msg: msg})
}

func (l *lowerer) lower(x Expr) cExpr {
	switch x := x.(type) {
	case *Paren:
		return l.lower(x.X)
	case *Ident:
		return &cVar{x.Name, x.Pos()}
	case *CurPos:
		return &cCurPos{}
	case *Int:
		return &cInt{x.Value}
	case *Float:
		return &cFloat{x.Value}
	case *String:
		return l.lowerString(x)
	case *Path:
		return l.lowerPath(x)
	case *List:
		c := &cList{elems: make([]cExpr, len(x.Elems))}
		for i, e := range x.Elems {
			c.elems[i] = l.lower(e)
		}
		return c
	case *AttrSet:
		a := l.lowerBinds(x.Binds)
		a.rec = x.Rec
		return a
	case *Let:
		a := l.lowerBinds(x.Binds)
		if len(a.dyn) > 0 {
			l.errorAt(x.Pos(), "dynamic attributes not allowed in let")
		}
		return &cLet{a, l.lower(x.Body)}
	case *LegacyLet:
		a := l.lowerBinds(x.Binds)
		a.rec = true
		return &cSelect{e: a, path: []cAttr{{name: "body"}}}
	case *Lambda:
		c := &cLambda{}
		if x.Arg != nil {
			c.arg = x.Arg.Name
		}
		if x.Formals != nil {
			f := &cFormals{ellipsis: x.Formals.Ellipsis}
			for _, fm := range x.Formals.List {
				if slices.Contains(f.names, fm.Name.Name) {
					l.errorAt(fm.Pos(), "duplicate formal function argument '"+fm.Name.Name+"'")
				}
				f.names = append(f.names, fm.Name.Name)
				var d cExpr
				if fm.Default != nil {
					d = l.lower(fm.Default)
				}
				f.defs = append(f.defs, d)
			}
			if x.Arg != nil && slices.Contains(f.names, x.Arg.Name) {
				l.errorAt(x.Pos(), "duplicate formal function argument '"+x.Arg.Name+"'")
			}
			c.formals = f
		}
		c.body = l.lower(x.Body)
		return c
	case *With:
		return &cWith{l.lower(x.Env), l.lower(x.Body)}
	case *Assert:
		return &cAssert{l.lower(x.Cond), l.lower(x.Body)}
	case *If:
		return &cIf{l.lower(x.Cond), l.lower(x.Then), l.lower(x.Else)}
	case *Select:
		c := &cSelect{e: l.lower(x.X), path: l.lowerPathAttrs(x.Path)}
		if x.Default != nil {
			c.def = l.lower(x.Default)
		}
		return c
	case *HasAttr:
		return &cHasAttr{l.lower(x.X), l.lowerPathAttrs(x.Path)}
	case *Call:
		fn := l.lower(x.Fn)
		c, ok := fn.(*cCall)
		if !ok {
			// Nix appends arguments to a call it already has, even one
			// in parentheses or one made from -x or x < y.
			c = &cCall{fn: fn}
		}
		for _, a := range x.Args {
			c.args = append(c.args, l.lower(a))
		}
		return c
	case *Unary:
		if x.Op == NOT {
			return &cNot{l.lower(x.X)}
		}
		return &cCall{&cVar{"__sub", x.Pos()}, []cExpr{&cInt{0}, l.lower(x.X)}}
	case *Binary:
		a, b := l.lower(x.X), l.lower(x.Y)
		call := func(fn string, a, b cExpr) cExpr {
			return &cCall{&cVar{fn, x.OpPos}, []cExpr{a, b}}
		}
		switch x.Op {
		case ADD:
			return &cConcat{[]cExpr{a, b}}
		case SUB:
			return call("__sub", a, b)
		case MUL:
			return call("__mul", a, b)
		case QUO:
			return call("__div", a, b)
		case LT:
			return call("__lessThan", a, b)
		case GT:
			return call("__lessThan", b, a)
		case LEQ:
			return &cNot{call("__lessThan", b, a)}
		case GEQ:
			return &cNot{call("__lessThan", a, b)}
		}
		return &cBin{x.Op.String(), a, b}
	}
	return &cVar{"<bad>", x.Pos()}
}

func (l *lowerer) lowerPathAttrs(path []*AttrName) []cAttr {
	out := make([]cAttr, len(path))
	for i, a := range path {
		if a.X == nil {
			out[i] = cAttr{name: a.Name}
		} else {
			out[i] = cAttr{expr: l.lower(a.X)}
		}
	}
	return out
}

func (l *lowerer) lowerString(s *String) cExpr {
	if s.Kind == URIString || isPlainString(s) {
		v, _ := s.Value()
		return &cString{v}
	}
	c := &cConcat{}
	for _, p := range s.Parts {
		if p.X != nil {
			c.parts = append(c.parts, l.lower(p.X))
		} else {
			c.parts = append(c.parts, &cString{p.Text})
		}
	}
	return c
}

func (l *lowerer) lowerPath(x *Path) cExpr {
	if x.Kind == SearchPath {
		return &cCall{&cVar{"__findFile", x.Pos()}, []cExpr{&cVar{"__nixPath", x.Pos()}, &cString{x.Parts[0].Text}}}
	}
	seg := x.Parts[0].Text
	var s string
	if x.Kind == HomePath {
		s = l.home + seg[1:]
	} else {
		s = nixAbsPath(seg, l.baseDir)
		if strings.HasSuffix(seg, "/") && len(seg) > 1 {
			s += "/"
		}
	}
	first := &cPath{s}
	if len(x.Parts) == 1 {
		return first
	}
	c := &cConcat{parts: []cExpr{first}}
	for _, p := range x.Parts[1:] {
		if p.X != nil {
			c.parts = append(c.parts, l.lower(p.X))
		} else {
			c.parts = append(c.parts, &cString{p.Text})
		}
	}
	return c
}

// nixAbsPath and nixCanonPath follow Nix's libutil: resolve against dir, drop
// "." and empty components, apply "..", no trailing slash.
func nixAbsPath(p, dir string) string {
	if !strings.HasPrefix(p, "/") {
		p = dir + "/" + p
	}
	return nixCanonPath(p)
}

func nixCanonPath(p string) string {
	var b strings.Builder
	for _, c := range strings.Split(p, "/") {
		switch c {
		case "", ".":
		case "..":
			s := b.String()
			if i := strings.LastIndexByte(s, '/'); i >= 0 {
				b.Reset()
				b.WriteString(s[:i])
			}
		default:
			b.WriteByte('/')
			b.WriteString(c)
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// lowerBinds builds an attribute set the way parser.y's addAttr does.
func (l *lowerer) lowerBinds(binds []Binding) *cAttrs {
	set := &cAttrs{}
	for _, b := range binds {
		switch b := b.(type) {
		case *AttrDef:
			l.addAttr(set, b.Path, l.lower(b.Value), b.Pos())
		case *Inherit:
			var from cExpr
			if b.From != nil {
				from = l.lower(b.From)
			}
			for _, a := range b.Names {
				if a.X != nil {
					continue // reported by the parser
				}
				if old := set.get(a.Name); old != nil {
					l.dupAttr(a.Name, a.Pos(), old.pos)
					continue
				}
				if from == nil {
					set.put(&cAttrDef{name: a.Name, e: &cVar{a.Name, a.Pos()}, inherited: true, pos: a.Pos()})
				} else {
					set.put(&cAttrDef{name: a.Name, e: &cSelect{e: from, path: []cAttr{{name: a.Name}}}, pos: a.Pos()})
				}
			}
		}
	}
	return set
}

func (l *lowerer) dupAttr(name string, at, prev Pos) {
	l.errorAt(at, "attribute '"+name+"' already defined at "+l.file.Position(prev).String())
}

func showAttrPathPlain(path []*AttrName) string {
	var b strings.Builder
	for i, a := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if a.X == nil {
			b.WriteString(a.Name)
		} else {
			b.WriteString("\"${...}\"")
		}
	}
	return b.String()
}

func (l *lowerer) addAttr(set *cAttrs, path []*AttrName, e cExpr, pos Pos) {
	for _, a := range path[:len(path)-1] {
		if a.X != nil {
			nested := &cAttrs{}
			set.dyn = append(set.dyn, cDyn{l.lower(a.X), nested})
			set = nested
			continue
		}
		if old := set.get(a.Name); old != nil {
			sub, isSet := old.e.(*cAttrs)
			if old.inherited || !isSet {
				l.dupAttr(showAttrPathPlain(path), pos, old.pos)
				return
			}
			set = sub
			continue
		}
		nested := &cAttrs{}
		set.put(&cAttrDef{name: a.Name, e: nested, pos: pos})
		set = nested
	}
	last := path[len(path)-1]
	if last.X != nil {
		set.dyn = append(set.dyn, cDyn{l.lower(last.X), e})
		return
	}
	old := set.get(last.Name)
	if old == nil {
		set.put(&cAttrDef{name: last.Name, e: e, pos: pos})
		return
	}
	// Two attribute set literals for one name merge (their static
	// attributes only, as in Nix); anything else is a duplicate.
	oldSet, ok1 := old.e.(*cAttrs)
	newSet, ok2 := e.(*cAttrs)
	if old.inherited || !ok1 || !ok2 {
		l.dupAttr(showAttrPathPlain(path), pos, old.pos)
		return
	}
	for _, d := range newSet.sorted() {
		if prev := oldSet.get(d.name); prev != nil {
			l.dupAttr(d.name, d.pos, prev.pos)
			continue
		}
		oldSet.put(d)
	}
}
