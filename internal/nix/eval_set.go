package nix

// Building attribute sets from bindings: `a.b.c = 1; a.b.d = 2;` and
// `a = { b = 1; }; a.c = 2;` both make one nested set, as in Nix.

type setBuilder struct {
	entries []*bentry
	idx     map[string]*bentry // once there are many entries
}

type bentry struct {
	name string
	key  loc
	doc  *CommentGroup
	kdoc *CommentGroup // see attr.kdoc
	t    *thunk
	// lit is the leaf's expression when it is a plain `{ … }`, which a
	// later `name.x = …` may still extend.
	lit    *AttrSet
	litEnv *env
	sub    *setBuilder // nil for a leaf; points at own when a set
	own    setBuilder  // saves an allocation per nested name
}

func (b *setBuilder) get(name string) *bentry {
	if b.idx != nil {
		return b.idx[name]
	}
	for _, en := range b.entries {
		if en.name == name {
			return en
		}
	}
	return nil
}

func (b *setBuilder) add(en *bentry) {
	b.entries = append(b.entries, en)
	if b.idx != nil {
		b.idx[en.name] = en
	} else if len(b.entries) > 8 {
		b.idx = make(map[string]*bentry, 2*len(b.entries))
		for _, x := range b.entries {
			b.idx[x.name] = x
		}
	}
}

func (e *evaluator) set(b *setBuilder, at loc) *setV {
	attrs := e.attrLists.take(len(b.entries))
	for _, en := range b.entries {
		t := en.t
		if en.sub != nil {
			t = e.done(e.set(en.sub, en.key))
		}
		attrs = append(attrs, attr{name: en.name, t: t, key: en.key, doc: en.doc, kdoc: en.kdoc})
	}
	sv := e.sets.alloc()
	sv.attrs, sv.at = uniqueAttrs(attrs), at
	return sv
}

// buildSet evaluates the bindings of a set or let. Values and the sources
// of `inherit (x) …` are evaluated in scope (the set's own scope for rec and
// let), plain `inherit a` and dynamic names in outer.
func (e *evaluator) buildSet(binds []Binding, scope, outer *env, at loc) *setV {
	var b setBuilder
	b.entries = e.entryLists.take(len(binds))
	e.addBinds(&b, binds, scope, outer)
	return e.set(&b, at)
}

func (e *evaluator) addBinds(b *setBuilder, binds []Binding, scope, outer *env) {
	for _, bd := range binds {
		switch bd := bd.(type) {
		case *AttrDef:
			var buf [4]string // most paths are short: no allocation
			names := buf[:0]
			if len(bd.Path) > len(buf) {
				names = make([]string, len(bd.Path))
			}
			names = names[:len(bd.Path)]
			ok := len(bd.Path) > 0
			for i, n := range bd.Path {
				if names[i], ok = e.attrName(n, outer); !ok {
					break
				}
			}
			if ok {
				e.addPath(b, bd, names, scope, outer)
			}
		case *Inherit:
			var from *thunk
			if bd.From != nil {
				from = &thunk{x: bd.From, env: scope}
			}
			for _, n := range bd.Names {
				name, ok := e.attrName(n, outer)
				if !ok {
					continue
				}
				key := loc{scope.file, n.Pos()}
				var t *thunk
				if from == nil {
					id := e.idents.alloc()
					id.Range, id.Name = n.Range, name
					t = e.thunks.alloc()
					t.x, t.env = id, outer
				} else {
					f := from
					t = &thunk{fn: func() value {
						v := e.selectAttr(e.force(f), name, key)
						if v == nil {
							return unknown
						}
						if _, ok := v.(*configV); ok {
							return v
						}
						return withVia(v, name)
					}}
				}
				if b.get(name) != nil {
					e.errorf(key, "attribute %q already defined", name)
					continue
				}
				b.add(&bentry{name: name, key: key, doc: bd.Doc, t: t})
			}
		}
	}
}

func (e *evaluator) addPath(b *setBuilder, bd *AttrDef, names []string, scope, outer *env) {
	for i, name := range names {
		key := loc{scope.file, bd.Path[i].Pos()}
		en := b.get(name)
		if i == len(names)-1 {
			lit, _ := Unparen(bd.Value).(*AttrSet)
			if lit != nil && lit.Rec {
				lit = nil
			}
			if en == nil {
				en = e.bentries.alloc()
				*en = bentry{name: name, key: key, doc: bd.Doc, t: e.lazy(bd.Value, scope)}
				if lit != nil {
					en.lit, en.litEnv = lit, scope
				}
				b.add(en)
				return
			}
			if lit != nil && (en.sub != nil || en.lit != nil) {
				e.toSub(en)
				e.addBinds(en.sub, lit.Binds, scope, scope)
				return
			}
			e.duplicate(bd, key, name)
			return
		}
		switch {
		case en == nil:
			// The comment above `a.b.c = 1;` is about c, not all of a.
			en = e.bentries.alloc()
			*en = bentry{name: name, key: key, kdoc: bd.Doc}
			en.own.entries = e.entryLists.take(4)
			en.sub = &en.own
			b.add(en)
		case en.sub == nil && en.lit != nil:
			e.toSub(en)
		case en.sub == nil:
			e.duplicate(bd, key, name)
			return
		}
		b = en.sub
	}
}

func (e *evaluator) toSub(en *bentry) {
	if en.sub != nil {
		return
	}
	en.sub = &en.own
	if en.lit != nil {
		en.own.entries = e.entryLists.take(len(en.lit.Binds) + 1)
		e.addBinds(en.sub, en.lit.Binds, en.litEnv, en.litEnv)
	}
	en.lit, en.litEnv, en.t = nil, nil, nil
}

// duplicate reports an attribute defined twice. With static names the
// parser has said so already; only dynamic names are news.
func (e *evaluator) duplicate(bd *AttrDef, key loc, name string) {
	for _, n := range bd.Path {
		if n.X != nil {
			e.errorf(key, "attribute %q already defined", name)
			return
		}
	}
}

// chunk cuts small lists from shared backing arrays: most sets, subject
// lists, argument lists and child lists are a handful long, and one
// allocation per list was a good part of Evaluate's work. Each list is
// capped at its length, so appending to one never writes into another.
type chunk[T any] struct{ buf []T }

// take returns an empty list with room for n elements.
func (c *chunk[T]) take(n int) []T {
	if n > 64 {
		return make([]T, 0, n)
	}
	if cap(c.buf)-len(c.buf) < n {
		c.buf = make([]T, 0, 256)
	}
	start := len(c.buf)
	c.buf = c.buf[:start+n]
	return c.buf[start : start : start+n]
}

// with returns xs followed by x, in a list of its own.
func (c *chunk[T]) with(xs []T, x T) []T {
	return append(append(c.take(len(xs)+1), xs...), x)
}
