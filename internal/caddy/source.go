package caddy

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/docsite/docsite/internal/facts"
)

// maxSize is the largest text read; a bigger one is reported unreadable
// (a Caddyfile that size is a mistake, not a config).
const maxSize = 8 << 20

// A source is one text the tokens come from: a Caddyfile, a file it
// imports, or Caddy text embedded in a .nix file.
type source struct {
	name  string
	text  string
	lines []int // byte offset where each line starts
	doc   *facts.Doc
}

func newSource(name, text string, doc *facts.Doc) *source {
	s := &source{name: name, text: text, lines: []int{0}, doc: doc}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// pos turns a byte offset into a file position, through the Doc's line
// map when the text is embedded in another file.
func (s *source) pos(off int) facts.Pos {
	line := max(1, sortSearch(s.lines, off))
	col := off - s.lines[line-1] + 1
	return s.lineCol(line, col)
}

func (s *source) lineCol(line, col int) facts.Pos {
	if s.doc != nil {
		return s.doc.Map(line, col)
	}
	return facts.Pos{File: s.name, Line: line, Col: col}
}

// line returns the text of 1-based line n without its newline.
func (s *source) line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	start, end := s.lines[n-1], len(s.text)
	if n < len(s.lines) {
		end = s.lines[n] - 1
	}
	return strings.TrimSuffix(s.text[start:end], "\r")
}

// sortSearch returns how many line starts are <= off, i.e. the 1-based line.
func sortSearch(lines []int, off int) int {
	lo, hi := 0, len(lines)
	for lo < hi {
		m := (lo + hi) / 2
		if lines[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// checkText rejects inputs that are not Caddyfile text: encrypted blobs,
// binary files and invalid UTF-8, at the position of the first bad byte.
func checkText(s *source) error {
	t := s.text
	if strings.HasPrefix(t, "\x00GITCRYPT") {
		return facts.Errorf(s.pos(0), "git-crypt encrypted file")
	}
	if len(t) > maxSize {
		return facts.Errorf(s.pos(0), "file larger than %d bytes", maxSize)
	}
	if i := strings.IndexByte(t, 0); i >= 0 {
		return facts.Errorf(s.pos(i), "binary file (NUL byte)")
	}
	if !utf8.ValidString(t) {
		for i := 0; i < len(t); {
			r, n := utf8.DecodeRuneInString(t[i:])
			if r == utf8.RuneError && n == 1 {
				return facts.Errorf(s.pos(i), "invalid UTF-8")
			}
			i += n
		}
	}
	return nil
}

// A token is a Caddy token with its exact source position.
type token struct {
	text  string
	raw   string // the source bytes, quotes included
	off   int    // byte offset of raw in src.text
	src   *source
	quote bool        // quoted, backquoted or heredoc: never structure
	nl    bool        // first token of a logical line
	via   *importLink // the imports that brought the token here, innermost first
}

// An importLink is one step of an import chain, kept to refuse cycles.
type importLink struct {
	name   string // snippet name or file path
	parent *importLink
	depth  int
}

func (l *importLink) has(name string) bool {
	for ; l != nil; l = l.parent {
		if l.name == name {
			return true
		}
	}
	return false
}

func (t token) pos() facts.Pos { return t.src.pos(t.off) }

// line is the 1-based line of the token in its own source text.
func (t token) line() int { return max(1, sortSearch(t.src.lines, t.off)) }

// posAt is the position of byte i of the raw token text.
func (t token) posAt(i int) facts.Pos {
	if i < 0 || i > len(t.raw) {
		i = 0
	}
	return t.src.pos(t.off + i)
}

func (t token) isOpen() bool  { return t.text == "{" && !t.quote }
func (t token) isClose() bool { return t.text == "}" && !t.quote }

var (
	lineNumRE = regexp.MustCompile(`line #?(\d+)`)
	heredocRE = regexp.MustCompile(`incomplete heredoc (<<[A-Za-z0-9_-]+)`)
)

// lex tokenizes src with Caddy's own lexer (which, unlike caddyfile.Parse,
// does not expand {$ENV} variables) and finds where each token starts,
// since Caddy tokens carry a line but no column.
func lex(src *source) ([]token, error) {
	ctoks, err := caddyfile.Tokenize([]byte(src.text), src.name)
	if err != nil {
		line := 1
		if m := lineNumRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := err.Error()
		if i := strings.Index(msg, " on line #"); i >= 0 {
			msg = msg[:i] + msg[i+len(" on line #")+len(strconv.Itoa(line)):]
		}
		pos := src.lineCol(line, 1)
		// An unterminated heredoc is reported where it ends (EOF); point
		// at its opening <<MARKER instead, which is what needs fixing.
		if m := heredocRE.FindStringSubmatch(msg); m != nil {
			if i := strings.Index(src.text, m[1]+"\n"); i >= 0 {
				pos = src.pos(i)
			} else if i := strings.Index(src.text, m[1]+"\r\n"); i >= 0 {
				pos = src.pos(i)
			}
		}
		return nil, facts.Errorf(pos, "%s", msg)
	}
	spans := scanSpans(src.text)
	exact := len(spans) == len(ctoks)
	if exact {
		for i, ct := range ctoks {
			raw := src.text[spans[i][0]:spans[i][1]]
			if strings.Contains(raw, "\r") {
				raw = strings.ReplaceAll(raw, "\r", "") // Caddy drops CRs, even inside words
			}
			if !ct.Quoted() && raw != ct.Text && !strings.Contains(raw, `\`) && !strings.HasPrefix(raw, `"`) && !strings.HasPrefix(raw, "`") {
				exact = false // our scanner and Caddy's lexer disagree
				break
			}
		}
	}
	toks := make([]token, len(ctoks))
	prevEnd := 0 // fallback: where the search for the next token starts
	for i, ct := range ctoks {
		t := token{text: ct.Text, src: src, quote: ct.Quoted()}
		if exact {
			t.off, t.raw = spans[i][0], src.text[spans[i][0]:spans[i][1]]
		} else {
			// Our scanner and Caddy's lexer disagree on some odd escape:
			// find each token's text after the one before, nearby.
			t.off, t.raw = prevEnd, ct.Text
			window := src.text[prevEnd:min(len(src.text), prevEnd+len(ct.Text)+4096)]
			if j := strings.Index(window, ct.Text); j >= 0 && ct.Text != "" {
				t.off = prevEnd + j
				prevEnd = t.off + len(ct.Text)
			}
		}
		if i == 0 {
			t.nl = true
		} else {
			p := ctoks[i-1]
			t.nl = p.Line+p.NumLineBreaks() < ct.Line
		}
		toks[i] = t
	}
	return toks, nil
}

// scanSpans mirrors the token boundaries of Caddy's lexer (lexer.go):
// whitespace separates tokens, '#' at a token start comments out the rest
// of the line, "…" and `…` quote, <<MARKER starts a heredoc, and a
// backslash before a newline continues the line.
func scanSpans(s string) [][2]int {
	var out [][2]int
	i := 0
	if strings.HasPrefix(s, "\uFEFF") {
		i = len("\uFEFF")
	}
	pending := -1 // a backslash before a space escapes the next token
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' && i+1 == len(s):
			return out // Caddy drops a lone backslash at the end
		case r == '\\' && strings.HasPrefix(s[i+1:], "\n"):
			i += 2
			pending = -1
			continue
		case r == '\\' && strings.HasPrefix(s[i+1:], "\r\n"):
			i += 3
			pending = -1
			continue
		case r == '\\' && pending < 0 && isSpaceNotNL(s[i+1:]):
			pending = i
			i++
			continue
		case unicode.IsSpace(r):
			if r == '\n' {
				pending = -1 // the escape was spent on the newline
			}
			i += n
			continue
		case r == '#':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return out
			}
			i += j
			continue
		}
		start := i
		if pending >= 0 {
			start, pending = pending, -1
		}
		switch r {
		case '"':
			j, closed := i+1, false
			for j < len(s) {
				if s[j] == '\\' {
					j += 2
					continue
				}
				j++
				if s[j-1] == '"' {
					closed = true
					break
				}
			}
			i = min(j, len(s))
			if rest := s[start+1:]; !closed && (rest == "" || rest == `\`) {
				continue // Caddy makes no token of a bare quote at the end
			}
		case '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				i = len(s)
				if start+1 == len(s) {
					continue
				}
			} else {
				i += j + 2
			}
		default:
			if !strings.HasPrefix(s[i:], "<<") {
				j := i
				for j < len(s) {
					r, n := utf8.DecodeRuneInString(s[j:])
					if unicode.IsSpace(r) && r != '\r' { // Caddy skips CRs, even inside words
						break
					}
					j += n
				}
				i = j
				break
			}
			// After "<<" Caddy's lexer ends a word only at a space or a
			// newline (it drops '\r'); a newline makes it a heredoc whose
			// body runs to the first occurrence of the marker.
			j := i + 2
			for j < len(s) && s[j] != ' ' && s[j] != '\n' {
				j++
			}
			marker := strings.ReplaceAll(s[i+2:j], "\r", "")
			i = j
			if j < len(s) && s[j] == '\n' && marker != "" {
				if k := strings.Index(s[j+1:], marker); k >= 0 {
					i = j + 1 + k + len(marker)
				} else if i = len(s); j+1 == len(s) {
					continue // an empty heredoc at the end: no token
				}
			}
		}
		out = append(out, [2]int{start, i})
	}
	return out
}

func isSpaceNotNL(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != '\n' && r != utf8.RuneError && unicode.IsSpace(r)
}

// commentAbove returns the comment lines directly above line n (no blank
// line between), joined, or "". A comment that starts on the first line
// of a file is the file's header, about all of it, so it does not count.
func (s *source) commentAbove(n int) string {
	var parts []string
	l := n - 1
	for ; l >= 1; l-- {
		t := strings.TrimSpace(s.line(l))
		if !strings.HasPrefix(t, "#") {
			break
		}
		parts = append(parts, strings.TrimLeft(t, "# "))
	}
	if l == 0 && s.doc == nil {
		return ""
	}
	var b bytes.Buffer
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

// commentAfterLine returns the "# …" comment at the end of the line t
// stands on, or "". Quoted text is skipped, since '#' inside quotes is no
// comment.
func (s *source) commentAfterLine(t token) string {
	end := strings.IndexByte(s.text[t.off:], '\n')
	if end < 0 {
		end = len(s.text) - t.off
	}
	rest := s.text[t.off : t.off+end]
	var quote byte
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '`':
			if i == 0 || rest[i-1] == ' ' || rest[i-1] == '\t' {
				quote = c
			}
		case c == '#' && i > 0 && (rest[i-1] == ' ' || rest[i-1] == '\t'):
			return strings.TrimSpace(rest[i+1:])
		}
	}
	return ""
}
