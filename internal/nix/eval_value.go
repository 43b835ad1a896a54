package nix

import (
	"slices"
	"sort"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// The evaluator's values. Evaluation is lazy like Nix's (attribute values
// and list elements are thunks), but partial: anything that needs nixpkgs,
// the store or the outside world evaluates to unknown, and an operation with
// an unknown operand is unknown. Nothing is ever guessed.
//
// Scalars remember where they were written (at) and the names they were
// reached through (via), because those become the position and subject
// words of the facts they end up in.

type value interface{}

// loc is a compact position with its file.
type loc struct {
	f *File
	p Pos
}

func (l loc) pos() facts.Pos {
	if l.f == nil {
		return facts.Pos{}
	}
	return l.f.Position(l.p)
}

// meta is what every scalar carries.
type meta struct {
	at  loc
	via []string // binding names and config paths the value flowed through
	// origin is where the literal was written, kept when a config read
	// moves at to the use site (moved says it did; a computed value
	// has no origin to keep).
	origin loc
	moved  bool
	cond   bool // reached through lib.mkIf or an undecided if
}

type (
	strV struct {
		meta
		s string
		// lit is the string literal the value was read from, with the
		// scope of its interpolations, so Caddy text inside Nix can be
		// mapped back to source lines. Nil for computed strings.
		lit *String
		env *env
	}
	intV struct {
		meta
		n int64
	}
	floatV struct {
		meta
		f float64
	}
	boolV struct {
		meta
		b bool
	}
	nullV struct {
		meta
	}
	// pathV is a path literal resolved against its file's directory:
	// slash-separated and relative to the tree root, or absolute.
	pathV struct {
		meta
		p string
	}

	setV struct {
		attrs []attr // sorted by name, names unique
		at    loc
	}
	listV struct {
		elems []*thunk
		at    loc
	}
	lambdaV struct {
		fn  *Lambda
		env *env
	}
	// builtinV is a primitive function, possibly partially applied.
	builtinV struct {
		name  string
		arity int
		args  []*thunk
		fn    func(e *evaluator, args []*thunk, at loc) value
	}
	// stubV stands for a big set we only know a few members of (pkgs,
	// lib, builtins, a flake input): other members are unknown, and
	// `with stub;` claims every name so it never reports them undefined.
	stubV struct {
		name  string
		known map[string]value
	}

	// Module-system wrappers, kept as values so that flattening can see
	// conditions and priorities.
	ifV struct {
		cond *thunk
		v    *thunk
	}
	overrideV struct {
		prio int
		v    *thunk
	}
	mergeV struct {
		elems []*thunk
	}
	optionV struct {
		args *setV
		at   loc
	}

	// configV is `config` or a path below it, resolved against the
	// definitions of a machine only when its value is needed.
	configV struct {
		ctx  *context
		path []string
		at   loc    // use site
		cp   *cpath // path interned: cfg.port asked a thousand times is one path
	}
	// drvV is a store object built by a function we know (writeText,
	// substituteAll…); its path is unknown.
	drvV struct {
		name string
		src  string // the template a substituteAll/replaceVars fills
	}
	// systemV is the result of nixpkgs.lib.nixosSystem / darwinSystem.
	systemV struct {
		args *thunk
	}
	// altV holds the candidates of a value that differs by machine or
	// by an undecided condition.
	altV struct {
		alts []value
	}
	// partialV is a string literal with interpolations that did not all
	// resolve: unknown as a value, but Caddy text can still be read from
	// it with placeholders for the missing parts.
	partialV struct {
		lit *String
		env *env
		at  loc
	}
	unknownV struct{}
)

var unknown value = &unknownV{}

type attr struct {
	name string
	t    *thunk
	key  loc           // where the name is written
	doc  *CommentGroup // comment above the binding, if any
	// kdoc is the comment above a dotted binding `a.b.c = …` for the
	// names a and b: about the name itself (a virtual host, say), but
	// not about everything else later put under a.
	kdoc *CommentGroup
}

// get finds an attribute by binary search.
func (s *setV) get(name string) *attr {
	i := sort.Search(len(s.attrs), func(i int) bool { return s.attrs[i].name >= name })
	if i < len(s.attrs) && s.attrs[i].name == name {
		return &s.attrs[i]
	}
	return nil
}

// newSet sorts attrs and keeps the first of duplicate names.
func newSet(attrs []attr, at loc) *setV {
	return &setV{attrs: uniqueAttrs(attrs), at: at}
}

// uniqueAttrs sorts attrs and keeps the first of duplicate names.
func uniqueAttrs(attrs []attr) []attr {
	slices.SortStableFunc(attrs, func(a, b attr) int { return strings.Compare(a.name, b.name) })
	out := attrs[:0]
	for i, a := range attrs {
		if i > 0 && a.name == out[len(out)-1].name {
			continue
		}
		out = append(out, a)
	}
	return out
}

// thunk states
const (
	unforced uint8 = iota
	forcing
	forced
)

type thunk struct {
	x     Expr
	env   *env
	fn    func() value // instead of x, for values the evaluator synthesises
	v     value
	state uint8
}

func done(v value) *thunk { return &thunk{v: v, state: forced} }

// done is done(v) from the evaluator's slab of thunks.
func (e *evaluator) done(v value) *thunk {
	t := e.thunks.alloc()
	t.v, t.state = v, forced
	return t
}

// env is one scope: named bindings, or the set of a `with`.
type env struct {
	names  []string
	thunks []*thunk
	index  map[string]int // for scopes with many names
	// set holds the names of a let or rec scope: its own attributes,
	// sorted, so binding them takes no copy.
	set  *setV
	with *thunk
	up   *env
	file *File
	dir  string // directory of file, for relative paths
}

func (s *env) bind(name string, t *thunk) {
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			s.thunks[i] = t
			return
		}
	} else {
		for i, n := range s.names {
			if n == name {
				s.thunks[i] = t
				return
			}
		}
	}
	s.names = append(s.names, name)
	s.thunks = append(s.thunks, t)
	if s.index != nil {
		s.index[name] = len(s.names) - 1
	} else if len(s.names) > 12 {
		s.index = make(map[string]int, len(s.names)*2)
		for i, n := range s.names {
			s.index[n] = i
		}
	}
}

// reserve makes room for n names bound one by one.
func (s *env) reserve(n int) {
	if s.names == nil && n > 0 {
		s.names, s.thunks = make([]string, 0, n), make([]*thunk, 0, n)
	}
}

func (s *env) own(name string) *thunk {
	if s.set != nil {
		if a := s.set.get(name); a != nil {
			return a.t
		}
	}
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			return s.thunks[i]
		}
		return nil
	}
	for i, n := range s.names {
		if n == name {
			return s.thunks[i]
		}
	}
	return nil
}

func (s *env) child() *env {
	return &env{up: s, file: s.file, dir: s.dir}
}

// withVia returns v reached through name: scalars are copied with the name
// added to their via list; other values are returned as they are.
func withVia(v value, name string) value {
	add := func(m meta) meta {
		if len(m.via) > 0 && m.via[len(m.via)-1] == name {
			return m
		}
		m.via = append(m.via[:len(m.via):len(m.via)], name)
		return m
	}
	switch v := v.(type) {
	case *strV:
		c := *v
		c.meta = add(v.meta)
		return &c
	case *intV:
		c := *v
		c.meta = add(v.meta)
		return &c
	case *floatV:
		c := *v
		c.meta = add(v.meta)
		return &c
	case *boolV:
		c := *v
		c.meta = add(v.meta)
		return &c
	case *pathV:
		c := *v
		c.meta = add(v.meta)
		return &c
	}
	return v
}

// rebase moves a scalar to a new use site (for values reached through
// config.*), keeping where it came from as a via name.
func rebase(v value, at loc, via string, cond bool) value {
	move := func(m meta) meta {
		if !m.moved {
			m.origin, m.moved = m.at, true
		}
		m.at = at
		m.cond = m.cond || cond
		return m
	}
	set := func(m meta) meta {
		m = move(m)
		m.via = append(m.via[:len(m.via):len(m.via)], via)
		return m
	}
	// Strings and ints read from config for the first time (no via
	// yet, the usual case) take their via list in the same allocation.
	switch v := v.(type) {
	case *strV:
		if len(v.via) == 0 {
			c := &struct {
				strV
				via [1]string
			}{strV: *v}
			c.via[0] = via
			c.meta = move(v.meta)
			c.meta.via = c.via[:1:1]
			return &c.strV
		}
		c := *v
		c.meta = set(v.meta)
		return &c
	case *intV:
		if len(v.via) == 0 {
			c := &struct {
				intV
				via [1]string
			}{intV: *v}
			c.via[0] = via
			c.meta = move(v.meta)
			c.meta.via = c.via[:1:1]
			return &c.intV
		}
		c := *v
		c.meta = set(v.meta)
		return &c
	case *floatV:
		c := *v
		c.meta = set(v.meta)
		return &c
	case *boolV:
		c := *v
		c.meta = set(v.meta)
		return &c
	case *nullV:
		c := *v
		c.meta = set(v.meta)
		return &c
	case *pathV:
		c := *v
		c.meta = set(v.meta)
		return &c
	}
	return v
}

// metaOf returns the scalar metadata of v, or nil.
func metaOf(v value) *meta {
	switch v := v.(type) {
	case *strV:
		return &v.meta
	case *intV:
		return &v.meta
	case *floatV:
		return &v.meta
	case *boolV:
		return &v.meta
	case *nullV:
		return &v.meta
	case *pathV:
		return &v.meta
	}
	return nil
}

// markCond returns v marked conditional (scalars only; containers are
// marked by the flattener as it walks them).
func markCond(v value) value {
	m := metaOf(v)
	if m == nil || m.cond {
		return v
	}
	switch v := v.(type) {
	case *strV:
		c := *v
		c.cond = true
		return &c
	case *intV:
		c := *v
		c.cond = true
		return &c
	case *floatV:
		c := *v
		c.cond = true
		return &c
	case *boolV:
		c := *v
		c.cond = true
		return &c
	case *nullV:
		c := *v
		c.cond = true
		return &c
	case *pathV:
		c := *v
		c.cond = true
		return &c
	}
	return v
}

func isUnknown(v value) bool {
	switch v.(type) {
	case *unknownV, *partialV:
		return true
	}
	return false
}

// joinVia merges via lists without duplicates.
func joinVia(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
	next:
		for _, n := range l {
			for _, o := range out {
				if o == n {
					continue next
				}
			}
			out = append(out, n)
		}
	}
	return out
}

// cpath is a config path, interned in a trie shared by every context of
// one evaluation, so that selecting from config allocates no path and
// spells its dotted form once.
type cpath struct {
	p     []string
	dots  string // strings.Join(p, "."), once asked
	kids  []*cpath
	index map[string]*cpath // once there are many kids
}

func (cp *cpath) kid(name string) *cpath {
	if cp.index != nil {
		if k := cp.index[name]; k != nil {
			return k
		}
	} else {
		for _, k := range cp.kids {
			if k.p[len(k.p)-1] == name {
				return k
			}
		}
	}
	k := &cpath{p: make([]string, len(cp.p)+1), dots: "\x00"}
	copy(k.p, cp.p)
	k.p[len(cp.p)] = name
	cp.kids = append(cp.kids, k)
	if cp.index != nil {
		cp.index[name] = k
	} else if len(cp.kids) > 8 {
		cp.index = make(map[string]*cpath, 2*len(cp.kids))
		for _, x := range cp.kids {
			cp.index[x.p[len(x.p)-1]] = x
		}
	}
	return k
}

func (cp *cpath) dotted() string {
	if cp.dots == "\x00" {
		cp.dots = strings.Join(cp.p, ".")
	}
	return cp.dots
}
