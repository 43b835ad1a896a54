package nix

import (
	"path"
	"strings"
)

// The global scope, builtins, and the parts of nixpkgs' lib and pkgs that
// config trees use to spell values: module-system wrappers, list and
// string helpers, and the few builders whose arguments are Caddy text or
// template bindings (writeText, substituteAll, replaceVars, runCommand).
// Everything else of lib and pkgs is unknown.

type primFn = func(e *evaluator, args []*thunk, at loc) value

func prim(name string, arity int, fn primFn) value {
	return &builtinV{name: name, arity: arity, fn: fn}
}

func (e *evaluator) apply(f value, arg *thunk, at loc) value {
	switch fn := e.whnf(f).(type) {
	case *lambdaV:
		return e.callLambda(fn, arg)
	case *builtinV:
		args := e.argLists.with(fn.args, arg)
		if len(args) < fn.arity {
			return &builtinV{name: fn.name, arity: fn.arity, args: args, fn: fn.fn}
		}
		return fn.fn(e, args, at)
	case *altV:
		out := make([]value, 0, len(fn.alts))
		for _, a := range fn.alts {
			out = append(out, e.apply(a, arg, at))
		}
		return alts(out...)
	}
	return unknown
}

func (e *evaluator) callLambda(fn *lambdaV, arg *thunk) value {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxDepth {
		return unknown
	}
	scope := fn.env.child()
	if fm := fn.fn.Formals; fm != nil {
		scope.reserve(len(fm.List) + 1)
	}
	if fn.fn.Arg != nil {
		scope.bind(fn.fn.Arg.Name, arg)
	}
	if fm := fn.fn.Formals; fm != nil {
		av := e.val(arg)
		for _, f := range fm.List {
			if f.Name == nil {
				continue
			}
			name := f.Name.Name
			var t *thunk
			switch s := av.(type) {
			case *setV:
				if a := s.get(name); a != nil {
					t = a.t
				}
			case *stubV:
				if v, ok := s.known[name]; ok {
					t = done(v)
				}
			}
			if t == nil && f.Default != nil {
				t = &thunk{x: f.Default, env: scope}
			}
			if t == nil {
				t = done(unknown)
			}
			scope.bind(name, t)
		}
	}
	return e.eval(fn.fn.Body, scope)
}

// Argument helpers: each forces one argument to the type it needs.

func (e *evaluator) argList(t *thunk) (*listV, bool) {
	l, ok := e.val(t).(*listV)
	return l, ok
}

func (e *evaluator) argSet(t *thunk) (*setV, bool) {
	s, ok := e.val(t).(*setV)
	return s, ok
}

func (e *evaluator) argStr(t *thunk) (*strV, bool) {
	s, ok := e.val(t).(*strV)
	return s, ok
}

func (e *evaluator) argInt(t *thunk) (int64, bool) {
	n, ok := e.val(t).(*intV)
	if !ok {
		return 0, false
	}
	return n.n, true
}

func boolAt(b bool, at loc) value { return &boolV{meta: meta{at: at}, b: b} }

func strAt(s string, at loc, via []string) value {
	return &strV{meta: meta{at: at, via: via}, s: s}
}

// call1 applies f to one value.
func (e *evaluator) call1(f *thunk, x *thunk, at loc) value {
	return e.apply(e.force(f), x, at)
}

func (e *evaluator) newGlobals() {
	b := map[string]value{
		"true":  &boolV{b: true},
		"false": &boolV{b: false},
		"null":  &nullV{},
		"import": prim("import", 1, func(e *evaluator, a []*thunk, at loc) value {
			p, ok := e.val(a[0]).(*pathV)
			if !ok {
				return unknown
			}
			f := e.fileAt(p.p)
			if f == nil {
				if !strings.HasPrefix(p.p, "/") {
					e.errorf(at, "import of %s: not in the tree", p.p)
				}
				return unknown
			}
			e.imported[f] = true
			return e.force(e.importThunk(f))
		}),
		"toString": prim("toString", 1, func(e *evaluator, a []*thunk, at loc) value {
			v := e.val(a[0])
			if al, ok := v.(*altV); ok {
				out := make([]value, 0, len(al.alts))
				for _, x := range al.alts {
					if s, ok := e.coerce(x, true); ok {
						m := metaOf(x)
						out = append(out, &strV{meta: meta{at: at, via: viaOf(m), cond: m != nil && m.cond}, s: s})
					}
				}
				return alts(out...)
			}
			s, ok := e.coerce(v, true)
			if !ok {
				return unknown
			}
			m := metaOf(v)
			return &strV{meta: meta{at: at, via: viaOf(m), cond: m != nil && m.cond}, s: s}
		}),
		"map": prim("map", 2, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[1])
			if !ok {
				return unknown
			}
			out := &listV{at: at, elems: make([]*thunk, len(l.elems))}
			for i, el := range l.elems {
				f, x := a[0], el
				out.elems[i] = &thunk{fn: func() value { return e.call1(f, x, at) }}
			}
			return out
		}),
		"throw":      prim("throw", 1, func(*evaluator, []*thunk, loc) value { return unknown }),
		"abort":      prim("abort", 1, func(*evaluator, []*thunk, loc) value { return unknown }),
		"baseNameOf": prim("baseNameOf", 1, primBaseName),
		"dirOf":      prim("dirOf", 1, primDirOf),
		"removeAttrs": prim("removeAttrs", 2, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[0])
			l, ok2 := e.argList(a[1])
			if !ok || !ok2 {
				return unknown
			}
			drop := map[string]bool{}
			for _, t := range l.elems {
				n, ok := e.argStr(t)
				if !ok {
					return unknown
				}
				drop[n.s] = true
			}
			var attrs []attr
			for _, x := range s.attrs {
				if !drop[x.name] {
					attrs = append(attrs, x)
				}
			}
			return &setV{attrs: attrs, at: s.at}
		}),
		"isNull": prim("isNull", 1, typeTest(func(v value) bool { _, ok := v.(*nullV); return ok })),
	}
	builtins := map[string]value{}
	for k, v := range b {
		if k != "true" && k != "false" && k != "null" {
			builtins[k] = v
		}
	}
	for k, v := range e.builtinPrims() {
		builtins[k] = v
	}
	bs := &stubV{name: "builtins", known: builtins}
	b["builtins"] = bs
	builtins["builtins"] = bs
	e.globals = b

	e.lib = e.newLib(builtins)
	e.pkgs = e.newPkgs()
}

func viaOf(m *meta) []string {
	if m == nil {
		return nil
	}
	return m.via
}

func typeTest(f func(value) bool) primFn {
	return func(e *evaluator, a []*thunk, at loc) value {
		v := e.val(a[0])
		if isUnknown(v) {
			return unknown
		}
		if _, ok := v.(*altV); ok {
			return unknown
		}
		return boolAt(f(v), at)
	}
}

func primBaseName(e *evaluator, a []*thunk, at loc) value {
	switch v := e.val(a[0]).(type) {
	case *strV:
		return strAt(path.Base(v.s), at, v.via)
	case *pathV:
		return strAt(path.Base(v.p), at, v.via)
	}
	return unknown
}

func primDirOf(e *evaluator, a []*thunk, at loc) value {
	switch v := e.val(a[0]).(type) {
	case *strV:
		return strAt(path.Dir(v.s), at, v.via)
	case *pathV:
		return &pathV{meta: meta{at: at}, p: path.Dir(v.p)}
	}
	return unknown
}

func (e *evaluator) builtinPrims() map[string]value {
	return map[string]value{
		"length": prim("length", 1, func(e *evaluator, a []*thunk, at loc) value {
			if l, ok := e.argList(a[0]); ok {
				return &intV{meta: meta{at: at}, n: int64(len(l.elems))}
			}
			return unknown
		}),
		"head": prim("head", 1, func(e *evaluator, a []*thunk, at loc) value {
			if l, ok := e.argList(a[0]); ok && len(l.elems) > 0 {
				return e.force(l.elems[0])
			}
			return unknown
		}),
		"tail": prim("tail", 1, func(e *evaluator, a []*thunk, at loc) value {
			if l, ok := e.argList(a[0]); ok && len(l.elems) > 0 {
				return &listV{at: at, elems: l.elems[1:]}
			}
			return unknown
		}),
		"elemAt": prim("elemAt", 2, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[0])
			n, ok2 := e.argInt(a[1])
			if ok && ok2 && n >= 0 && n < int64(len(l.elems)) {
				return e.force(l.elems[n])
			}
			return unknown
		}),
		"elem": prim("elem", 2, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[1])
			if !ok {
				return unknown
			}
			res := 0
			for _, t := range l.elems {
				switch e.equal(e.force(a[0]), e.force(t), 0) {
				case 1:
					return boolAt(true, at)
				case -1:
					res = -1
				}
			}
			if res < 0 {
				return unknown
			}
			return boolAt(false, at)
		}),
		"filter": prim("filter", 2, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[1])
			if !ok {
				return unknown
			}
			out := &listV{at: at}
			for _, t := range l.elems {
				switch e.truth(e.call1(a[0], t, at)) {
				case 1:
					out.elems = append(out.elems, t)
				case -1:
					return unknown
				}
			}
			return out
		}),
		"concatLists": prim("concatLists", 1, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[0])
			if !ok {
				return unknown
			}
			var acc value = &listV{at: at}
			for _, t := range l.elems {
				acc = e.concatLists(acc, e.force(t), at)
			}
			return acc
		}),
		"concatMap": prim("concatMap", 2, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[1])
			if !ok {
				return unknown
			}
			var acc value = &listV{at: at}
			for _, t := range l.elems {
				acc = e.concatLists(acc, e.call1(a[0], t, at), at)
			}
			return acc
		}),
		"genList": prim("genList", 2, func(e *evaluator, a []*thunk, at loc) value {
			n, ok := e.argInt(a[1])
			if !ok || n < 0 || n > maxList {
				return unknown
			}
			out := &listV{at: at, elems: make([]*thunk, n)}
			for i := range out.elems {
				f, x := a[0], done(&intV{meta: meta{at: at}, n: int64(i)})
				out.elems[i] = &thunk{fn: func() value { return e.call1(f, x, at) }}
			}
			return out
		}),
		"foldl'": prim("foldl'", 3, primFoldl),
		"attrNames": prim("attrNames", 1, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[0])
			if !ok {
				return unknown
			}
			out := &listV{at: at, elems: make([]*thunk, len(s.attrs))}
			for i, x := range s.attrs {
				out.elems[i] = done(&strV{meta: meta{at: x.key}, s: x.name})
			}
			return out
		}),
		"attrValues": prim("attrValues", 1, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[0])
			if !ok {
				return unknown
			}
			out := &listV{at: at, elems: make([]*thunk, len(s.attrs))}
			for i, x := range s.attrs {
				out.elems[i] = x.t
			}
			return out
		}),
		"hasAttr": prim("hasAttr", 2, func(e *evaluator, a []*thunk, at loc) value {
			n, ok := e.argStr(a[0])
			s, ok2 := e.argSet(a[1])
			if !ok || !ok2 {
				return unknown
			}
			return boolAt(s.get(n.s) != nil, at)
		}),
		"getAttr": prim("getAttr", 2, func(e *evaluator, a []*thunk, at loc) value {
			n, ok := e.argStr(a[0])
			if !ok {
				return unknown
			}
			if v := e.selectAttr(e.force(a[1]), n.s, at); v != nil {
				return v
			}
			return unknown
		}),
		"listToAttrs": prim("listToAttrs", 1, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[0])
			if !ok {
				return unknown
			}
			attrs := make([]attr, 0, len(l.elems))
			for _, t := range l.elems {
				p, ok := e.argSet(t)
				if !ok {
					return unknown
				}
				n, v := p.get("name"), p.get("value")
				if n == nil || v == nil {
					return unknown
				}
				ns, ok := e.argStr(n.t)
				if !ok {
					return unknown
				}
				attrs = append(attrs, attr{name: ns.s, t: v.t, key: ns.at})
			}
			return newSet(attrs, at)
		}),
		"mapAttrs": prim("mapAttrs", 2, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[1])
			if !ok {
				return unknown
			}
			attrs := make([]attr, len(s.attrs))
			for i, x := range s.attrs {
				f, n, v := a[0], done(&strV{meta: meta{at: x.key}, s: x.name}), x.t
				attrs[i] = attr{name: x.name, key: x.key, doc: x.doc, t: &thunk{fn: func() value {
					return e.apply(e.call1(f, n, at), v, at)
				}}}
			}
			return &setV{attrs: attrs, at: at}
		}),
		"intersectAttrs": prim("intersectAttrs", 2, func(e *evaluator, a []*thunk, at loc) value {
			x, ok := e.argSet(a[0])
			y, ok2 := e.argSet(a[1])
			if !ok || !ok2 {
				return unknown
			}
			var attrs []attr
			for _, b := range y.attrs {
				if x.get(b.name) != nil {
					attrs = append(attrs, b)
				}
			}
			return &setV{attrs: attrs, at: at}
		}),
		"catAttrs": prim("catAttrs", 2, func(e *evaluator, a []*thunk, at loc) value {
			n, ok := e.argStr(a[0])
			l, ok2 := e.argList(a[1])
			if !ok || !ok2 {
				return unknown
			}
			out := &listV{at: at}
			for _, t := range l.elems {
				s, ok := e.argSet(t)
				if !ok {
					return unknown
				}
				if x := s.get(n.s); x != nil {
					out.elems = append(out.elems, x.t)
				}
			}
			return out
		}),
		"concatStringsSep": prim("concatStringsSep", 2, primConcatSep),
		"stringLength": prim("stringLength", 1, func(e *evaluator, a []*thunk, at loc) value {
			if s, ok := e.argStr(a[0]); ok {
				return &intV{meta: meta{at: at}, n: int64(len(s.s))}
			}
			return unknown
		}),
		"substring": prim("substring", 3, func(e *evaluator, a []*thunk, at loc) value {
			start, ok := e.argInt(a[0])
			n, ok2 := e.argInt(a[1])
			s, ok3 := e.argStr(a[2])
			if !ok || !ok2 || !ok3 || start < 0 {
				return unknown
			}
			if start > int64(len(s.s)) {
				start = int64(len(s.s))
			}
			end := int64(len(s.s))
			if n >= 0 && start+n < end {
				end = start + n
			}
			return strAt(s.s[start:end], at, s.via)
		}),
		"replaceStrings": prim("replaceStrings", 3, func(e *evaluator, a []*thunk, at loc) value {
			from, ok := e.argList(a[0])
			to, ok2 := e.argList(a[1])
			s, ok3 := e.argStr(a[2])
			if !ok || !ok2 || !ok3 || len(from.elems) != len(to.elems) {
				return unknown
			}
			var pairs []string
			for i := range from.elems {
				f, ok := e.argStr(from.elems[i])
				t, ok2 := e.argStr(to.elems[i])
				if !ok || !ok2 || f.s == "" {
					return unknown
				}
				pairs = append(pairs, f.s, t.s)
			}
			return strAt(strings.NewReplacer(pairs...).Replace(s.s), at, s.via)
		}),
		"isString":   prim("isString", 1, typeTest(func(v value) bool { _, ok := v.(*strV); return ok })),
		"isInt":      prim("isInt", 1, typeTest(func(v value) bool { _, ok := v.(*intV); return ok })),
		"isFloat":    prim("isFloat", 1, typeTest(func(v value) bool { _, ok := v.(*floatV); return ok })),
		"isBool":     prim("isBool", 1, typeTest(func(v value) bool { _, ok := v.(*boolV); return ok })),
		"isList":     prim("isList", 1, typeTest(func(v value) bool { _, ok := v.(*listV); return ok })),
		"isAttrs":    prim("isAttrs", 1, typeTest(func(v value) bool { _, ok := v.(*setV); return ok })),
		"isPath":     prim("isPath", 1, typeTest(func(v value) bool { _, ok := v.(*pathV); return ok })),
		"isFunction": prim("isFunction", 1, typeTest(func(v value) bool { _, ok := v.(*lambdaV); return ok })),
		"seq":        prim("seq", 2, func(e *evaluator, a []*thunk, at loc) value { return e.force(a[1]) }),
		"deepSeq":    prim("deepSeq", 2, func(e *evaluator, a []*thunk, at loc) value { return e.force(a[1]) }),
		"trace":      prim("trace", 2, func(e *evaluator, a []*thunk, at loc) value { return e.force(a[1]) }),
		"readDir":    prim("readDir", 1, primReadDir),
		"add":        prim("add", 2, arithPrim(ADD)),
		"sub":        prim("sub", 2, arithPrim(SUB)),
		"mul":        prim("mul", 2, arithPrim(MUL)),
		"div":        prim("div", 2, arithPrim(QUO)),
		"lessThan":   prim("lessThan", 2, arithPrim(LT)),
	}
}

// primReadDir lists a directory of the tree. Only the files Evaluate was
// given are known (the .nix files), which is what a flake reading
// ./machines or ./modules with readDir looks for; a directory with no
// known file is unknown.
func primReadDir(e *evaluator, a []*thunk, at loc) value {
	p, ok := e.val(a[0]).(*pathV)
	if !ok {
		return unknown
	}
	dir := strings.TrimSuffix(p.p, "/") + "/"
	if dir == "./" {
		dir = ""
	}
	kinds := map[string]string{}
	for name := range e.files {
		rest, ok := strings.CutPrefix(name, dir)
		if !ok || rest == "" {
			continue
		}
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			kinds[rest[:i]] = "directory"
		} else {
			kinds[rest] = "regular"
		}
	}
	if len(kinds) == 0 {
		return unknown
	}
	attrs := make([]attr, 0, len(kinds))
	for n, k := range kinds {
		attrs = append(attrs, attr{name: n, t: done(strAt(k, at, nil)), key: at})
	}
	return newSet(attrs, at)
}

func arithPrim(op Token) primFn {
	return func(e *evaluator, a []*thunk, at loc) value {
		return e.arith(op, e.val(a[0]), e.val(a[1]), at)
	}
}

func primFoldl(e *evaluator, a []*thunk, at loc) value {
	l, ok := e.argList(a[2])
	if !ok {
		return unknown
	}
	acc := a[1]
	for _, t := range l.elems {
		acc = done(e.apply(e.call1(a[0], acc, at), t, at))
	}
	return e.force(acc)
}

func primConcatSep(e *evaluator, a []*thunk, at loc) value {
	sep, ok := e.argStr(a[0])
	l, ok2 := e.argList(a[1])
	if !ok || !ok2 {
		return unknown
	}
	parts := make([]string, 0, len(l.elems))
	var via []string
	for _, t := range l.elems {
		s, ok := e.argStr(t)
		if !ok {
			return unknown
		}
		parts = append(parts, s.s)
		via = joinVia(via, s.via)
	}
	return strAt(strings.Join(parts, sep.s), at, via)
}

// newLib is the stub of nixpkgs' lib: the module-system functions and
// common helpers; builtins are reachable through it as in nixpkgs.
func (e *evaluator) newLib(builtins map[string]value) value {
	known := map[string]value{}
	for k, v := range builtins {
		known[k] = v
	}
	override := func(name string, prio int) value {
		return prim(name, 1, func(e *evaluator, a []*thunk, at loc) value { return &overrideV{prio: prio, v: a[0]} })
	}
	identity := prim("id", 1, func(e *evaluator, a []*thunk, at loc) value { return e.force(a[0]) })
	// cond returns the value of `if c then x else empty`, conditional
	// when c is undecided.
	cond := func(name string, empty func(at loc) value) value {
		return prim(name, 2, func(e *evaluator, a []*thunk, at loc) value {
			switch e.truth(e.force(a[0])) {
			case 1:
				return e.force(a[1])
			case 0:
				return empty(at)
			}
			return &ifV{cond: a[0], v: a[1]}
		})
	}
	for k, v := range map[string]value{
		"mkOption": prim("mkOption", 1, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[0])
			if !ok {
				return unknown
			}
			return &optionV{args: s, at: at}
		}),
		"mkEnableOption": prim("mkEnableOption", 1, func(e *evaluator, a []*thunk, at loc) value {
			return &optionV{args: newSet([]attr{{name: "default", t: done(&boolV{meta: meta{at: at}})}}, at), at: at}
		}),
		"mkPackageOption": prim("mkPackageOption", 3, func(e *evaluator, a []*thunk, at loc) value {
			return &optionV{args: &setV{at: at}, at: at}
		}),
		"mkDefault":            override("mkDefault", prioMkDefault),
		"mkForce":              override("mkForce", prioMkForce),
		"mkOptionDefault":      override("mkOptionDefault", prioOptionDefault),
		"mkVMOverride":         override("mkVMOverride", prioMkVMOverride),
		"mkImageMediaOverride": override("mkImageMediaOverride", 60),
		"mkOverride": prim("mkOverride", 2, func(e *evaluator, a []*thunk, at loc) value {
			n, ok := e.argInt(a[0])
			if !ok {
				n = prioDefault
			}
			return &overrideV{prio: int(n), v: a[1]}
		}),
		"mkIf": prim("mkIf", 2, func(e *evaluator, a []*thunk, at loc) value { return &ifV{cond: a[0], v: a[1]} }),
		"mkMerge": prim("mkMerge", 1, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[0])
			if !ok {
				return unknown
			}
			return &mergeV{elems: l.elems}
		}),
		"mkBefore":       identity,
		"mkAfter":        identity,
		"mkOrder":        prim("mkOrder", 2, func(e *evaluator, a []*thunk, at loc) value { return e.force(a[1]) }),
		"mdDoc":          identity,
		"id":             identity,
		"optional":       cond("optional", func(at loc) value { return &listV{at: at} }),
		"optionals":      cond("optionals", func(at loc) value { return &listV{at: at} }),
		"optionalString": cond("optionalString", func(at loc) value { return strAt("", at, nil) }),
		"optionalAttrs":  cond("optionalAttrs", func(at loc) value { return &setV{at: at} }),
		"mapAttrsToList": prim("mapAttrsToList", 2, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[1])
			if !ok {
				return unknown
			}
			out := &listV{at: at, elems: make([]*thunk, len(s.attrs))}
			for i, x := range s.attrs {
				f, n, v := a[0], done(&strV{meta: meta{at: x.key}, s: x.name}), x.t
				out.elems[i] = &thunk{fn: func() value { return e.apply(e.call1(f, n, at), v, at) }}
			}
			return out
		}),
		"concatMapStringsSep": prim("concatMapStringsSep", 3, func(e *evaluator, a []*thunk, at loc) value {
			m := e.force(a[2])
			mapped := known["map"].(*builtinV).fn(e, []*thunk{a[1], done(m)}, at)
			return primConcatSep(e, []*thunk{a[0], done(mapped)}, at)
		}),
		"concatMapStrings": prim("concatMapStrings", 2, func(e *evaluator, a []*thunk, at loc) value {
			mapped := known["map"].(*builtinV).fn(e, []*thunk{a[0], a[1]}, at)
			return primConcatSep(e, []*thunk{done(strAt("", at, nil)), done(mapped)}, at)
		}),
		"concatStrings": prim("concatStrings", 1, func(e *evaluator, a []*thunk, at loc) value {
			return primConcatSep(e, []*thunk{done(strAt("", at, nil)), a[0]}, at)
		}),
		"genAttrs": prim("genAttrs", 2, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[0])
			if !ok {
				return unknown
			}
			attrs := make([]attr, 0, len(l.elems))
			for _, t := range l.elems {
				n, ok := e.argStr(t)
				if !ok {
					return unknown
				}
				f, x := a[1], t
				attrs = append(attrs, attr{name: n.s, key: n.at, t: &thunk{fn: func() value { return e.call1(f, x, at) }}})
			}
			return newSet(attrs, at)
		}),
		"nameValuePair": prim("nameValuePair", 2, func(e *evaluator, a []*thunk, at loc) value {
			return newSet([]attr{{name: "name", t: a[0]}, {name: "value", t: a[1]}}, at)
		}),
		"recursiveUpdate": prim("recursiveUpdate", 2, func(e *evaluator, a []*thunk, at loc) value {
			return e.recursiveUpdate(e.force(a[0]), e.force(a[1]), at, 0)
		}),
		"flatten": prim("flatten", 1, func(e *evaluator, a []*thunk, at loc) value {
			out := &listV{at: at}
			if !e.flattenList(e.force(a[0]), out, 0) {
				return unknown
			}
			return out
		}),
		"filterAttrs": prim("filterAttrs", 2, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[1])
			if !ok {
				return unknown
			}
			var attrs []attr
			for _, x := range s.attrs {
				n := done(&strV{meta: meta{at: x.key}, s: x.name})
				switch e.truth(e.apply(e.call1(a[0], n, at), x.t, at)) {
				case 1:
					attrs = append(attrs, x)
				case -1:
					return unknown
				}
			}
			return &setV{attrs: attrs, at: at}
		}),
		"attrByPath": prim("attrByPath", 3, func(e *evaluator, a []*thunk, at loc) value {
			l, ok := e.argList(a[0])
			if !ok {
				return unknown
			}
			v := e.force(a[2])
			for _, t := range l.elems {
				n, ok := e.argStr(t)
				if !ok {
					return unknown
				}
				if v = e.selectAttr(v, n.s, at); v == nil {
					return e.force(a[1])
				}
			}
			return v
		}),
		"hasPrefix":    strPred(strings.HasPrefix),
		"hasSuffix":    strPred(strings.HasSuffix),
		"hasInfix":     strPred(func(s, x string) bool { return strings.Contains(x, s) }),
		"removePrefix": strOp2(func(p, s string) string { return strings.TrimPrefix(s, p) }),
		"removeSuffix": strOp2(func(p, s string) string { return strings.TrimSuffix(s, p) }),
		"toLower":      strOp1(strings.ToLower),
		"toUpper":      strOp1(strings.ToUpper),
		"last": prim("last", 1, func(e *evaluator, a []*thunk, at loc) value {
			if l, ok := e.argList(a[0]); ok && len(l.elems) > 0 {
				return e.force(l.elems[len(l.elems)-1])
			}
			return unknown
		}),
		"range": prim("range", 2, func(e *evaluator, a []*thunk, at loc) value {
			from, ok := e.argInt(a[0])
			to, ok2 := e.argInt(a[1])
			if !ok || !ok2 || to-from > maxList {
				return unknown
			}
			out := &listV{at: at}
			for i := from; i <= to; i++ {
				out.elems = append(out.elems, done(&intV{meta: meta{at: at}, n: i}))
			}
			return out
		}),
		"foldl'": prim("foldl'", 3, primFoldl),
		"foldl":  prim("foldl", 3, primFoldl),
		"nixosSystem": prim("nixosSystem", 1, func(e *evaluator, a []*thunk, at loc) value {
			return &systemV{args: a[0]}
		}),
		"darwinSystem": prim("darwinSystem", 1, func(e *evaluator, a []*thunk, at loc) value {
			return &systemV{args: a[0]}
		}),
	} {
		known[k] = v
	}
	lib := &stubV{name: "lib", known: known}
	for _, alias := range []string{"strings", "lists", "attrsets", "trivial", "modules", "options", "asserts"} {
		known[alias] = lib
	}
	known["types"] = &stubV{name: "types", known: map[string]value{}}
	return lib
}

func strPred(f func(a, b string) bool) value {
	return prim("strPred", 2, func(e *evaluator, a []*thunk, at loc) value {
		x, ok := e.argStr(a[0])
		y, ok2 := e.argStr(a[1])
		if !ok || !ok2 {
			return unknown
		}
		return boolAt(f(y.s, x.s), at)
	})
}

func strOp1(f func(string) string) value {
	return prim("strOp", 1, func(e *evaluator, a []*thunk, at loc) value {
		x, ok := e.argStr(a[0])
		if !ok {
			return unknown
		}
		return strAt(f(x.s), at, x.via)
	})
}

func strOp2(f func(a, b string) string) value {
	return prim("strOp", 2, func(e *evaluator, a []*thunk, at loc) value {
		x, ok := e.argStr(a[0])
		y, ok2 := e.argStr(a[1])
		if !ok || !ok2 {
			return unknown
		}
		return strAt(f(x.s, y.s), at, y.via)
	})
}

func (e *evaluator) recursiveUpdate(a, b value, at loc, depth int) value {
	x, ok := e.whnf(a).(*setV)
	y, ok2 := e.whnf(b).(*setV)
	if !ok || !ok2 || depth > 32 {
		return e.update(a, b, at)
	}
	merged := e.update(x, y, at).(*setV)
	attrs := make([]attr, len(merged.attrs))
	copy(attrs, merged.attrs)
	for i, m := range attrs {
		l, r := x.get(m.name), y.get(m.name)
		if l == nil || r == nil {
			continue
		}
		lt, rt := l.t, r.t
		attrs[i].t = &thunk{fn: func() value {
			lv, rv := e.val(lt), e.val(rt)
			_, ls := lv.(*setV)
			_, rs := rv.(*setV)
			if ls && rs {
				return e.recursiveUpdate(lv, rv, at, depth+1)
			}
			return e.force(rt)
		}}
	}
	return &setV{attrs: attrs, at: at}
}

func (e *evaluator) flattenList(v value, out *listV, depth int) bool {
	l, ok := e.whnf(v).(*listV)
	if !ok || depth > 32 {
		return false
	}
	for _, t := range l.elems {
		if _, isList := e.val(t).(*listV); isList {
			if !e.flattenList(e.force(t), out, depth+1) {
				return false
			}
			continue
		}
		out.elems = append(out.elems, t)
	}
	return true
}

// newPkgs is the stub of pkgs: builders whose arguments are facts or
// Caddy text; every other package is unknown.
func (e *evaluator) newPkgs() value {
	known := map[string]value{
		"lib": e.lib,
		"writeText": prim("writeText", 2, func(e *evaluator, a []*thunk, at loc) value {
			name, ok := e.argStr(a[0])
			if !ok {
				return &drvV{name: "writeText"}
			}
			if isCaddyName(name.s) {
				e.caddyDoc(e.force(a[1]), at, name.s)
			}
			return &drvV{name: name.s}
		}),
		"writeTextFile": prim("writeTextFile", 1, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[0])
			if !ok {
				return &drvV{name: "writeTextFile"}
			}
			name, text := s.get("name"), s.get("text")
			if name != nil && text != nil {
				if n, ok := e.argStr(name.t); ok && isCaddyName(n.s) {
					e.caddyDoc(e.force(text.t), at, n.s)
				}
			}
			return &drvV{name: "writeTextFile"}
		}),
		"substituteAll": prim("substituteAll", 1, func(e *evaluator, a []*thunk, at loc) value {
			s, ok := e.argSet(a[0])
			if !ok {
				return &drvV{name: "substituteAll"}
			}
			var src value = unknown
			if x := s.get("src"); x != nil {
				src = e.force(x.t)
			}
			return &drvV{name: "substituteAll", src: e.template("substituteAll", src, s, at)}
		}),
		"replaceVars": prim("replaceVars", 2, func(e *evaluator, a []*thunk, at loc) value {
			d := &drvV{name: "replaceVars"}
			if s, ok := e.argSet(a[1]); ok {
				d.src = e.template("replaceVars", e.force(a[0]), s, at)
			}
			return d
		}),
	}
	runCommand := prim("runCommand", 3, func(e *evaluator, a []*thunk, at loc) value {
		if s, ok := e.argSet(a[1]); ok {
			e.template("runCommand", unknown, s, at)
		}
		return &drvV{name: "runCommand"}
	})
	known["runCommand"] = runCommand
	known["runCommandLocal"] = runCommand
	known["runCommandNoCC"] = runCommand
	return &stubV{name: "pkgs", known: known}
}

func isCaddyName(name string) bool {
	return strings.Contains(strings.ToLower(name), "caddy")
}
