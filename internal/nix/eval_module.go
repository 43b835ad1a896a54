package nix

import (
	"slices"
	"strings"
)

// The module system, statically: each machine of the flake is a context
// holding the definitions of all its modules in a trie of attribute paths.
// `config.a.b` is answered from that trie, expanding definitions only as
// deep as the lookup goes, so that modules may refer to each other's
// config in any order, as they do in NixOS.

type context struct {
	name   string // machine (host) name; "" for files no machine imports
	root   *node
	args   *thunk // the module arguments { config, lib, pkgs, … }
	seen   map[*File]bool
	others []*context // asked when this context has no definition
}

type node struct {
	name    string
	kids    []*node          // in order of first definition
	index   map[string]*node // once there are many kids
	pending []def            // definitions not yet looked into
	defs    []def            // leaf definitions (not attribute sets)
	opt     *optionV
	key     loc             // where the name was first written
	keyDocs []*CommentGroup // comments about the name
	isSet   bool            // defined as an attribute set (maybe empty)
	busy    bool
}

// def is one definition of an attribute path. (The two flags sit
// together at the end: a node holds many defs.)
type def struct {
	t         *thunk
	v         value // set once forced and unwrapped
	prio      int   // module-system priority: lower wins
	file      *File // module the definition is in
	key       loc
	docs      []*CommentGroup // comments above the binding and its blocks
	cond      bool            // under mkIf
	isDefault bool            // an option's default
}

// Priorities as in nixpkgs lib/modules.nix.
const (
	prioDefault       = 100
	prioMkDefault     = 1000
	prioOptionDefault = 1500
	prioMkForce       = 50
	prioMkVMOverride  = 10
)

func newContext(name string) *context {
	return &context{name: name, root: &node{}, seen: map[*File]bool{}}
}

// lookup finds a child by name.
func (n *node) lookup(name string) *node {
	if n.index != nil {
		return n.index[name]
	}
	for _, c := range n.kids {
		if c.name == name {
			return c
		}
	}
	return nil
}

// child finds or adds a child. Most nodes have a few children; the
// few with many (services, the root) get an index.
func (n *node) child(name string, key loc, nodes *slab[node], kids *chunk[*node]) *node {
	n.isSet = true
	if c := n.lookup(name); c != nil {
		return c
	}
	c := nodes.alloc()
	c.name, c.key = name, key
	if n.kids == nil {
		n.kids = kids.take(2) // most nodes have one or two
	}
	n.kids = append(n.kids, c)
	if n.index != nil {
		n.index[name] = c
	} else if len(n.kids) > 8 {
		n.index = make(map[string]*node, 2*len(n.kids))
		for _, k := range n.kids {
			n.index[k.name] = k
		}
	}
	return c
}

// sortedKids returns the children by name, in buf when they fit (a
// snapshot: walking them may add kids to n).
func (n *node) sortedKids(buf []*node) []*node {
	kids := append(buf[:0], n.kids...)
	slices.SortFunc(kids, func(a, b *node) int { return strings.Compare(a.name, b.name) })
	return kids
}

func appendDoc(docs []*CommentGroup, d *CommentGroup) []*CommentGroup {
	if d == nil {
		return docs
	}
	return append(docs[:len(docs):len(docs)], d)
}

// expand turns the pending definitions of n into leaf definitions of n
// and pending definitions of its children.
func (e *evaluator) expand(n *node) {
	if n.busy || len(n.pending) == 0 {
		return
	}
	n.busy = true
	for len(n.pending) > 0 {
		d := n.pending[0]
		n.pending = n.pending[1:]
		e.expandDef(n, d)
	}
	n.pending = nil
	n.busy = false
}

func (e *evaluator) expandDef(n *node, d def) {
	if !e.tick(d.key) {
		return
	}
	v := d.v
	if v == nil {
		v = e.force(d.t)
	}
	for i := 0; i < 64; i++ {
		switch x := v.(type) {
		case *ifV:
			d.cond = true
			v = e.force(x.v)
			continue
		case *overrideV:
			d.prio = x.prio
			v = e.force(x.v)
			continue
		case *mergeV:
			for _, t := range x.elems {
				nd := d
				nd.t, nd.v = t, nil
				n.pending = append(n.pending, nd)
			}
			return
		case *altV:
			// Candidates of an undecided `if` are marked conditional
			// already; candidates from different machines are not.
			for _, a := range x.alts {
				nd := d
				nd.v = a
				n.pending = append(n.pending, nd)
			}
			return
		case *configV:
			v = e.resolveConfig(x)
			continue
		case *setV:
			for _, a := range x.attrs {
				c := n.child(a.name, a.key, &e.nodes, &e.kidLists)
				if c.keyDocs == nil {
					c.keyDocs = appendDoc(appendDoc(d.docs, a.doc), a.kdoc)
				}
				if c.pending == nil {
					c.pending = e.oneDef()
				}
				c.pending = append(c.pending, def{
					t: a.t, prio: d.prio, cond: d.cond, file: d.file, key: a.key,
					docs: appendDoc(d.docs, a.doc), isDefault: d.isDefault,
				})
			}
			n.isSet = true // an empty set is still a set
			return
		}
		break
	}
	d.v = v
	if n.defs == nil {
		n.defs = e.oneDef()
	}
	n.defs = append(n.defs, d)
}

// oneDef returns an empty slice with room for one def, cut from a slab:
// most attribute paths have one definition.
func (e *evaluator) oneDef() []def {
	if len(e.defSlab) == 0 {
		e.defSlab = make([]def, 128)
	}
	d := e.defSlab[:0:1]
	e.defSlab = e.defSlab[1:]
	return d
}

// findNode walks the trie of c down path, expanding as it goes.
func (e *evaluator) findNode(c *context, path []string) *node {
	n := c.root
	e.expand(n)
	for _, seg := range path {
		n = n.lookup(seg)
		if n == nil {
			return nil
		}
		e.expand(n)
	}
	return n
}

func (e *evaluator) configHas(c *configV, name string) bool {
	p := append(c.path[:len(c.path):len(c.path)], name)
	if e.findNode(c.ctx, p) != nil {
		return true
	}
	for _, o := range c.ctx.others {
		if e.findNode(o, p) != nil {
			return true
		}
	}
	return false
}

// resolveConfig answers config.<path>: the definitions of the highest
// priority (lists concatenated), or a set of further config references.
// Scalars are moved to the use site: the fact is where config is read.
func (e *evaluator) resolveConfig(c *configV) value {
	if c.ctx == nil {
		return unknown
	}
	var v value = unknown
	if n := e.findNode(c.ctx, c.path); n != nil {
		v = e.nodeValue(c, n)
	}
	if isUnknown(v) && len(c.ctx.others) > 0 {
		cands := make([]value, 0, len(c.ctx.others))
		for _, o := range c.ctx.others {
			// Each candidate is about the machine it comes from.
			cands = append(cands, withVia(e.resolveConfig(&configV{ctx: o, path: c.path, at: c.at, cp: c.cp}), o.name))
		}
		return alts(cands...)
	}
	return v
}

func (e *evaluator) nodeValue(c *configV, n *node) value {
	if len(n.defs) == 0 {
		if !n.isSet {
			return unknown
		}
		attrs := e.attrLists.take(len(n.kids))
		var buf [8]*node
		for _, k := range n.sortedKids(buf[:]) {
			attrs = append(attrs, attr{name: k.name, t: e.done(c.child(k.name, c.at, &e.configs)), key: k.key})
		}
		return &setV{attrs: attrs, at: c.at}
	}
	best := n.defs[0].prio
	for _, d := range n.defs {
		best = min(best, d.prio)
	}
	var via string
	if c.cp != nil {
		via = c.cp.dotted()
	} else {
		via = strings.Join(c.path, ".")
	}
	var vals []value
	allLists := true
	for _, d := range n.defs {
		if d.prio != best {
			continue
		}
		v := e.whnf(d.v)
		if _, ok := v.(*listV); !ok {
			allLists = false
		}
		vals = append(vals, rebase(v, c.at, via, d.cond))
	}
	if allLists && len(vals) > 1 {
		l := &listV{at: c.at}
		for _, v := range vals {
			l.elems = append(l.elems, v.(*listV).elems...)
		}
		return l
	}
	return alts(vals...)
}

// declareOptions records the options a module declares under n, with
// their defaults as lowest-priority definitions.
func (e *evaluator) declareOptions(n *node, v value, file *File, docs []*CommentGroup, depth int) {
	if depth > 32 {
		return
	}
	switch x := e.whnf(v).(type) {
	case *optionV:
		n.opt = x
		if d := x.args.get("default"); d != nil {
			n.pending = append(n.pending, def{t: d.t, prio: prioOptionDefault, file: file, key: d.key, docs: docs, isDefault: true})
		}
	case *setV:
		for _, a := range x.attrs {
			e.declareOptions(n.child(a.name, a.key, &e.nodes, &e.kidLists), e.force(a.t), file, appendDoc(docs, a.doc), depth+1)
		}
	}
}

// moduleKeys are the attributes of a module that are not config.
var moduleKeys = map[string]bool{
	"imports": true, "options": true, "config": true, "_file": true, "key": true,
	"disabledModules": true, "meta": true, "_class": true,
}

// addModule adds a module (a path, a function or a set) and what it
// imports to c. file is where the module's expression stands.
func (e *evaluator) addModule(c *context, t *thunk, file *File, depth int) {
	if depth > 64 {
		return
	}
	v := e.whnf(e.force(t))
	switch x := v.(type) {
	case *pathV:
		f := e.fileAt(x.p)
		if f == nil {
			e.errorf(x.at, "module %s is not in the tree", x.p)
			return
		}
		if c.seen[f] {
			return
		}
		c.seen[f] = true
		e.moduleFile[f] = true
		if c.name != "" {
			e.noteHost(f, c.name)
		}
		e.addModule(c, e.importThunk(f), f, depth+1)
		return
	case *lambdaV:
		v = e.whnf(e.apply(x, c.args, loc{x.env.file, x.fn.Pos()}))
	}
	s, ok := v.(*setV)
	if !ok {
		return
	}
	if a := s.get("imports"); a != nil {
		if l, ok := e.val(a.t).(*listV); ok {
			for _, el := range l.elems {
				e.addModule(c, el, file, depth+1)
			}
		}
	}
	opts, cfg := s.get("options"), s.get("config")
	if opts != nil {
		e.declareOptions(c.root, e.force(opts.t), file, appendDoc(nil, opts.doc), 0)
	}
	if cfg != nil {
		c.root.pending = append(c.root.pending, def{t: cfg.t, prio: prioDefault, file: file, key: cfg.key, docs: appendDoc(nil, cfg.doc)})
	}
	if opts == nil && cfg == nil {
		rest := make([]attr, 0, len(s.attrs))
		for _, a := range s.attrs {
			if !moduleKeys[a.name] {
				rest = append(rest, a)
			}
		}
		c.root.pending = append(c.root.pending, def{t: done(&setV{attrs: rest, at: s.at}), prio: prioDefault, file: file})
	}
}

func (e *evaluator) noteHost(f *File, host string) {
	for _, h := range e.fileHosts[f] {
		if h == host {
			return
		}
	}
	e.fileHosts[f] = append(e.fileHosts[f], host)
}

// moduleArgs builds { config, lib, pkgs, options, … } for c, plus the
// machine's specialArgs.
func (e *evaluator) moduleArgs(c *context, special value) *thunk {
	attrs := []attr{
		{name: "config", t: done(&configV{ctx: c, cp: &e.paths})},
		{name: "lib", t: done(e.lib)},
		{name: "pkgs", t: done(e.pkgs)},
		{name: "options", t: done(unknown)},
		{name: "modulesPath", t: done(unknown)},
	}
	if s, ok := special.(*setV); ok {
		attrs = append(attrs, s.attrs...)
	}
	return done(newSet(attrs, loc{}))
}

// machine is one nixosConfigurations/darwinConfigurations entry of a flake.
type machine struct {
	name    string
	kind    string // nixosConfigurations or darwinConfigurations
	key     loc    // where the name is written
	file    *File
	modules *thunk
	special *thunk
}

// flakeMachines evaluates a flake's outputs with stub inputs and returns
// its machines.
func (e *evaluator) flakeMachines(f *File) []machine {
	top, ok := e.val(e.importThunk(f)).(*setV)
	if !ok {
		return nil
	}
	outAttr := top.get("outputs")
	if outAttr == nil {
		return nil
	}
	out := e.force(outAttr.t)
	fn, ok := out.(*lambdaV)
	if !ok {
		return nil
	}
	// Every input is a stub whose lib knows nixosSystem/darwinSystem.
	names := map[string]bool{"self": true, "nixpkgs": true}
	if fn.fn.Formals != nil {
		for _, fm := range fn.fn.Formals.List {
			if fm.Name != nil {
				names[fm.Name.Name] = true
			}
		}
	}
	if in, ok := e.val(valueThunk(top.get("inputs"))).(*setV); ok {
		for _, a := range in.attrs {
			names[a.name] = true
		}
	}
	attrs := make([]attr, 0, len(names))
	for n := range names {
		attrs = append(attrs, attr{name: n, t: done(&stubV{name: n, known: map[string]value{"lib": e.lib}})})
	}
	res := e.whnf(e.apply(fn, done(newSet(attrs, loc{})), loc{f, fn.fn.Pos()}))
	var ms []machine
	for _, kind := range []string{"nixosConfigurations", "darwinConfigurations"} {
		cs, ok := e.whnf(e.selectAttr(res, kind, loc{})).(*setV)
		if !ok {
			continue
		}
		for _, a := range cs.attrs {
			sys, ok := e.val(a.t).(*systemV)
			if !ok {
				continue
			}
			args, ok := e.val(sys.args).(*setV)
			if !ok {
				continue
			}
			m := machine{name: a.name, kind: kind, key: a.key, file: f, modules: valueThunk(args.get("modules")), special: valueThunk(args.get("specialArgs"))}
			ms = append(ms, m)
		}
	}
	return ms
}

func valueThunk(a *attr) *thunk {
	if a == nil {
		return done(unknown)
	}
	return a.t
}
