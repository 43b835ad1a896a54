package nix

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// Static evaluation.
//
// Evaluate reads a config tree the way NixOS would, without nixpkgs or a
// store: each nixosConfigurations/darwinConfigurations entry of a flake
// is a machine, whose module closure (followed through `imports`) is
// merged into a trie of attribute paths; `config.<path>` is answered from
// that trie by priority (mkForce > plain > mkDefault > option default).
// Files no machine imports form one more context whose config references
// are answered by every machine (ambiguous ones give every candidate).
// Whatever needs nixpkgs, the store or I/O is unknown, and an operation on
// an unknown is unknown: a fact is only ever a value the tree spells out.
//
// Every leaf the tries hold is then flattened into facts (see facts.go
// for which values count), with the literal's position, or the use site's
// for values read through config; Caddy text at the Caddy options and in
// writeText "Caddyfile" becomes a Doc (facts_doc.go); template builders
// give Bindings.

// Result is what the files of one config tree define.
type Result struct {
	// Facts are every IP, CIDR, port, host, host:port and URL the tree
	// defines (Source "nix"), ordered by position.
	Facts []facts.Fact
	// Docs are Caddy texts embedded in Nix strings, for the caddy reader.
	Docs []facts.Doc
	// Bindings are the names @name@ placeholders of templates can refer
	// to (substituteAll, replaceVars, runCommand), one per value.
	Bindings []facts.Binding
	// Templates say which template file each binding set goes with.
	Templates []Template
	// Machines are the hosts of the flake's nixosConfigurations and
	// darwinConfigurations, with the files each one is built from.
	Machines []Machine
	// Errors are evaluation problems worth a warning, each a
	// *facts.Error with a position. They are never fatal.
	Errors []error
}

// Template is one substituteAll/replaceVars/runCommand call: the template
// file it fills (Src, relative to the site root; "" when not a file of the
// tree) and the bindings it fills it with.
type Template struct {
	Func     string          `json:"func"`
	Src      string          `json:"src,omitempty"`
	Pos      facts.Pos       `json:"pos"`
	Hosts    []string        `json:"hosts,omitempty"` // machines whose config makes this call
	Bindings []facts.Binding `json:"bindings"`
}

// Machine is one machine of the flake.
type Machine struct {
	Name  string    `json:"name"`
	Pos   facts.Pos `json:"pos"`
	Files []string  `json:"files"` // module files, sorted
}

// Evaluate reads already-parsed files of one config tree (names relative to
// the site root) and returns what they define. Files are not modified and
// may be shared between calls; Evaluate keeps no state between calls.
func Evaluate(files []*File) *Result {
	e := newEvaluator(files)
	return e.run()
}

type evaluator struct {
	files      map[string]*File
	order      []*File
	imports    map[*File]*thunk
	imported   map[*File]bool // reached by `import`
	moduleFile map[*File]bool // evaluated as a module by some context
	fileHosts  map[*File][]string
	globals    map[string]value
	lib, pkgs  value
	cur        *context // the context being evaluated, for docs and templates
	root       string   // directory of the flake, left out of file subjects

	depth, steps       int
	exhausted, tooDeep bool

	errs      []error
	errSeen   map[string]bool
	byPlace   map[placeKey]*factAcc // first fact at a place; more through next
	accSlab   []factAcc             // where the next factAccs come from
	paths     cpath                 // config paths, interned
	defSlab   []def                 // see oneDef
	thunks    slab[thunk]
	bentries  slab[bentry]
	sets      slab[setV]
	nodes     slab[node]
	configs   slab[configV]
	lists     slab[listV]
	idents    slab[Ident]
	accs      []*factAcc
	docs      map[docKey]*docAcc
	docOrder  []*docAcc
	tmpls     map[loc]*tmplAcc
	tmplList  []*tmplAcc
	words     wordCache
	emitting  []value   // containers being flattened, against cycles
	pathBuf   []string  // the attribute path stack of emitTree and emitValue
	pathWords wordsMemo // subject words of the last path and via list
	viaWords  wordsMemo
	lastPath  struct {
		prefix, path, note string
		set                bool
	}
	attrLists  chunk[attr]
	strLists   chunk[string]
	entryLists chunk[*bentry]
	argLists   chunk[*thunk]
	elemLists  chunk[*thunk]
	kidLists   chunk[*node]
	fileW      map[*File][]string
	commentW   map[*CommentGroup][]string
}

func newEvaluator(files []*File) *evaluator {
	e := &evaluator{
		files:      make(map[string]*File, len(files)),
		imports:    make(map[*File]*thunk, len(files)),
		imported:   make(map[*File]bool, len(files)),
		moduleFile: make(map[*File]bool, len(files)),
		fileHosts:  map[*File][]string{},
		errSeen:    map[string]bool{},
		byPlace:    make(map[placeKey]*factAcc, 8*len(files)), // some facts a file

		docs:     make(map[docKey]*docAcc, len(files)/4),
		words:    make(wordCache, 4*len(files)), // names repeat; a few new ones a file
		tmpls:    map[loc]*tmplAcc{},
		fileW:    make(map[*File][]string, len(files)),
		commentW: map[*CommentGroup][]string{},
	}
	for _, f := range files {
		if f == nil {
			continue
		}
		name := path.Clean(f.Name)
		if _, dup := e.files[name]; dup {
			continue
		}
		e.files[name] = f
		e.order = append(e.order, f)
	}
	slices.SortFunc(e.order, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	e.newGlobals()
	return e
}

func isFlake(f *File) bool { return path.Base(f.Name) == "flake.nix" }

func (e *evaluator) run() *Result {
	res := &Result{}
	// Machines first: their module closures say which host each file is for.
	var ctxs []*context
	for _, f := range e.order {
		if !isFlake(f) {
			continue
		}
		if e.root == "" {
			e.root = path.Dir(path.Clean(f.Name))
		}
		for _, m := range e.flakeMachines(f) {
			c := newContext(m.name)
			e.cur = c
			c.args = e.moduleArgs(c, e.val(m.special))
			if l, ok := e.argList(m.modules); ok {
				for _, el := range l.elems {
					e.addModule(c, el, m.file, 0)
				}
			}
			ctxs = append(ctxs, c)
			mach := Machine{Name: m.name, Pos: m.key.pos()}
			// The machine's name is a host the flake defines.
			if h, ok := facts.Normalize(facts.Host, m.name); ok {
				e.addFact(found{kind: facts.Host, value: h}, m.key, []string{m.kind, m.name}, nil, leaf{ctx: c, file: m.file}, "machine "+m.name+" of the flake")
			}
			for f := range c.seen {
				mach.Files = append(mach.Files, f.Name)
			}
			slices.Sort(mach.Files)
			res.Machines = append(res.Machines, mach)
		}
	}
	for _, c := range ctxs {
		e.cur = c
		e.emitTree(c, c.root, e.pathStack(), 0)
	}
	// Files no machine imports are modules of their own context, whose
	// config references are answered by every machine.
	orphan := newContext("")
	orphan.others = ctxs
	orphan.args = e.moduleArgs(orphan, nil)
	e.cur = orphan
	for _, f := range e.order {
		if e.moduleFile[f] || e.imported[f] || isFlake(f) || orphan.seen[f] {
			continue
		}
		orphan.seen[f] = true
		e.moduleFile[f] = true
		e.addModule(orphan, e.importThunk(f), f, 0)
	}
	e.emitTree(orphan, orphan.root, e.pathStack(), 0)
	// Data files (reached by `import`) and the flake itself: their values
	// flattened from the file's top.
	for _, f := range e.order {
		if !isFlake(f) && (e.moduleFile[f] || !e.imported[f]) {
			continue
		}
		v := e.force(e.importThunk(f))
		if fn, ok := v.(*lambdaV); ok && fn.fn.Formals != nil && !isFlake(f) {
			v = e.apply(fn, orphan.args, loc{f, fn.fn.Pos()})
		}
		e.emitValue(leaf{ctx: orphan, file: f, data: true}, e.pathStack(), v, 0)
	}
	for _, f := range e.order {
		e.letFacts(f)
	}
	e.finish(res)
	return res
}

// errorf records a positioned evaluation problem once.
func (e *evaluator) errorf(at loc, format string, args ...any) {
	err := facts.Errorf(at.pos(), format, args...)
	k := err.Error()
	if e.errSeen[k] {
		return
	}
	e.errSeen[k] = true
	e.errs = append(e.errs, err)
}

// fileAt finds the file a path names: the file itself or dir/default.nix.
func (e *evaluator) fileAt(p string) *File {
	p = path.Clean(p)
	if f := e.files[p]; f != nil {
		return f
	}
	return e.files[path.Join(p, "default.nix")]
}

// importThunk is the (cached) value of a file's expression.
func (e *evaluator) importThunk(f *File) *thunk {
	if t := e.imports[f]; t != nil {
		return t
	}
	var t *thunk
	if f.Body == nil {
		t = done(unknown)
	} else {
		name := path.Clean(f.Name)
		t = &thunk{x: f.Body, env: &env{file: f, dir: path.Dir(name)}}
	}
	e.imports[f] = t
	return t
}

// ---------------------------------------------------------------------------
// Emitting facts

// leaf is what the flattener knows about the definition it walks.
type leaf struct {
	ctx       *context
	file      *File // module (or data file) of the definition
	docs      []*CommentGroup
	cond      bool
	isDefault bool
	data      bool // a data file's value, not config
	let       bool // a let binding
}

const maxPath = 40

// pathStack is an empty path with room for the deepest one emitTree and
// emitValue build, so that appending a name never allocates: the path
// is a stack, and nothing keeps it (facts spell it into strings).
func (e *evaluator) pathStack() []string {
	if e.pathBuf == nil {
		e.pathBuf = make([]string, 0, 2*maxPath+4)
	}
	return e.pathBuf[:0]
}

// emitTree emits the definitions of n and its children.
func (e *evaluator) emitTree(c *context, n *node, p []string, depth int) {
	if depth > maxPath {
		return
	}
	e.expand(n)
	for _, d := range n.defs {
		e.emitValue(leaf{ctx: c, file: d.file, docs: d.docs, cond: d.cond, isDefault: d.isDefault}, p, d.v, 0)
	}
	var buf [8]*node
	for _, ch := range n.sortedKids(buf[:]) {
		name := ch.name
		cp := append(p, name) // p is a stack: nothing below keeps it
		if fs := classifyKey(name, p); len(fs) > 0 {
			lf := leaf{ctx: c, file: ch.key.f, docs: ch.keyDocs}
			for _, fd := range fs {
				e.addPathFact(fd, ch.key, cp, nil, lf, "names ")
			}
		}
		e.emitTree(c, ch, cp, depth+1)
	}
}

// emitValue flattens v found at attribute path p into facts.
func (e *evaluator) emitValue(lf leaf, p []string, v value, depth int) {
	if depth > maxPath || len(p) > maxPath || !e.tick(loc{}) {
		return
	}
	for i := 0; i < 64; i++ {
		switch x := v.(type) {
		case *configV:
			v = e.resolveConfig(x)
			continue
		case *ifV:
			lf.cond = true
			v = e.force(x.v)
			continue
		case *overrideV:
			v = e.force(x.v)
			continue
		case *optionV:
			if d := x.args.get("default"); d != nil {
				lf.isDefault = true
				v = e.force(d.t)
				continue
			}
			return
		}
		break
	}
	switch v.(type) {
	case *listV, *setV:
		// A list or set inside itself (through rec or let) is walked once.
		if slices.Contains(e.emitting, v) {
			return
		}
		e.emitting = append(e.emitting, v)
		defer func() { e.emitting = e.emitting[:len(e.emitting)-1] }()
	}
	switch x := v.(type) {
	case *mergeV:
		for _, t := range x.elems {
			e.emitValue(lf, p, e.force(t), depth+1)
		}
	case *altV:
		for _, a := range x.alts {
			e.emitValue(lf, p, a, depth+1)
		}
	case *listV:
		cp := append(p, "*")
		for _, t := range x.elems {
			e.emitValue(lf, cp, e.force(t), depth+1)
		}
	case *setV:
		for _, a := range x.attrs {
			cp := append(p, a.name)
			al := lf
			al.docs = appendDoc(lf.docs, a.doc)
			if fs := classifyKey(a.name, p); len(fs) > 0 {
				kl := al
				kl.docs = appendDoc(al.docs, a.kdoc)
				for _, fd := range fs {
					e.addPathFact(fd, a.key, cp, nil, kl, "names ")
				}
			}
			e.emitValue(al, cp, e.force(a.t), depth+1)
		}
		e.subnetFact(lf, p, x)
	case *strV:
		if e.maybeDoc(lf, p, x) {
			return
		}
		for _, fd := range classifyString(x.s, p) {
			e.addFact(fd, e.wordLoc(x, fd.off), p, x.via, lf.withCond(x.cond), "")
		}
	case *partialV:
		e.maybeDoc(lf, p, x)
	case *intV:
		if fd, ok := intFact(x.n, p); ok {
			e.addFact(fd, x.at, p, x.via, lf.withCond(x.cond), "")
		}
	}
}

// subnetFact reads an interface address { address; prefixLength; } (as
// in networking.interfaces.<if>.ipv4.addresses) as the subnet it is in.
func (e *evaluator) subnetFact(lf leaf, p []string, s *setV) {
	a, l := s.get("address"), s.get("prefixLength")
	if a == nil || l == nil {
		return
	}
	ip, ok1 := e.val(a.t).(*strV)
	n, ok2 := e.val(l.t).(*intV)
	if !ok1 || !ok2 {
		return
	}
	v, ok := facts.Normalize(facts.CIDR, ip.s+"/"+strconv.FormatInt(n.n, 10))
	if !ok {
		return
	}
	lf.cond = lf.cond || ip.cond || n.cond
	e.addPathFact(found{kind: facts.CIDR, value: v}, ip.at, p, joinVia(ip.via, n.via), lf, "subnet of ")
}

// wordLoc is where byte off of a string value stands in the source: exact
// for a literal without interpolations or escapes, else the string's start.
func (e *evaluator) wordLoc(x *strV, off int) loc {
	if x.lit == nil || x.env == nil || x.env.file == nil || (off == 0 && x.lit.Kind != Indented) {
		return x.at // a literal's fact stands at its opening quote
	}
	for _, p := range x.lit.Parts {
		if p.X != nil || (x.lit.Kind != Indented && int(p.End()-p.Pos()) != len(p.Text)) {
			return x.at
		}
	}
	text, lines := e.litText(x.lit, x.env)
	if text != x.s || off > len(text) {
		return x.at
	}
	i := strings.Count(text[:off], "\n")
	if i >= len(lines) {
		return x.at
	}
	start := strings.LastIndexByte(text[:off], '\n') + 1
	f, p := x.env.file, lines[i]
	if p.Line < 1 || p.Line > len(f.lines) {
		return x.at
	}
	return loc{f, Pos(f.lines[p.Line-1] + p.Col - 1 + off - start + 1)}
}

func (lf leaf) withCond(c bool) leaf {
	lf.cond = lf.cond || c
	return lf
}

type placeKey struct {
	kind  facts.Kind
	value string
	at    loc
}

type factAcc struct {
	next  *factAcc // another fact at the same place (other path)
	kind  facts.Kind
	value string
	path  string
	note  string
	at    loc
	subj  subjects
	host  string // the one machine defining the fact, if one
	hosts int    // how many machines define it, counting to 2
	cond  bool
}

// addFact records one fact; the same value at the same place and path
// found again (another machine, another route) adds its subjects.
func (e *evaluator) addFact(fd found, at loc, p []string, via []string, lf leaf, note string) {
	e.addFactNote(fd, at, p, via, lf, note, "")
}

// addPathFact is addFact with the note notePrefix followed by the path,
// spelled only when the fact is new (most are found again, per machine).
func (e *evaluator) addPathFact(fd found, at loc, p []string, via []string, lf leaf, notePrefix string) {
	e.addFactNote(fd, at, p, via, lf, "", notePrefix)
}

func (e *evaluator) addFactNote(fd found, at loc, p []string, via []string, lf leaf, note, notePrefix string) {
	if at.f == nil {
		at.f = lf.file
	}
	pk := placeKey{fd.kind, fd.value, at}
	first := e.byPlace[pk]
	if lf.let || lf.data {
		// Literals found by the let and data passes are usually facts
		// already (reached through an attribute path): add to those.
		if first != nil {
			for a := first; a != nil; a = a.next {
				e.contribute(a, at, p, via, lf, false)
			}
			return
		}
	}
	acc := first
	for acc != nil && !pathIs(acc.path, p) {
		acc = acc.next
	}
	again := acc != nil
	if acc == nil {
		if note == "" {
			switch {
			case notePrefix != "":
			case lf.let:
				notePrefix = "let "
			case lf.isDefault:
				notePrefix = "default of option "
			case len(p) > 0:
				notePrefix = "sets "
			}
		}
		// Several facts often stand at one path (a URL, its host, its
		// port): the last path spelled is spelled again for free.
		var ps string
		if e.lastPath.prefix == notePrefix && e.lastPath.set && pathIs(e.lastPath.path, p) {
			ps = e.lastPath.path
			if notePrefix != "" {
				note = e.lastPath.note
			}
		} else {
			if notePrefix == "" {
				ps = pathString("", p)
			} else {
				// The note ends with the path: spell both in one string.
				note = pathString(notePrefix, p)
				ps = note[len(notePrefix):]
			}
			e.lastPath.prefix, e.lastPath.path, e.lastPath.note, e.lastPath.set = notePrefix, ps, note, true
		}
		if len(e.accSlab) == 0 {
			e.accSlab = make([]factAcc, 64) // one allocation for many facts
		}
		acc = &e.accSlab[0]
		e.accSlab = e.accSlab[1:]
		*acc = factAcc{
			kind: fd.kind, value: fd.value, path: ps, note: note,
			at: at, cond: true,
		}
		acc.subj.words = &e.words
		acc.subj.list = e.strLists.take(12) // most facts have 7 to 10 subjects
		if first == nil {
			e.byPlace[pk] = acc
		} else {
			acc.next, first.next = first.next, acc
		}
		e.accs = append(e.accs, acc)
	}
	e.contribute(acc, at, p, via, lf, again)
}

// contribute adds what one route to a fact knows about it.
// again says acc was found by its place and path: their words are in.
func (e *evaluator) contribute(acc *factAcc, at loc, p []string, via []string, lf leaf, again bool) {
	acc.cond = acc.cond && lf.cond
	if !again {
		acc.subj.add(e.pathWords.of(p, &e.words)...)
	}
	// "flags.miniIp": Words splits at the dots.
	acc.subj.add(e.viaWords.of(via, &e.words)...)
	for _, d := range lf.docs {
		acc.subj.add(e.commentWords(d)...)
	}
	if !again {
		acc.subj.add(e.fileWords(at.f)...)
	}
	if lf.file != nil && lf.file != at.f {
		acc.subj.add(e.fileWords(lf.file)...)
	}
	if lf.ctx != nil && lf.ctx.name != "" && acc.hosts < 2 && acc.host != lf.ctx.name {
		acc.host = lf.ctx.name
		acc.hosts++
	}
}

// pathString spells, after prefix, an attribute path as Nix would, quoting names that
// are not identifiers: services.caddy.virtualHosts."jellyfin.lan".
func pathString(prefix string, p []string) string {
	n := len(prefix)
	for _, seg := range p {
		n += len(seg) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(prefix)
	for i, seg := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		if seg == "*" || isIdent(seg) {
			b.WriteString(seg)
		} else {
			b.WriteString(strconv.Quote(seg))
		}
	}
	return b.String()
}

// pathIs reports whether ps is pathString("", p), without building it.
func pathIs(ps string, p []string) bool {
	for i, seg := range p {
		if i > 0 {
			if ps == "" || ps[0] != '.' {
				return false
			}
			ps = ps[1:]
		}
		if seg == "*" || isIdent(seg) {
			if !strings.HasPrefix(ps, seg) {
				return false
			}
			ps = ps[len(seg):]
			continue
		}
		q := strconv.Quote(seg)
		if !strings.HasPrefix(ps, q) {
			return false
		}
		ps = ps[len(q):]
	}
	return ps == ""
}

func isIdent(s string) bool {
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '\''):
		default:
			return false
		}
	}
	return s != ""
}

// fileWords are the subject words of a file's name (cached).
func (e *evaluator) fileWords(f *File) []string {
	if f == nil {
		return nil
	}
	w, ok := e.fileW[f]
	if !ok {
		w = fileWords(e.relName(f), &e.words)
		e.fileW[f] = w
	}
	return w
}

// commentWords are the subject words of a comment (cached: the comment
// above a block applies to every fact in it).
func (e *evaluator) commentWords(g *CommentGroup) []string {
	w, ok := e.commentW[g]
	if !ok {
		w = commentWords(g.Text())
		e.commentW[g] = w
	}
	return w
}

// relName is a file name without the flake's directory, for subjects.
func (e *evaluator) relName(f *File) string {
	if f == nil {
		return ""
	}
	n := path.Clean(f.Name)
	if e.root != "" && e.root != "." {
		n = strings.TrimPrefix(n, e.root+"/")
	}
	return n
}

// letFacts emits the literals bound in let expressions (which no
// attribute path reaches unless they are used): `let miniIp = "…"; in`.
func (e *evaluator) letFacts(f *File) {
	if f.Body == nil {
		return
	}
	lf := leaf{file: f, let: true}
	if hs := e.fileHosts[f]; len(hs) == 1 {
		lf.ctx = &context{name: hs[0]}
	}
	Inspect(f.Body, func(n Node) bool {
		var binds []Binding
		switch n := n.(type) {
		case *Let:
			binds = n.Binds
		case *LegacyLet:
			binds = n.Binds
		default:
			return true
		}
		for _, b := range binds {
			if d, ok := b.(*AttrDef); ok {
				e.literalFacts(f, lf, staticPath(d.Path), d.Value, d.Doc, 0)
			}
		}
		return true
	})
}

func staticPath(names []*AttrName) []string {
	p := make([]string, 0, len(names))
	for _, n := range names {
		if n.X != nil {
			return nil
		}
		p = append(p, n.Name)
	}
	return p
}

// literalFacts emits facts for literal values (strings without
// interpolation, integers, and lists and sets of them) at path p.
func (e *evaluator) literalFacts(f *File, lf leaf, p []string, x Expr, doc *CommentGroup, depth int) {
	if p == nil || depth > maxPath {
		return
	}
	lf.docs = appendDoc(lf.docs, doc)
	switch x := Unparen(x).(type) {
	case *String:
		if s, ok := x.Value(); ok {
			for _, fd := range classifyString(s, p) {
				e.addFact(fd, loc{f, x.Pos()}, p, nil, lf, "")
			}
		}
	case *Int:
		if fd, ok := intFact(x.Value, p); ok {
			e.addFact(fd, loc{f, x.Pos()}, p, nil, lf, "")
		}
	case *List:
		cp := append(p[:len(p):len(p)], "*")
		for _, el := range x.Elems {
			e.literalFacts(f, lf, cp, el, nil, depth+1)
		}
	case *AttrSet:
		for _, b := range x.Binds {
			if d, ok := b.(*AttrDef); ok {
				if sp := staticPath(d.Path); sp != nil {
					e.literalFacts(f, lf, append(p[:len(p):len(p)], sp...), d.Value, d.Doc, depth+1)
				}
			}
		}
	}
}

// finish sorts and copies everything into res.
func (e *evaluator) finish(res *Result) {
	// Sort the accumulators by position, then spell the facts in that
	// order: the sort moves pointers, not Facts, and comparing offsets
	// within a file needs no line table.
	type keyed struct {
		a    *factAcc
		i    int
		file int // rank of the file among e.order (sorted by name), 0 if not there
		name string
		pos  Pos
	}
	rank := make(map[*File]int, len(e.order))
	for i, f := range e.order {
		rank[f] = i + 1
	}
	keys := make([]keyed, len(e.accs))
	for i, a := range e.accs {
		k := keyed{a: a, i: i}
		if f := a.at.f; f != nil {
			k.pos = min(a.at.p, Pos(f.size+1)) // as Position clamps
			k.file, k.name = rank[f], f.Name
		}
		keys[i] = k
	}
	slices.SortFunc(keys, func(x, y keyed) int {
		a, b := x.a, y.a
		if x.file != 0 && y.file != 0 {
			if x.file != y.file {
				return cmp.Compare(x.file, y.file)
			}
		} else if c := cmp.Compare(x.name, y.name); c != 0 {
			return c
		}
		return cmp.Or(
			cmp.Compare(x.pos, y.pos),
			cmp.Compare(a.kind, b.kind),
			cmp.Compare(a.value, b.value),
			cmp.Compare(a.path, b.path),
			cmp.Compare(x.i, y.i), // stable
		)
	})
	res.Facts = make([]facts.Fact, 0, len(e.accs))
	for _, k := range keys {
		a := k.a
		f := facts.Fact{Kind: a.kind, Value: a.value, Path: a.path, Source: "nix", Note: a.note}
		f.Pos = a.at.pos()
		f.Conditional = a.cond
		s := a.subj
		// A host is a subject when exactly one machine defines the fact;
		// what every machine shares is about none of them in particular.
		if a.hosts == 1 {
			s.add(e.words.of(a.host)...)
		}
		f.Subjects = s.list
		if f.Subjects == nil {
			f.Subjects = []string{}
		}
		res.Facts = append(res.Facts, f)
	}
	for _, d := range e.docOrder {
		doc := d.doc
		s := d.subj
		if len(d.hosts) == 1 {
			s.add(e.words.of(d.hosts[0])...)
		}
		doc.Subjects = s.list
		res.Docs = append(res.Docs, doc)
	}
	seen := map[facts.Binding]bool{}
	for _, t := range e.tmplList {
		tp := Template{Func: t.fn, Src: t.src, Pos: t.at.pos(), Hosts: t.hosts, Bindings: t.bindings}
		slices.Sort(tp.Hosts)
		res.Templates = append(res.Templates, tp)
		for _, b := range t.bindings {
			if !seen[b] {
				seen[b] = true
				res.Bindings = append(res.Bindings, b)
			}
		}
	}
	slices.SortStableFunc(e.errs, func(a, b error) int {
		pa, pb := errPos(a), errPos(b)
		return cmp.Or(cmp.Compare(pa.File, pb.File), cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	res.Errors = e.errs
}

func errPos(err error) facts.Pos {
	if fe, ok := err.(*facts.Error); ok {
		return fe.Pos
	}
	return facts.Pos{}
}
