package nix

import (
	"slices"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// Caddy text inside Nix strings, and the bindings of template builders.

type docAcc struct {
	doc   facts.Doc
	subj  subjects
	hosts []string
}

// docKey is what makes two Caddy texts one Doc.
type docKey struct {
	path  string
	first facts.Pos
	text  string
}

type tmplAcc struct {
	fn       string
	src      string
	at       loc
	hosts    []string
	bindings []facts.Binding
}

// maybeDoc hands Caddy text at the NixOS Caddy options to the caddy
// reader: virtualHosts.<site>.extraConfig (read as `<site> { … }`),
// extraConfig, and globalConfig (read as `{ … }`). It reports whether v
// is Caddy text, whose facts are the caddy reader's to find.
func (e *evaluator) maybeDoc(lf leaf, p []string, v value) bool {
	if len(p) < 3 || p[0] != "services" || p[1] != "caddy" {
		return false
	}
	switch {
	case len(p) == 5 && p[2] == "virtualHosts" && p[4] == "extraConfig":
		// The site address stands at its attribute name.
		var key loc
		if lf.ctx != nil && lf.ctx.root != nil {
			if n := e.findNode(lf.ctx, p[:4]); n != nil {
				key = n.key
			}
		}
		e.addDoc(v, p[3], key, lf, pathString("", p), p)
	case len(p) == 3 && p[2] == "extraConfig":
		e.addDoc(v, "", loc{}, lf, pathString("", p), p)
	case len(p) == 3 && p[2] == "globalConfig":
		e.addDoc(v, "{", loc{}, lf, pathString("", p), p)
	default:
		return false
	}
	return true
}

// caddyDoc records the text of a writeText "Caddyfile" call.
func (e *evaluator) caddyDoc(v value, at loc, name string) {
	lf := leaf{ctx: e.cur, file: at.f}
	e.addDoc(e.whnf(v), "", loc{}, lf, "writeText "+name, []string{name})
}

// addDoc records v's text as a Caddyfile. head, when set, wraps the text
// in a block: a site address ("x" → `x { … }`) or "{" for global options.
func (e *evaluator) addDoc(v value, head string, headAt loc, lf leaf, p string, words []string) {
	text, lines, ok := e.docText(v)
	if !ok {
		return
	}
	if head != "" {
		var hp facts.Pos
		if len(lines) > 0 {
			hp = lines[0]
		}
		if m := metaOf(v); m != nil {
			hp = m.at.pos()
		}
		if headAt.f != nil {
			hp = headAt.pos()
		}
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		last := hp
		if len(lines) > 0 {
			last = lines[len(lines)-1]
		}
		opener := head + " {\n"
		if head == "{" {
			opener = "{\n"
		}
		text = opener + text + "}\n"
		lines = append(append(append(make([]facts.Pos, 0, len(lines)+2), hp), lines...), last)
	}
	var first facts.Pos
	if len(lines) > 0 {
		first = lines[0]
	}
	key := docKey{p, first, text}
	acc := e.docs[key]
	if acc == nil {
		acc = &docAcc{doc: facts.Doc{Lang: "caddyfile", Text: text, Lines: lines, Path: p}}
		acc.subj.words = &e.words
		e.docs[key] = acc
		e.docOrder = append(e.docOrder, acc)
	}
	acc.subj.addPath(words...)
	for _, d := range lf.docs {
		acc.subj.add(e.commentWords(d)...)
	}
	acc.subj.add(e.fileWords(lf.file)...)
	if lf.ctx != nil && lf.ctx.name != "" && !slices.Contains(acc.hosts, lf.ctx.name) {
		acc.hosts = append(acc.hosts, lf.ctx.name)
	}
}

// docText returns the text of a string value and where each of its lines
// starts in the source. Interpolations that do not resolve become
// placeholders such as {nix.cfg.port}.
func (e *evaluator) docText(v value) (string, []facts.Pos, bool) {
	switch x := v.(type) {
	case *strV:
		if x.lit != nil && x.env != nil && x.env.file != nil {
			t, l := e.litText(x.lit, x.env)
			return t, l, true
		}
		n := strings.Count(strings.TrimSuffix(x.s, "\n"), "\n") + 1
		lines := make([]facts.Pos, n)
		for i := range lines {
			lines[i] = x.at.pos()
		}
		return x.s, lines, true
	case *partialV:
		if x.env != nil && x.env.file != nil {
			t, l := e.litText(x.lit, x.env)
			return t, l, true
		}
	}
	return "", nil, false
}

func (e *evaluator) litText(lit *String, en *env) (string, []facts.Pos) {
	f := en.file
	var b strings.Builder
	var lines []facts.Pos
	lineStart := true
	for _, part := range lit.Parts {
		if part.X != nil {
			s, ok := e.docPiece(e.whnf(e.eval(part.X, en)))
			if !ok {
				s = "{nix." + exprName(part.X) + "}"
			}
			p := f.Position(part.Pos())
			i := 0
			for ln := range strings.SplitAfterSeq(s, "\n") {
				if ln != "" && (lineStart || i > 0) {
					lines = append(lines, p)
					lineStart = false
				}
				i++
			}
			lineStart = strings.HasSuffix(s, "\n")
			b.WriteString(s)
			continue
		}
		from, to := f.Position(part.Pos()), f.Position(part.End())
		text := part.Text
		srcLine := from.Line
		atCol1 := from.Col == 1
		if lit.Kind == Indented {
			// The dropped blank first line, if the piece covers it.
			if extra := (to.Line - from.Line) - strings.Count(text, "\n"); extra > 0 {
				srcLine += extra
				atCol1 = true
			}
		}
		first := true
		for i := 0; i < len(text); {
			j := strings.IndexByte(text[i:], '\n')
			seg := text[i:]
			if j >= 0 {
				seg = text[i : i+j]
			}
			if lineStart {
				var pos facts.Pos
				switch {
				case lit.Kind != Indented, first && !atCol1:
					pos = from // mid-line, or escaped newlines of a "string"
				default:
					// Nix removed the indentation: what the source line
					// holds beyond the text is where the text starts.
					raw := rawLineLen(f, srcLine)
					if srcLine == to.Line {
						raw = to.Col - 1
					}
					pos = facts.Pos{File: from.File, Line: srcLine, Col: 1 + max(0, raw-len(seg))}
				}
				lines = append(lines, pos)
				lineStart = false
			}
			if j < 0 {
				b.WriteString(seg)
				break
			}
			b.WriteString(text[i : i+j+1])
			i += j + 1
			lineStart = true
			first = false
			srcLine++
		}
	}
	return b.String(), lines
}

// docPiece is the text an interpolation contributes to Caddy text: a
// string, or for a template filled by substituteAll/replaceVars the
// template's path, which the caddy reader can follow (an `import` of it).
func (e *evaluator) docPiece(v value) (string, bool) {
	if d, ok := v.(*drvV); ok && d.src != "" {
		return d.src, true
	}
	return e.coerce(v, false)
}

// rawLineLen is the length of 1-based source line n without its newline.
// (File keeps line starts but not the source, so lengths come from them.)
func rawLineLen(f *File, n int) int {
	if n < 1 || n > len(f.lines) {
		return 0
	}
	end := f.size
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	return max(0, end-f.lines[n-1])
}

// exprName spells a simple expression for a placeholder: cfg.port,
// toString cfg.port → cfg.port; anything else "expr".
func exprName(x Expr) string {
	switch x := Unparen(x).(type) {
	case *Ident:
		return x.Name
	case *Select:
		base := exprName(x.X)
		for _, n := range x.Path {
			if n.X != nil {
				return "expr"
			}
			base += "." + n.Name
		}
		return base
	case *Call:
		if id, ok := Unparen(x.Fn).(*Ident); ok && id.Name == "toString" && len(x.Args) == 1 {
			return exprName(x.Args[0])
		}
	}
	return "expr"
}

// templateSkip are builder arguments that are not placeholder bindings.
var templateSkip = map[string]bool{
	"src": true, "name": true, "meta": true, "passthru": true, "preferLocalBuild": true,
	"allowSubstitutes": true, "buildInputs": true, "nativeBuildInputs": true,
	"isExecutable": true, "dir": true, "postInstall": true, "pname": true, "version": true,
}

// template records the bindings of a substituteAll/replaceVars/runCommand
// call: one Binding per name and value (several when machines differ).
// It returns the template's path, if it is a file.
func (e *evaluator) template(fn string, src value, args *setV, at loc) string {
	acc := e.tmpls[at]
	if acc == nil {
		acc = &tmplAcc{fn: fn, at: at}
		if p, ok := e.whnf(src).(*pathV); ok {
			acc.src = p.p
		}
		e.tmpls[at] = acc
		e.tmplList = append(e.tmplList, acc)
	}
	if e.cur != nil && e.cur.name != "" && !slices.Contains(acc.hosts, e.cur.name) {
		acc.hosts = append(acc.hosts, e.cur.name)
	}
	for _, a := range args.attrs {
		if templateSkip[a.name] {
			continue
		}
		v := e.val(a.t)
		cands := []value{v}
		if al, ok := v.(*altV); ok {
			cands = al.alts
		}
		for _, c := range cands {
			s, ok := e.coerce(c, true)
			if !ok {
				continue
			}
			pos := a.key
			var origin facts.Pos
			if m := metaOf(c); m != nil {
				if m.at.f != nil {
					pos = m.at
				}
				if m.origin.f != nil && m.origin != pos {
					origin = m.origin.pos()
				}
			}
			b := facts.Binding{Name: a.name, Value: s, Pos: pos.pos(), Origin: origin}
			if !slices.Contains(acc.bindings, b) {
				acc.bindings = append(acc.bindings, b)
			}
			// What a template is filled with is defined here too.
			var found []found
			switch x := c.(type) {
			case *strV:
				found = classifyString(x.s, []string{a.name})
			case *intV:
				found = classifyInt(x.n, []string{a.name})
			}
			note := "fills @" + a.name + "@"
			if acc.src != "" {
				note += " of " + acc.src
			}
			lf := leaf{ctx: e.cur, file: at.f, docs: appendDoc(nil, a.doc)}
			for _, fd := range found {
				e.addFact(fd, pos, []string{a.name}, viaOf(metaOf(c)), lf, note)
			}
		}
	}
	return acc.src
}
