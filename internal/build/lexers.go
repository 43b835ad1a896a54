package build

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Hand-written lexers for the languages runbooks are full of: console
// sessions, shell, Nix and Caddyfiles. chroma's regexp lexers cost about
// half a millisecond per short block, which made highlighting 80% of a
// build; these scan each byte once and emit the same chroma token types
// as chroma's own lexers for the common constructs, so chroma's
// formatter and chroma.css apply unchanged. Every other language goes to
// chroma.
var fastLexers = map[string]func(string) []chroma.Token{
	"console":       lexConsole,
	"shell-session": lexConsole,
	"bash-session":  lexConsole,
	"sh-session":    lexConsole,
	"bash":          lexShell,
	"sh":            lexShell,
	"shell":         lexShell,
	"zsh":           lexShell,
	"nix":           lexNix,
	"nixos":         lexNix,
	"caddyfile":     lexCaddyfile,
	"caddy":         lexCaddyfile,
}

// tokens accumulates tokens, merging neighbours of the same type as
// chroma.Coalesce does.
type tokens []chroma.Token

func (t *tokens) add(typ chroma.TokenType, s string) {
	if s == "" {
		return
	}
	if n := len(*t); n > 0 && (*t)[n-1].Type == typ {
		(*t)[n-1].Value += s
		return
	}
	*t = append(*t, chroma.Token{Type: typ, Value: s})
}

// space adds the run of white space at s[i:] as one Text token and returns
// where it ends; every lexer here starts its switch with it.
func (t *tokens) space(s string, i int) int {
	j := i
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	t.add(chroma.Text, s[i:j])
	return j
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isIdent(c byte) bool {
	return isIdentStart(c) || '0' <= c && c <= '9' || c == '\'' || c == '-'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// lines splits s after each newline, keeping it.
func lines(s string) []string {
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return strings.SplitAfter(s, "\n")[:strings.Count(s, "\n")]
}

// lexConsole follows chroma's bash-session lexer: a line that starts with
// a prompt ("$", "#", "%", ">", optionally after "[user@host]") is a
// command; any other line is output.
func lexConsole(code string) []chroma.Token {
	var t tokens
	for _, line := range lines(code) {
		n := promptLen(line)
		if n == 0 {
			t.add(chroma.GenericOutput, line)
			continue
		}
		t.add(chroma.GenericPrompt, line[:n])
		sp := n
		for sp < len(line) && (line[sp] == ' ' || line[sp] == '\t') {
			sp++
		}
		t.add(chroma.Text, line[n:sp])
		shell(&t, line[sp:])
	}
	return t
}

// promptLen is the length of the prompt that starts line, or 0.
func promptLen(line string) int {
	i := 0
	if strings.HasPrefix(line, "[") {
		end := strings.IndexByte(line, ']')
		at := strings.IndexByte(line, '@')
		if end > 0 && at > 1 && at < end-1 && !strings.Contains(line[:end], "\n") {
			i = end + 1
			if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
		}
	}
	if i < len(line) && strings.IndexByte("#$%>", line[i]) >= 0 {
		return i + 1
	}
	return 0
}

func lexShell(code string) []chroma.Token {
	var t tokens
	if !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	shell(&t, code)
	return t
}

var shellKeywords = setOf("if", "fi", "else", "while", "do", "done", "for", "then", "return", "function", "case", "select", "continue", "until", "esac", "elif")

var shellBuiltins = setOf("alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete",
	"declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts",
	"hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd", "printf", "pushd", "pwd", "read",
	"readonly", "set", "shift", "shopt", "source", "suspend", "test", "time", "times", "trap", "true", "type",
	"typeset", "ulimit", "umask", "unalias", "unset", "wait")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// shell lexes shell code the way chroma's bash lexer does for the common
// constructs: keywords, builtins, strings, variables, comments, operators.
func shell(t *tokens, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i = t.space(s, i)
		case c == '#' && (i == 0 || isSpace(s[i-1])):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			t.add(chroma.CommentSingle, s[i:i+j])
			i += j
		case c == '"':
			i += shellString(t, s[i:])
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				j = len(s) - i - 2
			}
			t.add(chroma.LiteralStringSingle, s[i:i+j+2])
			i += j + 2
		case c == '`':
			t.add(chroma.LiteralStringBacktick, "`")
			i++
		case c == '$':
			j := i + 1
			switch {
			case j < len(s) && s[j] == '{':
				k := strings.IndexByte(s[j:], '}')
				if k < 0 {
					t.add(chroma.NameVariable, s[i:])
					i = len(s)
					continue
				}
				t.add(chroma.LiteralStringInterpol, "${")
				t.add(chroma.NameVariable, s[j+1:j+k])
				t.add(chroma.LiteralStringInterpol, "}")
				i = j + k + 1
				continue
			case j < len(s) && s[j] == '(':
				t.add(chroma.Keyword, "$(")
				i = j + 1
				continue
			case j < len(s) && (isIdentStart(s[j])):
				for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])) {
					j++
				}
			case j < len(s) && strings.IndexByte("0123456789#$?!_*@-", s[j]) >= 0:
				j++
			}
			if j == i+1 {
				t.add(chroma.Text, "$")
			} else {
				t.add(chroma.NameVariable, s[i:j])
			}
			i = j
		case c == '\\' && i+1 < len(s):
			t.add(chroma.LiteralStringEscape, s[i:i+2])
			i += 2
		case c == ';' || c == '|' || c == '&':
			if i+1 < len(s) && (c == '&' || c == '|') && s[i+1] == c {
				t.add(chroma.Operator, s[i:i+2])
				i += 2
				continue
			}
			t.add(chroma.Punctuation, s[i:i+1])
			i++
		case strings.IndexByte("[]{}()=", c) >= 0:
			t.add(chroma.Operator, s[i:i+1])
			i++
		default:
			j := i
			for j < len(s) && !isSpace(s[j]) && strings.IndexByte("=[]{}()$\"'`\\<&|;", s[j]) < 0 {
				j++
			}
			if j == i {
				j++
			}
			word := s[i:j]
			switch {
			case j < len(s) && s[j] == '=' && isWord(word):
				t.add(chroma.NameVariable, word)
			case shellKeywords[word] && (i == 0 || isSpace(s[i-1]) || s[i-1] == ';'):
				t.add(chroma.Keyword, word)
			case shellBuiltins[word] && (j == len(s) || isSpace(s[j]) || s[j] == ')' || s[j] == '`'):
				t.add(chroma.NameBuiltin, word)
			case allDigits(word) && (j == len(s) || s[j] == ' ' || s[j] == '\n'):
				t.add(chroma.LiteralNumber, word)
			default:
				t.add(chroma.Text, word)
			}
			i = j
		}
	}
}

// shellString lexes a "double-quoted" string at the start of s, with the
// variables in it.
func shellString(t *tokens, s string) int {
	t.add(chroma.LiteralStringDouble, `"`)
	i := 1
	for i < len(s) {
		switch c := s[i]; {
		case c == '"':
			t.add(chroma.LiteralStringDouble, `"`)
			return i + 1
		case c == '$' && i+1 < len(s) && (isIdentStart(s[i+1]) || s[i+1] == '{'):
			j := i + 1
			if s[j] == '{' {
				k := strings.IndexByte(s[j:], '}')
				if k < 0 {
					t.add(chroma.NameVariable, s[i:])
					return len(s)
				}
				t.add(chroma.LiteralStringInterpol, "${")
				t.add(chroma.NameVariable, s[j+1:j+k])
				t.add(chroma.LiteralStringInterpol, "}")
				i = j + k + 1
				continue
			}
			for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])) {
				j++
			}
			t.add(chroma.NameVariable, s[i:j])
			i = j
		default:
			j := i + 1
			if c == '\\' && j < len(s) {
				j++
			}
			for j < len(s) && s[j] != '"' && s[j] != '$' && s[j] != '\\' {
				j++
			}
			t.add(chroma.LiteralStringDouble, s[i:j])
			i = j
		}
	}
	return i
}

func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdentStart(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

var nixKeywords = setOf("inherit", "assert", "with", "then", "else", "rec", "if", "let", "in")

var nixBuiltins = setOf("dependencyClosure", "fetchTarball", "filterSource", "currentTime", "removeAttrs",
	"baseNameOf", "derivation", "toString", "builtins", "getAttr", "hasAttr", "getEnv", "isNull", "abort",
	"dirOf", "toXML", "map")

// lexNix follows chroma's Nix lexer.
func lexNix(code string) []chroma.Token {
	var t tokens
	nix(&t, code, false)
	return t
}

// nix lexes Nix code; inInterp stops at the "}" that closes a "${".
// It returns how much of s it consumed.
func nix(t *tokens, s string, inInterp bool) int {
	depth := 0
	i := 0
	for i < len(s) {
		c := s[i]
		rest := s[i:]
		switch {
		case isSpace(c):
			i = t.space(s, i)
		case c == '#':
			j := strings.IndexByte(rest, '\n')
			if j < 0 {
				j = len(rest)
			}
			t.add(chroma.CommentSingle, rest[:j])
			i += j
		case strings.HasPrefix(rest, "/*"):
			j := strings.Index(rest[2:], "*/")
			if j < 0 {
				j = len(rest) - 4
			}
			t.add(chroma.CommentMultiline, rest[:j+4])
			i += j + 4
		case c == '"':
			i += nixString(t, rest)
		case strings.HasPrefix(rest, "''"):
			i += nixIndented(t, rest)
		case c == '{':
			depth++
			t.add(chroma.Punctuation, "{")
			i++
		case c == '}':
			if inInterp && depth == 0 {
				return i
			}
			depth--
			t.add(chroma.Punctuation, "}")
			i++
		case c == '(' || c == ')' || c == '[' || c == ']' || c == ';' || c == ':':
			t.add(chroma.Punctuation, s[i:i+1])
			i++
		case c == ',':
			t.add(chroma.Operator, ",")
			i++
		case c == '<' && nixAngle(rest) > 0:
			n := nixAngle(rest)
			t.add(chroma.LiteralStringRegex, rest[:n])
			i += n
		case isIdentStart(c) || isDigit(c) || c == '.' || c == '-' || c == '~' || c == '/' || c == '+':
			n, typ := nixWord(rest, i > 0 && s[i-1] == ' ')
			if n == 0 {
				n, typ = 1, chroma.Operator
				if op := nixOperator(rest); op > 0 {
					n = op
				}
			}
			t.add(typ, rest[:n])
			i += n
		case strings.HasPrefix(rest, "${"):
			t.add(chroma.LiteralStringInterpol, "${")
			i += 2
			i += nix(t, s[i:], true)
			if i < len(s) {
				t.add(chroma.LiteralStringInterpol, "}")
				i++
			}
		default:
			n := nixOperator(rest)
			if n == 0 {
				t.add(chroma.Text, rest[:1])
				i++
				continue
			}
			t.add(chroma.Operator, rest[:n])
			i += n
		}
	}
	return i
}

// nixWord reads a keyword, name, number, URI or path at the start of s.
func nixWord(s string, afterSpace bool) (int, chroma.TokenType) {
	// A URI: scheme ":" then URI characters.
	if isIdentStart(s[0]) {
		j := 1
		for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j]) || s[j] == '+' || s[j] == '.' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] == ':' && j+1 < len(s) && isURIChar(s[j+1]) {
			k := j + 1
			for k < len(s) && isURIChar(s[k]) {
				k++
			}
			return k, chroma.LiteralStringDoc
		}
	}
	// A path: [chars]*(/chars)+, or ~/…
	j := 0
	for j < len(s) && isPathChar(s[j]) {
		j++
	}
	k := j
	if s[0] == '~' {
		k = 1
	}
	segs := 0
	for k < len(s) && s[k] == '/' && k+1 < len(s) && isPathChar(s[k+1]) {
		k++
		for k < len(s) && isPathChar(s[k]) {
			k++
		}
		segs++
	}
	if segs > 0 && (s[0] != '~' || j <= 1) {
		if s[0] == '~' && k < len(s) && s[k] == '/' {
			k++
		}
		return k, chroma.LiteralStringRegex
	}
	if s[0] == '~' || s[0] == '/' || s[0] == '+' {
		return 0, 0
	}
	// Numbers: -?digits, floats.
	d := 0
	if s[0] == '-' {
		d = 1
		if afterSpace && len(s) > 1 && s[1] == ' ' {
			return 0, 0
		}
	}
	if d < len(s) && (isDigit(s[d]) || s[d] == '.' && d+1 < len(s) && isDigit(s[d+1])) {
		e := d
		for e < len(s) && isDigit(s[e]) {
			e++
		}
		typ := chroma.LiteralNumberInteger
		if e < len(s) && s[e] == '.' && (e > d || e+1 < len(s) && isDigit(s[e+1])) {
			e++
			for e < len(s) && isDigit(s[e]) {
				e++
			}
			typ = chroma.LiteralNumberFloat
		}
		if e == len(s) || !isIdent(s[e]) {
			return e, typ
		}
	}
	if !isIdentStart(s[0]) {
		return 0, 0
	}
	e := 1
	for e < len(s) && isIdent(s[e]) {
		e++
	}
	w := s[:e]
	switch {
	case w == "import":
		return e, chroma.KeywordNamespace
	case nixKeywords[w]:
		return e, chroma.Keyword
	case w == "throw":
		return e, chroma.NameException
	case nixBuiltins[w]:
		return e, chroma.NameBuiltin
	case w == "true" || w == "false" || w == "null":
		return e, chroma.NameConstant
	}
	return e, chroma.Name
}

func isPathChar(c byte) bool {
	return isIdentStart(c) || isDigit(c) || c == '.' || c == '_' || c == '+' || c == '-'
}

func isURIChar(c byte) bool {
	return isIdentStart(c) || isDigit(c) || strings.IndexByte("%/?:@&=+$,_.!~*'-", c) >= 0
}

// nixAngle is the length of a <nixpkgs/path> search path, or 0.
func nixAngle(s string) int {
	j := 1
	for j < len(s) && (isPathChar(s[j]) || s[j] == '/') {
		j++
	}
	if j > 1 && j < len(s) && s[j] == '>' {
		return j + 1
	}
	return 0
}

var nixOps = []string{"&&", ">=", "<=", "++", "->", "!=", "||", "//", "==", "=", "@", "!", "+", "?", "<", ".", ">", "*", "-", "/"}

func nixOperator(s string) int {
	for _, op := range nixOps {
		if strings.HasPrefix(s, op) {
			return len(op)
		}
	}
	return 0
}

// nixString lexes a "double-quoted" string at the start of s.
func nixString(t *tokens, s string) int {
	t.add(chroma.LiteralStringDouble, `"`)
	i := 1
	for i < len(s) {
		switch {
		case s[i] == '"':
			t.add(chroma.LiteralStringDouble, `"`)
			return i + 1
		case s[i] == '\\' && i+1 < len(s):
			t.add(chroma.LiteralStringEscape, s[i:i+2])
			i += 2
		case strings.HasPrefix(s[i:], "${"):
			t.add(chroma.LiteralStringInterpol, "${")
			i += 2
			i += nix(t, s[i:], true)
			if i < len(s) {
				t.add(chroma.LiteralStringInterpol, "}")
				i++
			}
		default:
			j := i + 1
			for j < len(s) && s[j] != '"' && s[j] != '\\' && !strings.HasPrefix(s[j:], "${") {
				j++
			}
			t.add(chroma.LiteralStringDouble, s[i:j])
			i = j
		}
	}
	return i
}

// nixIndented lexes an ”indented string” at the start of s.
func nixIndented(t *tokens, s string) int {
	t.add(chroma.LiteralStringSingle, "''")
	i := 2
	for i < len(s) {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "''$") || strings.HasPrefix(rest, "'''"):
			t.add(chroma.LiteralStringEscape, rest[:3])
			i += 3
		case strings.HasPrefix(rest, "''\\") && len(rest) > 3:
			t.add(chroma.LiteralStringEscape, rest[:4])
			i += 4
		case strings.HasPrefix(rest, "''"):
			t.add(chroma.LiteralStringSingle, "''")
			return i + 2
		case strings.HasPrefix(rest, "${"):
			t.add(chroma.LiteralStringInterpol, "${")
			i += 2
			i += nix(t, s[i:], true)
			if i < len(s) {
				t.add(chroma.LiteralStringInterpol, "}")
				i++
			}
		default:
			j := i + 1
			for j < len(s) && s[j] != '\'' && s[j] != '$' {
				j++
			}
			t.add(chroma.LiteralStringSingle, s[i:j])
			i = j
		}
	}
	return i
}

// lexCaddyfile follows chroma's Caddyfile lexer for the common shapes:
// site labels, directives, matchers, placeholders, addresses, strings.
func lexCaddyfile(code string) []chroma.Token {
	var t tokens
	depth := 0
	for _, line := range lines(code) {
		first := true // next word is the line's first
		for i := 0; i < len(line); {
			c := line[i]
			rest := line[i:]
			switch {
			case isSpace(c):
				i = t.space(line, i)
			case c == '#' && (i == 0 || isSpace(line[i-1])):
				t.add(chroma.CommentSingle, rest)
				i = len(line)
			case c == '{' && (i+1 == len(line) || isSpace(line[i+1])):
				t.add(chroma.Punctuation, "{")
				depth++
				i++
			case c == '}':
				t.add(chroma.Punctuation, "}")
				depth = max(depth-1, 0)
				i++
			case c == '{':
				n := placeholderLen(rest)
				if n == 0 {
					n = 1
				}
				t.add(chroma.LiteralStringEscape, rest[:n])
				i += n
				first = false
			case depth == 0:
				j := i
				for j < len(line) && !isSpace(line[j]) && strings.IndexByte("#{(,", line[j]) < 0 {
					j++
				}
				if j == i {
					j = i + 1
				}
				switch {
				case c == ',':
					t.add(chroma.Text, ",")
					i++
				case c == '(':
					k := strings.IndexAny(rest, " \t\n")
					if k < 0 {
						k = len(rest)
					}
					t.add(chroma.NameVariableAnonymous, rest[:k])
					i += k
				case first && rest[:j-i] == "import":
					t.add(chroma.Keyword, "import")
					i = j
				default:
					t.add(chroma.GenericHeading, line[i:j])
					i = j
				}
				first = false
			case c == '"' || c == '`':
				j := i + 1
				for j < len(line) && line[j] != c {
					if line[j] == '\\' {
						j++
					}
					j++
				}
				j = min(j+1, len(line))
				typ := chroma.LiteralStringDouble
				if c == '`' {
					typ = chroma.LiteralStringBacktick
				}
				t.add(typ, line[i:j])
				i = j
				first = false
			default:
				j := i
				for j < len(line) && !isSpace(line[j]) && line[j] != '#' && line[j] != '{' {
					j++
				}
				if j == i {
					j = i + 1
				}
				w := line[i:j]
				switch {
				case first && c == '@':
					t.add(chroma.NameDecorator, w)
				case first:
					t.add(chroma.Keyword, w)
				case c == '@' || c == '*' && len(w) == 1:
					t.add(chroma.NameDecorator, w)
				default:
					caddyArg(&t, w)
				}
				i = j
				first = false
			}
		}
	}
	return t
}

// placeholderLen is the length of a {placeholder} at the start of s, or 0.
func placeholderLen(s string) int {
	for j := 1; j < len(s); j++ {
		c := s[j]
		if c == '}' {
			if j > 1 {
				return j + 1
			}
			return 0
		}
		if !(isIdentStart(c) || isDigit(c) || strings.IndexByte("+.[]:$-", c) >= 0) {
			return 0
		}
	}
	return 0
}

// caddyArg classifies a directive argument: host:port, a number with a
// unit, or a plain string.
func caddyArg(t *tokens, w string) {
	host := w
	scheme := ""
	if i := strings.Index(w, "://"); i > 0 && (w[:i] == "http" || w[:i] == "https") {
		scheme, host = w[:i+3], w[i+3:]
	}
	if c := strings.IndexByte(host, ':'); c > 0 {
		h, p := host[:c], host[c+1:]
		d := 0
		for d < len(p) && isDigit(p[d]) {
			d++
		}
		if d > 0 && isHostName(h) {
			t.add(chroma.Name, scheme+h)
			t.add(chroma.Punctuation, ":")
			t.add(chroma.LiteralNumberInteger, p[:d])
			t.add(chroma.Name, p[d:])
			return
		}
	}
	d := 0
	for d < len(w) && isDigit(w[d]) {
		d++
	}
	if d > 0 {
		switch w[d:] {
		case "", "s", "m", "h", "d", "k", "ns", "us", "µs", "ms":
			t.add(chroma.LiteralNumberInteger, w)
			return
		}
	}
	t.add(chroma.LiteralString, w)
}

func isHostName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || isDigit(c) || c == '.' || c == '-') {
			return false
		}
	}
	return s != ""
}
