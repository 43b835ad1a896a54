package nix

import "sync"

// The checks Nix makes while parsing, done on the syntax tree directly
// (the printer's lowering does the same work but builds a second tree,
// which costs more than the parse): attributes defined twice, taking
// Nix's merging of `a.b = 1; a = { c = 2; };` into account; dynamic
// attributes in let and inherit; duplicate function arguments; and
// variables no let, rec set, function, with or builtin binds.

type checker struct {
	f      *File
	errors ErrorList
	nodes  *nodePool
}

func (c *checker) node(n attrNode) *attrNode {
	p := c.nodes.alloc()
	kids := p.kids[:0] // keep the capacity a previous file grew
	*p = n
	p.kids = kids
	return p
}

// nodePool is the checker's storage for attribute nodes. The nodes never
// leave a check, so files checked one after another reuse it (through
// checkPool) instead of allocating afresh.
type nodePool struct {
	chunks [][]attrNode
	ci, i  int // next free node: chunks[ci][i]
}

func (p *nodePool) alloc() *attrNode {
	if p.ci == len(p.chunks) {
		p.chunks = append(p.chunks, make([]attrNode, 64))
	}
	c := p.chunks[p.ci]
	n := &c[p.i]
	if p.i++; p.i == len(c) {
		p.ci, p.i = p.ci+1, 0
	}
	return n
}

// reset drops what the nodes point to, keeping their kids' capacity.
func (p *nodePool) reset() {
	for ci := 0; ci <= p.ci && ci < len(p.chunks); ci++ {
		c := p.chunks[ci]
		if ci == p.ci {
			c = c[:p.i]
		}
		for j := range c {
			kids := c[j].kids
			clear(kids[:cap(kids)])
			c[j] = attrNode{kids: kids[:0]}
		}
	}
	p.ci, p.i = 0, 0
}

var checkPool = sync.Pool{New: func() any { return new(nodePool) }}

func (c *checker) errorAt(p Pos, msg string) {
	if len(c.errors) < maxParseErrors { // as for syntax errors: the first few say it
		c.errors = append(c.errors, &Error{Pos: c.f.Position(p), Msg: msg})
	}
}

// checkFile runs the checks on a file that parsed without syntax errors.
func checkFile(f *File) ErrorList {
	c := &checker{f: f, nodes: checkPool.Get().(*nodePool)}
	defer func() {
		c.nodes.reset()
		checkPool.Put(c.nodes)
	}()
	c.structure(f.Body)
	if len(c.errors) == 0 {
		c.resolve(f.Body, nil)
	}
	return c.errors
}

// attrNode is an attribute while checking for duplicates: a leaf, or a
// set that later paths may extend.
type attrNode struct {
	name      string
	pos       Pos
	set       bool
	inherited bool
	kids      []*attrNode
	index     map[string]*attrNode
}

func (n *attrNode) get(name string) *attrNode {
	if n.index != nil {
		return n.index[name]
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

func (n *attrNode) put(k *attrNode) {
	n.kids = append(n.kids, k)
	if n.index != nil {
		n.index[k.name] = k
	} else if len(n.kids) > 16 {
		n.index = make(map[string]*attrNode, 2*len(n.kids))
		for _, k := range n.kids {
			n.index[k.name] = k
		}
	}
}

// structure walks x and checks every binding list and pattern in it.
func (c *checker) structure(x Expr) {
	Inspect(x, func(n Node) bool {
		switch n := n.(type) {
		case *AttrSet:
			c.buildSet(n.Binds)
			return false
		case *LegacyLet:
			c.buildSet(n.Binds)
			return false
		case *Let:
			for _, b := range n.Binds {
				if d, ok := b.(*AttrDef); ok && d.Path[0].X != nil {
					c.errorAt(n.Pos(), "dynamic attributes not allowed in let")
				}
			}
			c.buildSet(n.Binds)
			c.structure(n.Body)
			return false
		case *Lambda:
			if n.Formals != nil {
				seen := make(map[string]bool, len(n.Formals.List))
				for _, fm := range n.Formals.List {
					if seen[fm.Name.Name] {
						c.errorAt(fm.Pos(), "duplicate formal function argument '"+fm.Name.Name+"'")
					}
					seen[fm.Name.Name] = true
					if n.Arg != nil && fm.Name.Name == n.Arg.Name {
						c.errorAt(n.Pos(), "duplicate formal function argument '"+n.Arg.Name+"'")
					}
				}
			}
		}
		return true
	})
}

// buildSet checks one binding list the way parser.y's addAttr builds it,
// and walks the values. Values that are set literals become part of the
// tree, since later paths may add to them.
func (c *checker) buildSet(binds []Binding) *attrNode {
	root := c.node(attrNode{set: true})
	for _, b := range binds {
		switch b := b.(type) {
		case *AttrDef:
			for _, a := range b.Path {
				if a.X != nil {
					c.structure(a.X)
				}
			}
			c.addAttr(root, b)
		case *Inherit:
			if b.From != nil {
				c.structure(b.From)
			}
			for _, a := range b.Names {
				if a.X != nil {
					continue // reported by the parser
				}
				if old := root.get(a.Name); old != nil {
					c.dupAttr(a.Name, a.Pos(), old.pos)
					continue
				}
				root.put(c.node(attrNode{name: a.Name, pos: a.Pos(), inherited: b.From == nil}))
			}
		}
	}
	return root
}

func (c *checker) dupAttr(name string, at, prev Pos) {
	c.errorAt(at, "attribute '"+name+"' already defined at "+c.f.Position(prev).String())
}

func (c *checker) addAttr(set *attrNode, b *AttrDef) {
	pos := b.Pos()
	// The value's own node: a set literal's attributes, or a leaf.
	var value *attrNode
	if s, ok := Unparen(b.Value).(*AttrSet); ok {
		value = c.buildSet(s.Binds)
	} else {
		c.structure(b.Value)
	}
	path := b.Path
	for _, a := range path[:len(path)-1] {
		if a.X != nil {
			set = c.node(attrNode{set: true}) // a fresh set nobody else can name
			continue
		}
		if old := set.get(a.Name); old != nil {
			if old.inherited || !old.set {
				c.dupAttr(showAttrPathPlain(path), pos, old.pos)
				return
			}
			set = old
			continue
		}
		nested := c.node(attrNode{name: a.Name, pos: pos, set: true})
		set.put(nested)
		set = nested
	}
	last := path[len(path)-1]
	if last.X != nil {
		return
	}
	old := set.get(last.Name)
	if old == nil {
		if value == nil {
			value = c.node(attrNode{})
		}
		value.name, value.pos = last.Name, pos
		set.put(value)
		return
	}
	// Two set literals for one name merge; anything else is a duplicate.
	if old.inherited || !old.set || value == nil {
		c.dupAttr(showAttrPathPlain(path), pos, old.pos)
		return
	}
	for _, k := range sortedNodes(value.kids) {
		if prev := old.get(k.name); prev != nil {
			c.dupAttr(k.name, k.pos, prev.pos)
			continue
		}
		old.put(k)
	}
}

func sortedNodes(kids []*attrNode) []*attrNode {
	l := append([]*attrNode(nil), kids...)
	for i := 1; i < len(l); i++ { // insertion sort: lists are short
		for j := i; j > 0 && l[j].name < l[j-1].name; j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
	return l
}

// nameScope is a scope of variables for resolution.
type nameScope struct {
	up      *nameScope
	with    bool
	binds   []Binding // a let or rec set: the first names of its paths and inherits
	index   map[string]bool
	arg     string   // a function's argument
	formals *Formals // and its pattern
}

func (s *nameScope) has(name string) bool {
	switch {
	case s.index != nil:
		return s.index[name]
	case s.binds != nil:
		for _, b := range s.binds {
			if bindsName(b, name) {
				return true
			}
		}
		return false
	}
	if s.arg == name {
		return true
	}
	if s.formals != nil {
		for _, fm := range s.formals.List {
			if fm.Name.Name == name {
				return true
			}
		}
	}
	return false
}

func bindsName(b Binding, name string) bool {
	switch b := b.(type) {
	case *AttrDef:
		return b.Path[0].X == nil && b.Path[0].Name == name
	case *Inherit:
		for _, a := range b.Names {
			if a.X == nil && a.Name == name {
				return true
			}
		}
	}
	return false
}

func bindsScope(up *nameScope, binds []Binding) *nameScope {
	s := &nameScope{up: up, binds: binds}
	if len(binds) > 16 {
		s.index = make(map[string]bool, len(binds))
		for _, b := range binds {
			switch b := b.(type) {
			case *AttrDef:
				if b.Path[0].X == nil {
					s.index[b.Path[0].Name] = true
				}
			case *Inherit:
				for _, a := range b.Names {
					if a.X == nil {
						s.index[a.Name] = true
					}
				}
			}
		}
	}
	return s
}

func (c *checker) lookup(id *Ident, sc *nameScope) {
	withSeen := false
	for s := sc; s != nil; s = s.up {
		if s.with {
			withSeen = true
		} else if s.has(id.Name) {
			return
		}
	}
	if !withSeen && !baseEnv[id.Name] {
		c.errorAt(id.Pos(), "undefined variable '"+id.Name+"'")
	}
}

// resolveBinds resolves the values of a binding list in scope inner; plain
// inherits look their names up in outer.
func (c *checker) resolveBinds(binds []Binding, inner, outer *nameScope) {
	for _, b := range binds {
		switch b := b.(type) {
		case *AttrDef:
			for _, a := range b.Path {
				if a.X != nil {
					c.resolve(a.X, inner)
				}
			}
			c.resolve(b.Value, inner)
		case *Inherit:
			if b.From != nil {
				c.resolve(b.From, inner)
				continue
			}
			for _, a := range b.Names {
				if a.X == nil {
					c.lookup(&Ident{Range: a.Range, Name: a.Name}, outer)
				}
			}
		}
	}
}

func (c *checker) resolve(x Expr, sc *nameScope) {
	switch x := x.(type) {
	case *Ident:
		c.lookup(x, sc)
	case *AttrSet:
		inner := sc
		if x.Rec {
			inner = bindsScope(sc, x.Binds)
		}
		c.resolveBinds(x.Binds, inner, sc)
	case *LegacyLet:
		c.resolveBinds(x.Binds, bindsScope(sc, x.Binds), sc)
	case *Let:
		inner := bindsScope(sc, x.Binds)
		c.resolveBinds(x.Binds, inner, sc)
		c.resolve(x.Body, inner)
	case *Lambda:
		inner := &nameScope{up: sc, formals: x.Formals}
		if x.Arg != nil {
			inner.arg = x.Arg.Name
		}
		if x.Formals != nil && len(x.Formals.List) > 16 {
			inner.index = make(map[string]bool, len(x.Formals.List)+1)
			for _, fm := range x.Formals.List {
				inner.index[fm.Name.Name] = true
			}
			if x.Arg != nil {
				inner.index[x.Arg.Name] = true
			}
		}
		if x.Formals != nil {
			for _, fm := range x.Formals.List {
				if fm.Default != nil {
					c.resolve(fm.Default, inner)
				}
			}
		}
		c.resolve(x.Body, inner)
	case *With:
		c.resolve(x.Env, sc)
		c.resolve(x.Body, &nameScope{up: sc, with: true})
	case *Select:
		c.resolve(x.X, sc)
		c.resolveAttrs(x.Path, sc)
		if x.Default != nil {
			c.resolve(x.Default, sc)
		}
	case *HasAttr:
		c.resolve(x.X, sc)
		c.resolveAttrs(x.Path, sc)
	case *String:
		for _, p := range x.Parts {
			if p.X != nil {
				c.resolve(p.X, sc)
			}
		}
	case *Path:
		for _, p := range x.Parts {
			if p.X != nil {
				c.resolve(p.X, sc)
			}
		}
	case *List:
		for _, e := range x.Elems {
			c.resolve(e, sc)
		}
	case *Call:
		c.resolve(x.Fn, sc)
		for _, a := range x.Args {
			c.resolve(a, sc)
		}
	case *Unary:
		c.resolve(x.X, sc)
	case *Binary:
		c.resolve(x.X, sc)
		c.resolve(x.Y, sc)
	case *Paren:
		c.resolve(x.X, sc)
	case *If:
		c.resolve(x.Cond, sc)
		c.resolve(x.Then, sc)
		c.resolve(x.Else, sc)
	case *Assert:
		c.resolve(x.Cond, sc)
		c.resolve(x.Body, sc)
	}
}

func (c *checker) resolveAttrs(path []*AttrName, sc *nameScope) {
	for _, a := range path {
		if a.X != nil {
			c.resolve(a.X, sc)
		}
	}
}
