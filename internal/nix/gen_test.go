package nix

import (
	"math/rand"
	"strconv"
	"strings"
)

// A deterministic generator of Nix programs for the oracle test: valid
// programs built from the grammar, and near-valid ones made by cutting,
// doubling or inserting a byte, so both sides of "accept" get exercised.

type progGen struct {
	r    *rand.Rand
	b    strings.Builder
	vars []string // names in scope
	n    int      // counter for fresh attribute names
}

func generatePrograms(seed int64, n int) []string {
	g := &progGen{r: rand.New(rand.NewSource(seed))}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		g.b.Reset()
		g.vars = []string{"a", "b", "c"}
		g.b.WriteString("{ a, b ? 1, c, ... }:")
		g.sp()
		g.expr(4)
		src := g.b.String()
		if i%4 == 3 {
			src = g.mutate(src)
		}
		out = append(out, src+"\n")
	}
	return out
}

func (g *progGen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

// rare picks from xs once in twenty calls, from common otherwise: the
// invalid forms stay in the mix without making most programs invalid.
func (g *progGen) rare(common []string, xs ...string) string {
	if g.r.Intn(20) == 0 {
		return g.pick(xs...)
	}
	return g.pick(common...)
}
func (g *progGen) w(s string) { g.b.WriteString(s) }

// sp writes white space, sometimes with comments.
func (g *progGen) sp() {
	switch g.r.Intn(12) {
	case 0:
		g.w("\n  ")
	case 1:
		g.w(" # note\n")
	case 2:
		g.w(" /* c */ ")
	case 3:
		g.w("\t")
	default:
		g.w(" ")
	}
}

func (g *progGen) v() string { return g.vars[g.r.Intn(len(g.vars))] }

func (g *progGen) mutate(src string) string {
	if len(src) < 2 {
		return src
	}
	i := g.r.Intn(len(src))
	switch g.r.Intn(3) {
	case 0:
		return src[:i] + src[i+1:]
	case 1:
		return src[:i] + src[i:i+1] + src[i:]
	}
	return src[:i] + g.pick(";", "}", "{", "\"", "''", "=", "(", ")", ".", "?", ",", ":", "$", "/", "@", "-", "!") + src[i:]
}

func (g *progGen) attrName() {
	switch g.r.Intn(8) {
	case 0:
		g.w(`"` + g.pick("a b", "x", "if", "", "1a", "in", "a.b", "fo\\\"o") + `"`)
	case 1:
		g.w("${" + g.v() + "}")
	case 2:
		g.w(`"x${` + g.v() + `}"`)
	case 3:
		g.w(`${"k"}`)
	case 4, 5:
		g.w(g.pick("x", "y", "z", "port", "enable", "or", "a-b", "x'", "_u", "A"))
	default:
		// Mostly fresh names, so duplicate attributes stay the exception.
		g.n++
		g.w("n" + strconv.Itoa(g.n))
	}
}

func (g *progGen) attrPath() {
	g.attrName()
	for g.r.Intn(3) == 0 {
		g.w(".")
		g.attrName()
	}
}

func (g *progGen) binds(depth int, allowDynamic bool) {
	n := g.r.Intn(4)
	for i := 0; i < n; i++ {
		g.sp()
		switch g.r.Intn(6) {
		case 0:
			g.w("inherit")
			if g.r.Intn(2) == 0 {
				g.w(" (")
				g.expr(depth - 1)
				g.w(")")
			}
			for j := 0; j <= g.r.Intn(2); j++ {
				g.w(" " + g.rare([]string{"a", "b", "c", `"a"`}, "x"))
			}
			g.w(";")
		default:
			if allowDynamic {
				g.attrPath()
			} else {
				g.w(g.pick("x", "y", "z", "p.q", "p.r", `"s t"`))
			}
			g.w(" =")
			g.sp()
			g.expr(depth - 1)
			g.w(";")
		}
	}
	g.sp()
}

func (g *progGen) str() {
	g.w(`"`)
	for i := g.r.Intn(4); i > 0; i-- {
		switch g.r.Intn(8) {
		case 0:
			g.w("${" + g.v() + "}")
		case 1:
			g.w(g.pick(`\n`, `\t`, `\"`, `\$`, `\\`, `\r`, `\q`, "$$", "$", "\n", "\r\n"))
		default:
			g.w(g.pick("hello", "8096", " ", "a b", "{}", "'"))
		}
	}
	g.w(`"`)
}

func (g *progGen) indStr() {
	g.w("''" + g.pick("", "\n", "  \n", " x", "\n\n"))
	for i := g.r.Intn(6); i > 0; i-- {
		switch g.r.Intn(10) {
		case 0:
			g.w("${" + g.v() + "}")
		case 1:
			g.w(g.pick("''$", "'''", `''\n`, `''\t`, `''\ `, "$", "'", "$$", "''${x}"[:3]))
		case 2:
			g.w("\n" + strings.Repeat(" ", g.r.Intn(6)))
		case 3:
			g.w("\t")
		default:
			g.w(g.pick("line", "  indented", "a'b", "x = 1;", "$x"))
		}
	}
	g.w(g.pick("''", "\n''", "\n  ''", " ''"))
}

func (g *progGen) simple(depth int) {
	if depth <= 0 {
		switch g.r.Intn(10) {
		case 0:
			g.w(g.rare([]string{"0", "42", "007", "9223372036854775807"}, "9223372036854775808"))
		case 1:
			g.w(g.rare([]string{"1.5", ".5", "1.e3", "0.1e-3", "2.", "1.5E+2", "00.5"}, "1e5", "1.0e400"))
		case 2:
			g.str()
		case 3:
			g.w(g.rare([]string{"./a", "./a/b.nix", "../x", "a/b", "/abs/p", "~/h", "<nixpkgs>", "<nixpkgs/lib>", "./.", "./a.${a}", "./x/${b}/y"}, "./a/", "/", "a//b"))
		case 4:
			g.w(g.pick("https://example.com/x?y=1", "x:y", "mailto:me@example.com"))
		case 5:
			g.w(g.rare([]string{"true", "null", "__curPos", "builtins", "__add"}, "zz", "or"))
		case 6:
			g.indStr()
		default:
			g.w(g.v())
		}
		return
	}
	switch g.r.Intn(9) {
	case 0:
		g.w(g.pick("{", "rec {"))
		g.binds(depth, true)
		g.w("}")
	case 1:
		g.w("[")
		for i := g.r.Intn(4); i > 0; i-- {
			g.sp()
			g.selectExpr(depth - 1)
		}
		g.sp()
		g.w("]")
	case 2:
		g.w("(")
		g.expr(depth - 1)
		g.w(")")
	case 3:
		g.w("let {")
		g.w(" body = ")
		g.expr(depth - 1)
		g.w(";")
		g.binds(depth, false)
		g.w("}")
	default:
		g.simple(0)
	}
}

func (g *progGen) selectExpr(depth int) {
	g.simple(depth)
	if g.r.Intn(4) == 0 {
		g.w(".")
		g.attrPath()
		if g.r.Intn(2) == 0 {
			g.w(" or ")
			g.simple(0)
		}
	}
}

func (g *progGen) app(depth int) {
	g.selectExpr(depth)
	for i := g.r.Intn(3) - 1; i > 0; i-- {
		g.w(" ")
		g.selectExpr(depth - 1)
	}
}

func (g *progGen) op(depth int) {
	switch g.r.Intn(6) {
	case 0:
		g.w(g.pick("!", "-", "- "))
		g.op(depth - 1)
	case 1, 2:
		g.app(depth)
		g.w(" " + g.pick("->", "||", "&&", "==", "!=", "<", "<=", ">", ">=", "//", "+", "-", "*", "/", "++") + " ")
		if depth > 0 {
			g.op(depth - 1)
		} else {
			g.app(0)
		}
	case 3:
		g.app(depth)
		g.w(" ? ")
		g.attrPath()
	default:
		g.app(depth)
	}
}

func (g *progGen) expr(depth int) {
	if depth <= 0 {
		g.op(0)
		return
	}
	switch g.r.Intn(12) {
	case 0:
		name := g.pick("x", "y", "f")
		g.w(name + ":")
		g.sp()
		g.vars = append(g.vars, name)
		g.expr(depth - 1)
		g.vars = g.vars[:len(g.vars)-1]
	case 1:
		g.w("{ " + g.pick("p", "p ? 1", "p, q ? a", "p, ...", "...", "", "p,") + " }" + g.pick("", " @ args", "@q") + ":")
		g.sp()
		g.vars = append(g.vars, "p")
		g.expr(depth - 1)
		g.vars = g.vars[:len(g.vars)-1]
	case 2:
		g.w("let")
		g.binds(depth, false)
		g.w("in")
		g.sp()
		g.vars = append(g.vars, "x", "y")
		g.expr(depth - 1)
		g.vars = g.vars[:len(g.vars)-2]
	case 3:
		g.w("with ")
		g.expr(depth - 1)
		g.w(";")
		g.sp()
		g.expr(depth - 1)
	case 4:
		g.w("assert ")
		g.expr(depth - 1)
		g.w("; ")
		g.expr(depth - 1)
	case 5:
		g.w("if ")
		g.expr(depth - 1)
		g.w(" then ")
		g.expr(depth - 1)
		g.w(" else ")
		g.expr(depth - 1)
	default:
		g.op(depth)
	}
}
