package nix

import (
	"math"
	"path"
	"strconv"
	"strings"
)

// Limits that keep evaluation of hostile or runaway input bounded: Go
// cannot recover from a stack overflow, and the dev server must not hang.
const (
	maxDepth = 2000    // nested eval calls
	maxSteps = 1000000 // units of work per Evaluate (a 1,000-file tree takes ~150,000)
	maxAlts  = 16      // candidates kept for one value
	maxList  = 100000  // elements built by genList/range
)

// force evaluates a thunk once, reporting infinite recursion.
func (e *evaluator) force(t *thunk) value {
	if t == nil {
		return unknown
	}
	switch t.state {
	case forced:
		return t.v
	case forcing:
		if t.x != nil && t.env != nil {
			e.errorf(loc{t.env.file, t.x.Pos()}, "infinite recursion")
		}
		return unknown
	}
	t.state = forcing
	var v value
	if t.fn != nil {
		v = t.fn()
	} else {
		v = e.eval(t.x, t.env)
	}
	if v == nil {
		v = unknown
	}
	t.v, t.state, t.x, t.env, t.fn = v, forced, nil, nil, nil
	return v
}

// val forces t and strips what only the module system cares about:
// config references are resolved, overrides and mkIf unwrapped.
func (e *evaluator) val(t *thunk) value { return e.whnf(e.force(t)) }

func (e *evaluator) whnf(v value) value {
	for i := 0; i < 64; i++ {
		switch x := v.(type) {
		case *configV:
			v = e.resolveConfig(x)
		case *overrideV:
			v = e.force(x.v)
		case *ifV:
			c := e.whnf(e.force(x.cond))
			if b, ok := c.(*boolV); ok && !b.b {
				return unknown
			}
			v = e.force(x.v)
			if _, ok := c.(*boolV); !ok {
				v = markCond(v)
			}
		case nil:
			return unknown
		default:
			return v
		}
	}
	return unknown
}

// tick counts one unit of work and reports whether the budget allows it;
// flattening and coercion count too, since shared lists can make them
// exponential without a single new evaluation.
func (e *evaluator) tick(at loc) bool {
	e.steps++
	if e.steps <= maxSteps {
		return true
	}
	if !e.exhausted {
		e.exhausted = true
		e.errorf(at, "evaluation stopped: too many steps")
	}
	return false
}

func (e *evaluator) eval(x Expr, en *env) (v value) {
	if x == nil || en == nil {
		return unknown
	}
	if !e.tick(loc{en.file, x.Pos()}) {
		return unknown
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxDepth {
		if !e.tooDeep {
			e.tooDeep = true
			e.errorf(loc{en.file, x.Pos()}, "evaluation stopped: nesting too deep")
		}
		return unknown
	}
	at := loc{en.file, x.Pos()}
	switch x := x.(type) {
	case *Paren:
		return e.eval(x.X, en)
	case *Int:
		return &intV{meta: meta{at: at}, n: x.Value}
	case *Float:
		return &floatV{meta: meta{at: at}, f: x.Value}
	case *Ident:
		return e.lookup(x, en)
	case *String:
		return e.evalString(x, en)
	case *Path:
		return e.evalPath(x, en)
	case *List:
		l := e.lists.alloc()
		l.at, l.elems = at, e.elemLists.take(len(x.Elems))[:len(x.Elems)]
		for i, el := range x.Elems {
			l.elems[i] = e.lazy(el, en)
		}
		return l
	case *AttrSet:
		if x.Rec {
			scope := en.child()
			s := e.buildSet(x.Binds, scope, en, at)
			scope.set = s
			return s
		}
		return e.buildSet(x.Binds, en, en, at)
	case *Let:
		scope := en.child()
		scope.set = e.buildSet(x.Binds, scope, en, at)
		return e.eval(x.Body, scope)
	case *LegacyLet:
		scope := en.child()
		s := e.buildSet(x.Binds, scope, en, at)
		scope.set = s
		if b := s.get("body"); b != nil {
			return e.force(b.t)
		}
		return unknown
	case *Lambda:
		return &lambdaV{fn: x, env: en}
	case *With:
		scope := en.child()
		scope.with = e.lazy(x.Env, en)
		return e.eval(x.Body, scope)
	case *Assert:
		return e.eval(x.Body, en)
	case *If:
		c := e.whnf(e.eval(x.Cond, en))
		if b, ok := c.(*boolV); ok {
			if b.b {
				return e.eval(x.Then, en)
			}
			return e.eval(x.Else, en)
		}
		// An undecided condition: both branches are candidates.
		return alts(markCond(e.eval(x.Then, en)), markCond(e.eval(x.Else, en)))
	case *Select:
		return e.evalSelect(x, en)
	case *HasAttr:
		v := e.eval(x.X, en)
		for _, n := range x.Path {
			name, ok := e.attrName(n, en)
			if !ok {
				return unknown
			}
			switch s := v.(type) {
			case *configV:
				if !e.configHas(s, name) {
					return &boolV{meta: meta{at: at}}
				}
				v = s.child(name, at, &e.configs)
				continue
			}
			s := e.whnf(v)
			switch s := s.(type) {
			case *setV:
				a := s.get(name)
				if a == nil {
					return &boolV{meta: meta{at: at}}
				}
				v = e.force(a.t)
			case *stubV:
				if _, ok := s.known[name]; !ok {
					return unknown
				}
				v = s.known[name]
			case *unknownV, *partialV, *altV:
				return unknown
			default:
				return &boolV{meta: meta{at: at}}
			}
		}
		return &boolV{meta: meta{at: at}, b: true}
	case *Call:
		f := e.eval(x.Fn, en)
		for _, a := range x.Args {
			f = e.apply(f, e.lazy(a, en), at)
		}
		return f
	case *Unary:
		v := e.whnf(e.eval(x.X, en))
		switch x.Op {
		case NOT:
			if b, ok := v.(*boolV); ok {
				return &boolV{meta: meta{at: at}, b: !b.b}
			}
		case SUB:
			switch n := v.(type) {
			case *intV:
				return &intV{meta: meta{at: at, via: n.via}, n: -n.n}
			case *floatV:
				return &floatV{meta: meta{at: at, via: n.via}, f: -n.f}
			}
		}
		return unknown
	case *Binary:
		return e.evalBinary(x, en, at)
	}
	return unknown
}

// lazy makes a thunk for x in en, skipping the thunk for literals.
func (e *evaluator) lazy(x Expr, en *env) *thunk {
	switch x.(type) {
	case *Int, *Float, *Lambda:
		return e.done(e.eval(x, en))
	}
	t := e.thunks.alloc()
	t.x, t.env = x, en
	return t
}

func (e *evaluator) lookup(id *Ident, en *env) value {
	name := id.Name
	for s := en; s != nil; s = s.up {
		if s.with != nil {
			continue
		}
		if t := s.own(name); t != nil {
			return withVia(e.force(t), name)
		}
	}
	// Builtins are lexical too: they shadow what a `with` brings in.
	if v, ok := e.globals[name]; ok {
		return v
	}
	// Then the `with` scopes, innermost first.
	for s := en; s != nil; s = s.up {
		if s.with == nil {
			continue
		}
		switch w := e.whnf(e.force(s.with)).(type) {
		case *setV:
			if a := w.get(name); a != nil {
				return withVia(e.force(a.t), name)
			}
		case *stubV:
			if v, ok := w.known[name]; ok {
				return v
			}
			return unknown
		case *configV:
			if e.configHas(w, name) {
				return w.child(name, loc{en.file, id.Pos()}, &e.configs)
			}
		default:
			// `with` over something unknown may define any name.
			return unknown
		}
	}
	e.errorf(loc{en.file, id.Pos()}, "undefined variable %q", name)
	return unknown
}

func (e *evaluator) attrName(n *AttrName, en *env) (string, bool) {
	if n.X == nil {
		return n.Name, true
	}
	if s, ok := e.whnf(e.eval(n.X, en)).(*strV); ok {
		return s.s, true
	}
	return "", false
}

func (e *evaluator) evalSelect(x *Select, en *env) value {
	v := e.eval(x.X, en)
	at := loc{en.file, x.Pos()}
	var buf [8]string
	names := buf[:0]
	if id, ok := Unparen(x.X).(*Ident); ok {
		names = append(names, id.Name)
	}
	for _, n := range x.Path {
		name, ok := e.attrName(n, en)
		if !ok {
			return unknown
		}
		names = append(names, name)
		v = e.selectAttr(v, name, at)
		if v == nil {
			if x.Default != nil {
				return e.eval(x.Default, en)
			}
			return unknown
		}
	}
	switch v.(type) {
	case *strV, *intV, *floatV, *boolV, *pathV: // what withVia marks
		return withVia(v, strings.Join(names, "."))
	}
	return v
}

// selectAttr returns v.name, nil when v is a set without name, unknown when
// that cannot be known.
func (e *evaluator) selectAttr(v value, name string, at loc) value {
	if c, ok := v.(*configV); ok {
		// Stay lazy: `cfg = config.services.x;` then `cfg.port`.
		return c.child(name, at, &e.configs)
	}
	switch s := e.whnf(v).(type) {
	case *setV:
		a := s.get(name)
		if a == nil {
			return nil
		}
		return e.force(a.t)
	case *stubV:
		if v, ok := s.known[name]; ok {
			return v
		}
		return unknown
	case *altV:
		out := make([]value, 0, len(s.alts))
		for _, a := range s.alts {
			r := e.selectAttr(a, name, at)
			if r == nil {
				r = unknown
			}
			out = append(out, markCond(e.whnf(r)))
		}
		return alts(out...)
	case *configV:
		return s.child(name, at, &e.configs)
	}
	return unknown
}

func (c *configV) child(name string, at loc, slab *slab[configV]) *configV {
	if c.cp != nil {
		k := c.cp.kid(name)
		x := slab.alloc()
		*x = configV{ctx: c.ctx, path: k.p, at: at, cp: k}
		return x
	}
	p := make([]string, len(c.path)+1)
	copy(p, c.path)
	p[len(c.path)] = name
	return &configV{ctx: c.ctx, path: p, at: at}
}

// alts builds a value with candidates, flattening nested candidates,
// dropping duplicates and unknowns. A single candidate is itself.
func alts(vs ...value) value {
	if len(vs) == 1 {
		// The usual case: one definition, nothing to merge.
		if _, ok := vs[0].(*altV); !ok {
			if isUnknown(vs[0]) {
				return unknown
			}
			return vs[0]
		}
	}
	var out []value
	for _, v := range vs {
		out = addAlt(out, v)
	}
	switch len(out) {
	case 0:
		return unknown
	case 1:
		return out[0]
	}
	return &altV{alts: out}
}

func addAlt(out []value, v value) []value {
	if a, ok := v.(*altV); ok {
		for _, x := range a.alts {
			out = addAlt(out, x)
		}
		return out
	}
	if isUnknown(v) || len(out) >= maxAlts {
		return out
	}
	for _, o := range out {
		if sameScalar(o, v) {
			return out
		}
	}
	return append(out, v)
}

// sameScalar reports whether a and b are the same scalar at the same place.
func sameScalar(a, b value) bool {
	ma, mb := metaOf(a), metaOf(b)
	if ma == nil || mb == nil || ma.at != mb.at {
		return a == b
	}
	switch a := a.(type) {
	case *strV:
		b, ok := b.(*strV)
		return ok && a.s == b.s
	case *intV:
		b, ok := b.(*intV)
		return ok && a.n == b.n
	case *boolV:
		b, ok := b.(*boolV)
		return ok && a.b == b.b
	case *pathV:
		b, ok := b.(*pathV)
		return ok && a.p == b.p
	case *nullV:
		_, ok := b.(*nullV)
		return ok
	}
	return false
}

// evalString joins a string's parts when every interpolation resolves to a
// string; candidates multiply out (up to maxAlts). A string with parts
// that do not resolve is a partialV.
func (e *evaluator) evalString(x *String, en *env) value {
	at := loc{en.file, x.Pos()}
	switch {
	case len(x.Parts) == 0:
		return &strV{meta: meta{at: at}, lit: x, env: en}
	case len(x.Parts) == 1 && x.Parts[0].X == nil:
		// Most strings are one piece of text: no copy of it.
		return &strV{meta: meta{at: at}, s: x.Parts[0].Text, lit: x, env: en}
	}
	var buf [8]value
	vals := buf[:0] // one per interpolation, each evaluated once
	var sbuf [8]string
	strs := sbuf[:0] // their text, while every one is a string
	simple, partial := true, false
	n := 0
	for _, p := range x.Parts {
		if p.X == nil {
			n += len(p.Text)
			continue
		}
		// Even after a part fails, the rest are evaluated: a template
		// filled in there (substituteAll…) records its bindings.
		v := e.whnf(e.eval(p.X, en))
		vals = append(vals, v)
		if _, ok := v.(*altV); ok {
			simple = false
		} else if s, ok := e.coerce(v, false); !ok {
			partial = true
		} else {
			strs = append(strs, s)
			n += len(s)
		}
	}
	if partial {
		return &partialV{lit: x, env: en, at: at}
	}
	if simple {
		var b strings.Builder
		b.Grow(n)
		var via []string
		var vbuf [8][]string
		vias := vbuf[:0]
		cond := false
		i := 0
		for _, p := range x.Parts {
			if p.X == nil {
				b.WriteString(p.Text)
				continue
			}
			b.WriteString(strs[i])
			if m := metaOf(vals[i]); m != nil {
				if len(m.via) > 0 {
					vias = append(vias, m.via)
				}
				cond = cond || m.cond
			}
			i++
		}
		switch len(vias) {
		case 0:
		case 1:
			via = vias[0] // shared: via lists are never written in place
		default:
			via = joinVia(vias...)
		}
		return &strV{meta: meta{at: at, via: via, cond: cond}, s: b.String(), lit: x, env: en}
	}
	// Each part contributes one or more candidate strings.
	type cand struct {
		s    string
		via  []string
		cond bool
	}
	cur := []cand{{}}
	i := 0
	for _, p := range x.Parts {
		if p.X == nil {
			for j := range cur {
				cur[j].s += p.Text
			}
			continue
		}
		v := vals[i]
		i++
		opts := []value{v}
		if a, ok := v.(*altV); ok {
			opts = a.alts
		}
		var next []cand
		for _, o := range opts {
			s, ok := e.coerce(o, false)
			if !ok {
				return &partialV{lit: x, env: en, at: at}
			}
			m := metaOf(o)
			for _, c := range cur {
				if len(next) >= maxAlts {
					break
				}
				n := cand{s: c.s + s, via: c.via, cond: c.cond}
				if m != nil {
					n.via = joinVia(c.via, m.via)
					n.cond = n.cond || m.cond
				}
				next = append(next, n)
			}
		}
		cur = next
	}
	out := make([]value, len(cur))
	for j, c := range cur {
		out[j] = &strV{meta: meta{at: at, via: c.via, cond: c.cond}, s: c.s, lit: x, env: en}
	}
	return alts(out...)
}

// coerce turns v into a string the way interpolation (or toString, when
// loose) does. Paths and derivations would be store paths: unknown.
func (e *evaluator) coerce(v value, loose bool) (string, bool) {
	return e.coerceDepth(v, loose, 0)
}

func (e *evaluator) coerceDepth(v value, loose bool, depth int) (string, bool) {
	if depth > 32 {
		return "", false
	}
	switch v := e.whnf(v).(type) {
	case *strV:
		return v.s, true
	case *intV:
		if loose {
			return strconv.FormatInt(v.n, 10), true
		}
	case *floatV:
		if loose {
			return strconv.FormatFloat(v.f, 'f', 6, 64), true
		}
	case *boolV:
		if loose {
			if v.b {
				return "1", true
			}
			return "", true
		}
	case *nullV:
		if loose {
			return "", true
		}
	case *listV:
		if loose && e.tick(v.at) {
			parts := make([]string, 0, len(v.elems))
			for _, t := range v.elems {
				s, ok := e.coerceDepth(e.force(t), true, depth+1)
				if !ok {
					return "", false
				}
				parts = append(parts, s)
			}
			return strings.Join(parts, " "), true
		}
	case *setV:
		// A set with outPath or __toString coerces through it; neither is
		// something we can know here except a plain outPath string.
		if a := v.get("outPath"); a != nil {
			return e.coerceDepth(e.force(a.t), loose, depth+1)
		}
	}
	return "", false
}

func (e *evaluator) evalPath(x *Path, en *env) value {
	at := loc{en.file, x.Pos()}
	var p string
	if len(x.Parts) == 1 && x.Parts[0].X == nil {
		p = x.Parts[0].Text // ./jellyfin.nix: nearly every path
	} else {
		var b strings.Builder
		for _, p := range x.Parts {
			if p.X == nil {
				b.WriteString(p.Text)
				continue
			}
			s, ok := e.coerce(e.eval(p.X, en), false)
			if !ok {
				return unknown
			}
			b.WriteString(s)
		}
		p = b.String()
	}
	switch x.Kind {
	case RelPath:
		p = joinPath(en.dir, p)
	case AbsPath:
		p = path.Clean(p)
	default:
		return unknown // ~/x and <nixpkgs> are outside the tree
	}
	return &pathV{meta: meta{at: at}, p: p}
}

// joinPath is path.Join(dir, p), without its two allocations in the
// common case of a clean folder and "./name".
func joinPath(dir, p string) string {
	if name, ok := strings.CutPrefix(p, "./"); ok && name != "" && name != "." && name != ".." && strings.IndexByte(name, '/') < 0 &&
		dir != "" && dir != "." && dir != "/" && path.Clean(dir) == dir {
		return dir + "/" + name
	}
	return path.Join(dir, p)
}

func (e *evaluator) evalBinary(x *Binary, en *env, at loc) value {
	switch x.Op {
	case AND, OR, IMPL:
		// Three-valued: an unknown side decides nothing unless the other
		// side alone decides.
		l := e.truth(e.eval(x.X, en))
		r := -1
		decide := func(b bool) value { return &boolV{meta: meta{at: at}, b: b} }
		switch x.Op {
		case AND:
			if l == 0 {
				return decide(false)
			}
			if r = e.truth(e.eval(x.Y, en)); r == 0 || (l == 1 && r == 1) {
				return decide(r == 1)
			}
		case OR:
			if l == 1 {
				return decide(true)
			}
			if r = e.truth(e.eval(x.Y, en)); r == 1 || (l == 0 && r == 0) {
				return decide(r == 1)
			}
		case IMPL:
			if l == 0 {
				return decide(true)
			}
			if r = e.truth(e.eval(x.Y, en)); r == 1 || (l == 1 && r == 0) {
				return decide(r == 1)
			}
		}
		return unknown
	case UPDATE:
		return e.update(e.eval(x.X, en), e.eval(x.Y, en), at)
	case CONCAT:
		return e.concatLists(e.eval(x.X, en), e.eval(x.Y, en), at)
	case EQ, NEQ:
		eq := e.equal(e.eval(x.X, en), e.eval(x.Y, en), 0)
		if eq < 0 {
			return unknown
		}
		return &boolV{meta: meta{at: at}, b: (eq == 1) == (x.Op == EQ)}
	}
	l, r := e.whnf(e.eval(x.X, en)), e.whnf(e.eval(x.Y, en))
	if la, ok := l.(*altV); ok {
		out := make([]value, 0, len(la.alts))
		for _, a := range la.alts {
			out = append(out, markCond(e.arith(x.Op, a, r, at)))
		}
		return alts(out...)
	}
	if ra, ok := r.(*altV); ok {
		out := make([]value, 0, len(ra.alts))
		for _, a := range ra.alts {
			out = append(out, markCond(e.arith(x.Op, l, a, at)))
		}
		return alts(out...)
	}
	return e.arith(x.Op, l, r, at)
}

// truth is 1 for true, 0 for false, -1 when not known.
func (e *evaluator) truth(v value) int {
	if b, ok := e.whnf(v).(*boolV); ok {
		if b.b {
			return 1
		}
		return 0
	}
	return -1
}

func (e *evaluator) arith(op Token, l, r value, at loc) value {
	lm, rm := metaOf(l), metaOf(r)
	if lm == nil || rm == nil {
		return unknown
	}
	m := meta{at: at, via: joinVia(lm.via, rm.via), cond: lm.cond || rm.cond}
	switch a := l.(type) {
	case *strV:
		switch b := r.(type) {
		case *strV:
			if op == ADD {
				return &strV{meta: m, s: a.s + b.s}
			}
			if op == LT || op == LEQ || op == GT || op == GEQ {
				return cmpResult(op, strings.Compare(a.s, b.s), m)
			}
		}
		return unknown
	case *pathV:
		if s, ok := r.(*strV); ok && op == ADD {
			return &pathV{meta: m, p: path.Clean(a.p + s.s)}
		}
		if b, ok := r.(*pathV); ok && op == ADD {
			return &pathV{meta: m, p: path.Clean(a.p + b.p)}
		}
		return unknown
	case *intV:
		switch b := r.(type) {
		case *intV:
			switch op {
			case ADD:
				return &intV{meta: m, n: a.n + b.n}
			case SUB:
				return &intV{meta: m, n: a.n - b.n}
			case MUL:
				return &intV{meta: m, n: a.n * b.n}
			case QUO:
				if b.n == 0 || (a.n == math.MinInt64 && b.n == -1) {
					return unknown
				}
				return &intV{meta: m, n: a.n / b.n}
			case LT, LEQ, GT, GEQ:
				c := 0
				if a.n < b.n {
					c = -1
				} else if a.n > b.n {
					c = 1
				}
				return cmpResult(op, c, m)
			}
		case *floatV:
			return floatArith(op, float64(a.n), b.f, m)
		}
	case *floatV:
		switch b := r.(type) {
		case *intV:
			return floatArith(op, a.f, float64(b.n), m)
		case *floatV:
			return floatArith(op, a.f, b.f, m)
		}
	}
	return unknown
}

func floatArith(op Token, a, b float64, m meta) value {
	switch op {
	case ADD:
		return &floatV{meta: m, f: a + b}
	case SUB:
		return &floatV{meta: m, f: a - b}
	case MUL:
		return &floatV{meta: m, f: a * b}
	case QUO:
		if b == 0 {
			return unknown
		}
		return &floatV{meta: m, f: a / b}
	case LT, LEQ, GT, GEQ:
		c := 0
		if a < b {
			c = -1
		} else if a > b {
			c = 1
		}
		return cmpResult(op, c, m)
	}
	return unknown
}

func cmpResult(op Token, c int, m meta) value {
	var b bool
	switch op {
	case LT:
		b = c < 0
	case LEQ:
		b = c <= 0
	case GT:
		b = c > 0
	case GEQ:
		b = c >= 0
	}
	m.via = nil
	return &boolV{meta: m, b: b}
}

// equal is 1 when a == b, 0 when not, -1 when that is not known.
func (e *evaluator) equal(a, b value, depth int) int {
	if depth > 32 || !e.tick(loc{}) {
		return -1
	}
	a, b = e.whnf(a), e.whnf(b)
	switch x := a.(type) {
	case *strV:
		if y, ok := b.(*strV); ok {
			return bool01(x.s == y.s)
		}
	case *intV:
		switch y := b.(type) {
		case *intV:
			return bool01(x.n == y.n)
		case *floatV:
			return bool01(float64(x.n) == y.f)
		}
	case *floatV:
		switch y := b.(type) {
		case *intV:
			return bool01(x.f == float64(y.n))
		case *floatV:
			return bool01(x.f == y.f)
		}
	case *boolV:
		if y, ok := b.(*boolV); ok {
			return bool01(x.b == y.b)
		}
	case *nullV:
		if _, ok := b.(*nullV); ok {
			return 1
		}
	case *pathV:
		if y, ok := b.(*pathV); ok {
			return bool01(x.p == y.p)
		}
	case *listV:
		y, ok := b.(*listV)
		if !ok {
			break
		}
		if len(x.elems) != len(y.elems) {
			return 0
		}
		for i := range x.elems {
			if r := e.equal(e.force(x.elems[i]), e.force(y.elems[i]), depth+1); r != 1 {
				return r
			}
		}
		return 1
	case *setV:
		y, ok := b.(*setV)
		if !ok {
			break
		}
		if len(x.attrs) != len(y.attrs) {
			return 0
		}
		for i := range x.attrs {
			if x.attrs[i].name != y.attrs[i].name {
				return 0
			}
		}
		for i := range x.attrs {
			if r := e.equal(e.force(x.attrs[i].t), e.force(y.attrs[i].t), depth+1); r != 1 {
				return r
			}
		}
		return 1
	}
	if isKnownData(a) && isKnownData(b) {
		return 0 // different types
	}
	return -1
}

func bool01(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isKnownData(v value) bool {
	switch v.(type) {
	case *strV, *intV, *floatV, *boolV, *nullV, *pathV, *listV, *setV:
		return true
	}
	return false
}

// update is `a // b`. An attribute that is conditional on one side stays
// conditional.
func (e *evaluator) update(a, b value, at loc) value {
	av, bv := e.whnf(a), e.whnf(b)
	condB := false
	if i, ok := b.(*ifV); ok && e.truth(e.force(i.cond)) < 0 {
		condB = true // lib.optionalAttrs c {...} with c undecided
	}
	x, ok1 := av.(*setV)
	y, ok2 := bv.(*setV)
	if !ok1 || !ok2 {
		return unknown
	}
	attrs := make([]attr, 0, len(x.attrs)+len(y.attrs))
	i, j := 0, 0
	for i < len(x.attrs) || j < len(y.attrs) {
		switch {
		case j >= len(y.attrs) || (i < len(x.attrs) && x.attrs[i].name < y.attrs[j].name):
			attrs = append(attrs, x.attrs[i])
			i++
		case i >= len(x.attrs) || y.attrs[j].name < x.attrs[i].name:
			attrs = append(attrs, condAttr(y.attrs[j], condB))
			j++
		default:
			attrs = append(attrs, condAttr(y.attrs[j], condB))
			i++
			j++
		}
	}
	return &setV{attrs: attrs, at: at}
}

func condAttr(a attr, cond bool) attr {
	if cond {
		t := a.t
		a.t = done(&ifV{cond: done(unknown), v: t})
	}
	return a
}

// concatLists is `a ++ b`; elements of a conditional side (lib.optionals c
// [...] with c undecided) stay conditional.
func (e *evaluator) concatLists(a, b value, at loc) value {
	side := func(v value) ([]*thunk, bool) {
		cond := false
		for {
			switch x := v.(type) {
			case *ifV:
				c := e.truth(e.force(x.cond))
				if c == 0 {
					return nil, true
				}
				cond = cond || c < 0
				v = e.force(x.v)
				continue
			case *overrideV:
				v = e.force(x.v)
				continue
			}
			break
		}
		l, ok := e.whnf(v).(*listV)
		if !ok {
			return nil, false
		}
		if !cond {
			return l.elems, true
		}
		out := make([]*thunk, len(l.elems))
		for i, t := range l.elems {
			out[i] = done(&ifV{cond: done(unknown), v: t})
		}
		return out, true
	}
	x, ok1 := side(a)
	y, ok2 := side(b)
	if !ok1 || !ok2 {
		return unknown
	}
	elems := make([]*thunk, 0, len(x)+len(y))
	elems = append(append(elems, x...), y...)
	return &listV{elems: elems, at: at}
}
