package nix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestEvalOracle compares the evaluator with Nix itself: generated
// plain-data programs (sets, lists, let, rec, inherit, with, interpolation,
// //, + on strings and ints) are evaluated by `nix-instantiate --eval
// --strict --json` and by evalData; every value must match exactly.
// Also covered: if, functions with formals, defaults and @-patterns,
// `or`, `?`, comparisons, boolean logic and common builtins.
func TestEvalOracle(t *testing.T) {
	bin, env := evalOracleNix(t)
	r := rand.New(rand.NewPCG(3, 14))
	const n = 600
	progs := make([]string, n)
	for i := range progs {
		g := &valGen{r: r}
		progs[i] = g.program()
	}
	var all strings.Builder
	all.WriteString("{\n")
	for i, p := range progs {
		fmt.Fprintf(&all, "p%d = %s;\n", i, p)
	}
	all.WriteString("}\n")
	dir := t.TempDir()
	file := filepath.Join(dir, "progs.nix")
	if err := os.WriteFile(file, []byte(all.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--eval", "--strict", "--json", file)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nix-instantiate rejected the generated programs: %v\n%s", err, stderr.String())
	}
	var want map[string]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i, p := range progs {
		got, err := evalData("p.nix", []byte(p))
		got = jsonRoundTrip(got) // invalid UTF-8 reads as U+FFFD on both sides
		w := want["p"+strconv.Itoa(i)]
		if err != nil || !reflect.DeepEqual(got, w) {
			failed++
			if failed <= 5 {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(w)
				t.Errorf("program %d:\n%s\nnix:  %s\nours: %s (err %v)", i, p, wj, gj, err)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d programs differ", failed, n)
	} else {
		t.Logf("%d programs (%d bytes) agree with nix-instantiate", n, all.Len())
	}
}

func jsonRoundTrip(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return v
	}
	return out
}

// evalOracleNix finds nix-instantiate and an environment in which it runs
// as any user without a daemon: state, logs and HOME in a temp dir.
func evalOracleNix(t *testing.T) (string, []string) {
	bin, err := exec.LookPath("nix-instantiate")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nix-instantiate is required under CI=true (apt-get install nix-bin)")
		}
		t.Skip("nix-instantiate not installed; skipping the evaluation oracle")
	}
	dir := t.TempDir()
	env := append(os.Environ(),
		"HOME="+dir,
		"NIX_STATE_DIR="+filepath.Join(dir, "state"),
		"NIX_LOG_DIR="+filepath.Join(dir, "log"),
		"NIX_CONF_DIR="+dir,
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"NIX_PATH=",
	)
	return bin, env
}

// evalData evaluates one file's expression completely to JSON-like data
// (map[string]any, []any, string, json.Number, bool, nil), failing where
// the evaluator does not know a value.
func evalData(name string, src []byte) (any, error) {
	f, err := ParseFile(name, src)
	if err != nil {
		return nil, err
	}
	e := newEvaluator([]*File{f})
	return e.data(e.force(e.importThunk(f)), 0)
}

func (e *evaluator) data(v value, depth int) (any, error) {
	if depth > 100 {
		return nil, fmt.Errorf("too deep")
	}
	switch x := e.whnf(v).(type) {
	case *strV:
		return x.s, nil
	case *intV:
		return json.Number(strconv.FormatInt(x.n, 10)), nil
	case *boolV:
		return x.b, nil
	case *nullV:
		return nil, nil
	case *listV:
		out := make([]any, len(x.elems))
		for i, t := range x.elems {
			d, err := e.data(e.force(t), depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = d
		}
		return out, nil
	case *setV:
		out := make(map[string]any, len(x.attrs))
		for _, a := range x.attrs {
			d, err := e.data(e.force(a.t), depth+1)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", a.name, err)
			}
			out[a.name] = d
		}
		return out, nil
	case *partialV:
		return nil, fmt.Errorf("string with unresolved parts at %v", x.at.pos())
	default:
		return nil, fmt.Errorf("not data: %T", x)
	}
}

// valGen writes random plain-data Nix programs that always evaluate: each
// expression is generated for a type, and variables are only used with
// the type they were bound to.
type valGen struct {
	r     *rand.Rand
	vars  []genVar
	fresh int
}

type genVar struct {
	name string
	typ  genType
	// attrs of a set-typed variable, by type
	attrs map[string]genType
}

type genType int

const (
	tStr genType = iota
	tInt
	tSet
	tList
	tBool
)

func (g *valGen) program() string {
	return g.expr(tSet, 4).text
}

// gexpr is generated text, and for sets the attributes it is known to
// have (so later selects are valid).
type gexpr struct {
	text  string
	attrs map[string]genType
}

func (g *valGen) name() string {
	g.fresh++
	return fmt.Sprintf("%s%d", []string{"a", "port", "host", "miniIp", "x_y", "b-c"}[g.r.IntN(6)], g.fresh)
}

func (g *valGen) varOf(t genType) (genVar, bool) {
	var c []genVar
	for _, v := range g.vars {
		if v.typ == t {
			c = append(c, v)
		}
	}
	if len(c) == 0 {
		return genVar{}, false
	}
	return c[g.r.IntN(len(c))], true
}

func (g *valGen) expr(t genType, depth int) gexpr {
	if depth <= 0 {
		return g.leaf(t)
	}
	switch g.r.IntN(10) {
	case 0, 1:
		return g.leaf(t)
	case 2:
		// let
		n := g.name()
		bt := genType(g.r.IntN(5))
		b := g.expr(bt, depth-1)
		g.vars = append(g.vars, genVar{name: n, typ: bt, attrs: b.attrs})
		body := g.expr(t, depth-1)
		g.vars = g.vars[:len(g.vars)-1]
		return gexpr{text: fmt.Sprintf("(let %s = %s; in %s)", n, b.text, body.text), attrs: body.attrs}
	case 3:
		// select from a set literal or variable
		if v, ok := g.varOf(tSet); ok {
			for _, k := range sortedAttrs(v.attrs) {
				if v.attrs[k] == t && t != tSet {
					return gexpr{text: v.name + "." + quoteAttr(k)}
				}
			}
		}
		k := g.name()
		inner := g.expr(t, depth-1)
		return gexpr{text: fmt.Sprintf("{ %s = %s; z = 1; }.%s", quoteAttr(k), inner.text, quoteAttr(k)), attrs: inner.attrs}
	case 4, 5:
		return g.call(t, depth)
	}
	switch t {
	case tBool:
		return g.call(tBool, depth)
	case tStr:
		switch g.r.IntN(4) {
		case 0:
			return gexpr{text: fmt.Sprintf("(%s + %s)", g.expr(tStr, depth-1).text, g.expr(tStr, depth-1).text)}
		case 1:
			return gexpr{text: fmt.Sprintf(`"%s${%s}:${toString %s}%s"`, g.word(), g.expr(tStr, depth-1).text, g.expr(tInt, depth-1).text, g.word())}
		case 2:
			return gexpr{text: fmt.Sprintf("''\n    %s\n      ${%s}\n    %s\n  ''", g.indWord(), g.expr(tStr, depth-1).text, g.indWord())}
		default:
			return gexpr{text: fmt.Sprintf("(toString %s)", g.expr(tInt, depth-1).text)}
		}
	case tInt:
		if g.r.IntN(3) == 0 {
			return gexpr{text: fmt.Sprintf("(%s * %d)", g.expr(tInt, depth-1).text, g.r.IntN(5))}
		}
		op := []string{"+", "-"}[g.r.IntN(2)]
		return gexpr{text: fmt.Sprintf("(%s %s %s)", g.expr(tInt, depth-1).text, op, g.expr(tInt, depth-1).text)}
	case tList:
		var parts []string
		for i := g.r.IntN(4); i > 0; i-- {
			parts = append(parts, "("+g.expr(genType(g.r.IntN(5)), depth-1).text+")")
		}
		if g.r.IntN(3) == 0 {
			return gexpr{text: fmt.Sprintf("([ %s ] ++ %s)", strings.Join(parts, " "), g.expr(tList, depth-1).text)}
		}
		return gexpr{text: "[ " + strings.Join(parts, " ") + " ]"}
	}
	return g.set(depth)
}

// call writes functions, conditionals and builtins returning type t.
func (g *valGen) call(t genType, depth int) gexpr {
	sub := func(t genType) string { return g.expr(t, depth-1).text }
	switch g.r.IntN(6) {
	case 0:
		a, b := g.expr(t, depth-1), g.expr(t, depth-1)
		return gexpr{text: fmt.Sprintf("(if %s then %s else %s)", sub(tBool), a.text, b.text), attrs: common(a.attrs, b.attrs)}
	case 1:
		a := g.expr(t, depth-1)
		return gexpr{text: fmt.Sprintf("((x: x) %s)", a.text), attrs: a.attrs}
	case 2:
		a := g.expr(t, depth-1)
		return gexpr{text: fmt.Sprintf("(({ a, b ? %s }: b) { a = %s; })", a.text, sub(tInt)), attrs: a.attrs}
	case 3:
		a := g.expr(t, depth-1)
		return gexpr{text: fmt.Sprintf("((args@{ a, ... }: args.a) { a = %s; b = %s; })", a.text, sub(tStr)), attrs: a.attrs}
	case 4:
		a := g.expr(t, depth-1)
		return gexpr{text: fmt.Sprintf("({ z = 1; }.missing or %s)", a.text), attrs: a.attrs}
	}
	switch t {
	case tInt:
		return gexpr{text: g.pick(
			"(builtins.length "+sub(tList)+")",
			"(builtins.stringLength "+sub(tStr)+")",
			"(builtins.length (builtins.attrNames "+sub(tSet)+"))")}
	case tStr:
		return gexpr{text: g.pick(
			"(builtins.concatStringsSep \"-\" [ "+sub(tStr)+" "+sub(tStr)+" ])",
			"(builtins.head [ "+sub(tStr)+" ])",
			"(toString [ "+sub(tStr)+" "+sub(tInt)+" ])",
			"(builtins.substring 1 3 "+sub(tStr)+")",
			"(builtins.replaceStrings [ \"1\" \".\" ] [ \"one\" \"_\" ] "+sub(tStr)+")")}
	case tList:
		return gexpr{text: g.pick(
			"(map (x: x + \"s\") [ "+sub(tStr)+" "+sub(tStr)+" ])",
			"(builtins.attrNames "+sub(tSet)+")",
			"(builtins.attrValues "+sub(tSet)+")",
			"(builtins.filter (x: x > 30000) [ "+sub(tInt)+" "+sub(tInt)+" ])")}
	case tBool:
		return gexpr{text: g.pick(
			"("+sub(tInt)+" < "+sub(tInt)+")",
			"("+sub(tStr)+" == "+sub(tStr)+")",
			"(!"+sub(tBool)+")",
			"("+sub(tBool)+" && "+sub(tBool)+")",
			"("+sub(tBool)+" || "+sub(tBool)+")",
			"(builtins.elem "+sub(tInt)+" [ 1 2 "+sub(tInt)+" ])",
			"(builtins.isString "+sub(tStr)+")",
			"("+sub(tSet)+" ? z)")}
	}
	k := g.name()
	a := g.expr(genType(g.r.IntN(5)), depth-1)
	switch g.r.IntN(3) {
	case 0:
		return gexpr{text: fmt.Sprintf("(builtins.listToAttrs [ { name = %q; value = %s; } ])", k, a.text), attrs: map[string]genType{k: tStr}}
	case 1:
		return gexpr{text: fmt.Sprintf("(builtins.mapAttrs (n: v: n + \"!\") %s)", sub(tSet)), attrs: map[string]genType{}}
	}
	return gexpr{text: fmt.Sprintf("(builtins.removeAttrs %s [ \"z\" ])", sub(tSet)), attrs: map[string]genType{}}
}

func (g *valGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// common keeps the attributes both branches of an if are known to have.
func common(a, b map[string]genType) map[string]genType {
	if a == nil || b == nil {
		return nil
	}
	out := map[string]genType{}
	for k, t := range a {
		if b[k] == t {
			if _, ok := b[k]; ok {
				out[k] = t
			}
		}
	}
	return out
}

func sortedAttrs(m map[string]genType) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (g *valGen) set(depth int) gexpr {
	attrs := map[string]genType{}
	var binds []string
	rec := g.r.IntN(3) == 0
	var recVars []genVar
	for i := 1 + g.r.IntN(4); i > 0; i-- {
		k := g.name()
		t := genType(g.r.IntN(5))
		switch g.r.IntN(5) {
		case 0:
			// dotted path: k.sub = …
			sub := g.name()
			e := g.expr(t, depth-1)
			binds = append(binds, fmt.Sprintf("%s.%s = %s;", quoteAttr(k), quoteAttr(sub), e.text))
			attrs[k] = tSet
			continue
		case 1:
			if v, ok := g.varOf(genType(g.r.IntN(5))); ok {
				if _, dup := attrs[v.name]; !dup {
					binds = append(binds, "inherit "+v.name+";")
					attrs[v.name] = v.typ
					continue
				}
			}
		case 2:
			if v, ok := g.varOf(tSet); ok {
				for _, a := range sortedAttrs(v.attrs) {
					if _, dup := attrs[a]; !dup {
						binds = append(binds, fmt.Sprintf("inherit (%s) %s;", v.name, quoteAttr(a)))
						attrs[a] = v.attrs[a]
					}
					break
				}
				continue
			}
		}
		e := g.expr(t, depth-1)
		binds = append(binds, fmt.Sprintf("%s = %s;", quoteAttr(k), e.text))
		attrs[k] = t
		if rec && isPlainIdent(k) {
			recVars = append(recVars, genVar{name: k, typ: t, attrs: e.attrs})
		}
	}
	if rec && len(recVars) > 0 {
		// A rec attribute referring to an earlier one.
		v := recVars[g.r.IntN(len(recVars))]
		k := g.name()
		binds = append(binds, fmt.Sprintf("%s = %s;", quoteAttr(k), v.name))
		attrs[k] = v.typ
	}
	text := "{ " + strings.Join(binds, " ") + " }"
	if rec {
		text = "rec " + text
	}
	switch g.r.IntN(4) {
	case 0:
		other := g.set(depth - 1)
		for k, t := range other.attrs {
			attrs[k] = t
		}
		text = "(" + text + " // " + other.text + ")"
	case 1:
		if v, ok := g.varOf(tSet); ok {
			// with: names of the set become visible (lexical ones win).
			text = fmt.Sprintf("(with %s; %s)", v.name, text)
		}
	}
	return gexpr{text: text, attrs: attrs}
}

func (g *valGen) leaf(t genType) gexpr {
	if v, ok := g.varOf(t); ok && g.r.IntN(2) == 0 {
		return gexpr{text: v.name, attrs: v.attrs}
	}
	switch t {
	case tBool:
		return gexpr{text: g.pick("true", "false")}
	case tStr:
		return gexpr{text: `"` + g.word() + `"`}
	case tInt:
		return gexpr{text: strconv.Itoa(g.r.IntN(70000))}
	case tList:
		return gexpr{text: "[ ]"}
	}
	return gexpr{text: "{ }", attrs: map[string]genType{}}
}

// word is string content: address-like pieces and a few escapes.
func (g *valGen) word() string {
	parts := []string{"192.168.50.4", "mini-vm.orb.local", "8096", "a b", "x", `\"q\"`, `\n`, `\\`, "é", `\${x}`, ":", "/web"}
	var b strings.Builder
	for i := g.r.IntN(3); i >= 0; i-- {
		b.WriteString(parts[g.r.IntN(len(parts))])
	}
	return b.String()
}

// indWord is content for indented strings, where backslashes are literal
// and two single quotes escape a dollar or a quote.
func (g *valGen) indWord() string {
	parts := []string{"reverse_proxy", "192.168.50.4:8096", "{", "}", `a\nb`, "''$", "'''", "x y"}
	var b strings.Builder
	for i := g.r.IntN(3); i >= 0; i-- {
		b.WriteString(parts[g.r.IntN(len(parts))])
		b.WriteString(" ")
	}
	return b.String()
}

func quoteAttr(k string) string {
	if isPlainIdent(k) {
		return k
	}
	return `"` + k + `"`
}

func isPlainIdent(k string) bool { return !strings.ContainsAny(k, "-") }
