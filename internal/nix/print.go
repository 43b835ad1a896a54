package nix

import (
	"bufio"
	"io"
	"strconv"
)

// Printer prints expressions in the notation of `nix-instantiate --parse`:
// Nix's desugared reading of the source, fully parenthesised. Nix makes
// relative paths absolute against the directory of the file and ~ paths
// against the home directory; BaseDir and Home play those parts.
type Printer struct {
	BaseDir string // directory of the file ("/" if empty)
	Home    string // $HOME ("" if empty)
}

// Fprint prints the body of f to w. f should have parsed without errors;
// on a file with errors the output is meaningless.
func (pr *Printer) Fprint(w io.Writer, f *File) error {
	base := pr.BaseDir
	if base == "" {
		base = "/"
	}
	l := &lowerer{file: f, baseDir: base, home: pr.Home}
	if f.Body == nil {
		return nil
	}
	c := l.lower(f.Body)
	bw := bufio.NewWriter(w)
	show(bw, c)
	return bw.Flush()
}

func showString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '$':
			w.WriteByte('\\')
			w.WriteByte(c)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		default:
			w.WriteByte(c)
		}
	}
	w.WriteByte('"')
}

// showID prints an attribute name bare when it is an identifier, quoted
// otherwise (Nix 2.8 only knows to quote the keyword "if").
func showID(w *bufio.Writer, s string) {
	if s == "" || s == "if" || !isIDStart(s[0]) {
		showString(w, s)
		return
	}
	for i := 0; i < len(s); i++ {
		if !isIDChar(s[i]) {
			showString(w, s)
			return
		}
	}
	w.WriteString(s)
}

func showAttrPath(w *bufio.Writer, path []cAttr) {
	for i, a := range path {
		if i > 0 {
			w.WriteByte('.')
		}
		if a.expr == nil {
			showID(w, a.name)
		} else {
			w.WriteString(`"${`)
			show(w, a.expr)
			w.WriteString(`}"`)
		}
	}
}

func showBinds(w *bufio.Writer, a *cAttrs, inheritSpace string) {
	for _, d := range a.sorted() {
		k := d.name
		if d.inherited {
			w.WriteString("inherit ")
			showID(w, k)
			w.WriteString(inheritSpace + "; ")
			continue
		}
		showID(w, k)
		w.WriteString(" = ")
		show(w, d.e)
		w.WriteString("; ")
	}
}

func show(w *bufio.Writer, e cExpr) {
	switch e := e.(type) {
	case *cInt:
		w.WriteString(strconv.FormatInt(e.v, 10))
	case *cFloat:
		// C++ ostream default: %g with 6 significant digits.
		w.WriteString(strconv.FormatFloat(e.v, 'g', 6, 64))
	case *cString:
		showString(w, e.s)
	case *cPath:
		w.WriteString(e.s)
	case *cVar:
		w.WriteString(e.name)
	case *cCurPos:
		w.WriteString("__curPos")
	case *cSelect:
		w.WriteByte('(')
		show(w, e.e)
		w.WriteString(").")
		showAttrPath(w, e.path)
		if e.def != nil {
			w.WriteString(" or (")
			show(w, e.def)
			w.WriteByte(')')
		}
	case *cHasAttr:
		w.WriteString("((")
		show(w, e.e)
		w.WriteString(") ? ")
		showAttrPath(w, e.path)
		w.WriteByte(')')
	case *cAttrs:
		if e.rec {
			w.WriteString("rec ")
		}
		w.WriteString("{ ")
		showBinds(w, e, " ")
		for _, d := range e.dyn {
			w.WriteString(`"${`)
			show(w, d.name)
			w.WriteString(`}" = `)
			show(w, d.value)
			w.WriteString("; ")
		}
		w.WriteByte('}')
	case *cList:
		w.WriteString("[ ")
		for _, x := range e.elems {
			w.WriteByte('(')
			show(w, x)
			w.WriteString(") ")
		}
		w.WriteByte(']')
	case *cLambda:
		w.WriteByte('(')
		if e.formals != nil {
			w.WriteString("{ ")
			for i, n := range e.formals.names {
				if i > 0 {
					w.WriteString(", ")
				}
				showID(w, n)
				if d := e.formals.defs[i]; d != nil {
					w.WriteString(" ? ")
					show(w, d)
				}
			}
			if e.formals.ellipsis {
				if len(e.formals.names) > 0 {
					w.WriteString(", ")
				}
				w.WriteString("...")
			}
			w.WriteString(" }")
			if e.arg != "" {
				w.WriteString(" @ ")
			}
		}
		if e.arg != "" {
			showID(w, e.arg)
		}
		w.WriteString(": ")
		show(w, e.body)
		w.WriteByte(')')
	case *cCall:
		w.WriteByte('(')
		show(w, e.fn)
		for _, a := range e.args {
			w.WriteByte(' ')
			show(w, a)
		}
		w.WriteByte(')')
	case *cLet:
		// Nix prints let bindings in the order of its symbol table's
		// addresses, which is not reproducible; we print them sorted.
		w.WriteString("(let ")
		showBinds(w, e.attrs, "")
		w.WriteString("in ")
		show(w, e.body)
		w.WriteByte(')')
	case *cWith:
		w.WriteString("(with ")
		show(w, e.env)
		w.WriteString("; ")
		show(w, e.body)
		w.WriteByte(')')
	case *cIf:
		w.WriteString("(if ")
		show(w, e.cond)
		w.WriteString(" then ")
		show(w, e.then)
		w.WriteString(" else ")
		show(w, e.els)
		w.WriteByte(')')
	case *cAssert:
		w.WriteString("assert ")
		show(w, e.cond)
		w.WriteString("; ")
		show(w, e.body)
	case *cNot:
		w.WriteString("(! ")
		show(w, e.e)
		w.WriteByte(')')
	case *cBin:
		w.WriteByte('(')
		show(w, e.a)
		w.WriteString(" " + e.op + " ")
		show(w, e.b)
		w.WriteByte(')')
	case *cConcat:
		w.WriteByte('(')
		for i, p := range e.parts {
			if i > 0 {
				w.WriteString(" + ")
			}
			show(w, p)
		}
		w.WriteByte(')')
	}
}
