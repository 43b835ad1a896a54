package build

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// frontMatter is the metadata a page may declare at its top, in TOML
// between "+++" lines or in YAML between "---" lines.
type frontMatter struct {
	Title       string
	Description string
	Weight      int
	Draft       bool

	meta []metaText // where Title and Description stand in the page
}

// A metaText is a front matter value that states things about the page,
// as written there: the title and the description. Validation reads them
// as the page's first paragraph (see Meta), since the layout shows them.
type metaText struct {
	at   int // offset in the page
	text string
}

// metaTexts finds f's title and description in fm, the front matter text
// at offset fmAt of the page: on their key's line, written as they read.
// A value written with escapes ("a\tb") is not found, and not checked.
func metaTexts(fm []byte, fmAt int, f frontMatter) []metaText {
	var out []metaText
	for _, kv := range [2][2]string{{"title", f.Title}, {"description", f.Description}} {
		key, val := kv[0], kv[1]
		if strings.TrimSpace(val) == "" {
			continue
		}
		for off := 0; off < len(fm); {
			line, _, _ := bytes.Cut(fm[off:], []byte("\n"))
			if rest, ok := bytes.CutPrefix(line, []byte(key)); ok {
				rest = bytes.TrimLeft(rest, " \t")
				if len(rest) > 0 && (rest[0] == ':' || rest[0] == '=') {
					vat := len(line) - len(rest) + 1 // the value is after the ':' or '='
					if i := bytes.Index(line[vat:], []byte(val)); i >= 0 {
						out = append(out, metaText{fmAt + off + vat + i, val})
					}
					break
				}
			}
			off += len(line) + 1
		}
	}
	return out
}

// fmError is a front matter error at a line and column of the page.
type fmError struct {
	line, col int
	msg       string
}

func (e *fmError) Error() string { return e.msg }

// splitFrontMatter finds front matter at the top of src. It returns the
// front matter's text, the line its text starts on, and src with the
// front matter blanked out (newlines kept), so that Markdown offsets,
// lines and columns stay those of the file. ok is false when there is no
// front matter; an unclosed one is an error.
func splitFrontMatter(src []byte) (fm []byte, format string, firstLine int, body []byte, err error) {
	if rest, ok := bytes.CutPrefix(src, []byte("\ufeff")); ok {
		// A byte order mark (some Windows editors write one) is neither
		// front matter nor text: blank it, keeping offsets.
		fm, format, firstLine, body, err = splitFrontMatter(rest)
		b := make([]byte, len(src))
		copy(b, "   ")
		copy(b[3:], body)
		return fm, format, firstLine, b, err
	}
	var delim string
	switch {
	case bytes.HasPrefix(src, []byte("+++")):
		delim, format = "+++", "toml"
	case bytes.HasPrefix(src, []byte("---")):
		delim, format = "---", "yaml"
	default:
		return nil, "", 0, src, nil
	}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != delim {
		// "---" followed by text is a thematic break or a heading underline,
		// not front matter.
		return nil, "", 0, src, nil
	}
	start := len(first) + 1
	off := start
	for off <= len(src) {
		line, _, found := bytes.Cut(src[off:], []byte("\n"))
		if string(bytes.TrimRight(line, " \t\r")) == delim {
			end := off + len(line)
			fm = src[start:off]
			body = make([]byte, len(src))
			copy(body, src)
			for i := 0; i < end; i++ {
				if body[i] != '\n' {
					body[i] = ' '
				}
			}
			return fm, format, 2, body, nil
		}
		if !found {
			break
		}
		off += len(line) + 1
	}
	return nil, format, 0, src, &fmError{line: 1, col: 1, msg: "front matter opened with " + delim + " is never closed"}
}

// parseFrontMatter decodes front matter text (format "toml" or "yaml")
// whose first line is line firstLine of the page.
func parseFrontMatter(fm []byte, format string, firstLine int) (frontMatter, error) {
	if format == "toml" {
		return parseTOMLFrontMatter(fm, firstLine)
	}
	return parseYAMLFrontMatter(fm, firstLine)
}

var frontMatterKeys = "title, description, weight, draft"

func parseTOMLFrontMatter(fm []byte, firstLine int) (frontMatter, error) {
	var f frontMatter
	var raw map[string]any
	if _, err := toml.Decode(string(fm), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return f, &fmError{line: firstLine + pe.Position.Line - 1, col: pe.Position.Col, msg: "front matter: " + pe.Message}
		}
		return f, &fmError{line: firstLine, col: 1, msg: "front matter: " + err.Error()}
	}
	// Report problems at the key's line: find it by a simple scan, TOML
	// front matter being flat.
	at := func(key string) (int, int) {
		for i, l := range strings.Split(string(fm), "\n") {
			t := strings.TrimLeft(l, " \t")
			if rest, ok := strings.CutPrefix(t, key); ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=") {
				return firstLine + i, len(l) - len(t) + 1
			}
		}
		return firstLine, 1
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		v := raw[k]
		var ok bool
		switch k {
		case "title":
			f.Title, ok = v.(string)
		case "description":
			f.Description, ok = v.(string)
		case "weight":
			var n int64
			n, ok = v.(int64)
			f.Weight = int(n)
		case "draft":
			f.Draft, ok = v.(bool)
		default:
			l, c := at(k)
			return f, &fmError{line: l, col: c, msg: fmt.Sprintf("front matter: unknown key %q (known: %s)", k, frontMatterKeys)}
		}
		if !ok {
			l, c := at(k)
			return f, &fmError{line: l, col: c, msg: fmt.Sprintf("front matter: %s must be %s", k, keyType(k))}
		}
	}
	return f, nil
}

func keyType(k string) string {
	switch k {
	case "weight":
		return "an integer"
	case "draft":
		return "true or false"
	}
	return "a string"
}

// parseYAMLFrontMatter reads the flat subset of YAML that front matter
// needs: "key: value" lines, values plain, 'single' or "double" quoted,
// comments and blank lines. Anything else (nesting, lists, anchors,
// multi-line strings) is an error rather than a guess, so docsite needs no
// YAML library.
func parseYAMLFrontMatter(fm []byte, firstLine int) (frontMatter, error) {
	var f frontMatter
	seen := map[string]bool{}
	for i, line := range strings.Split(string(fm), "\n") {
		ln := firstLine + i
		line = strings.TrimRight(line, " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if trimmed != line {
			return f, &fmError{line: ln, col: 1, msg: "front matter: indented line: only flat key: value pairs are supported"}
		}
		colon := strings.Index(line, ":")
		if colon < 0 {
			return f, &fmError{line: ln, col: 1, msg: "front matter: expected key: value"}
		}
		key := line[:colon]
		if strings.HasPrefix(key, "-") {
			return f, &fmError{line: ln, col: 1, msg: "front matter: lists are not supported, only flat key: value pairs"}
		}
		for j, r := range key {
			if !(r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
				return f, &fmError{line: ln, col: j + 1, msg: fmt.Sprintf("front matter: unexpected %q in key", r)}
			}
		}
		if seen[key] {
			return f, &fmError{line: ln, col: 1, msg: fmt.Sprintf("front matter: %s is set twice", key)}
		}
		seen[key] = true
		vcol := colon + 2 // 1-based column just after the colon, then past the blanks
		raw := line[colon+1:]
		if raw != "" && raw[0] != ' ' && raw[0] != '\t' {
			return f, &fmError{line: ln, col: colon + 2, msg: "front matter: expected a space after the colon"}
		}
		vcol += len(raw) - len(strings.TrimLeft(raw, " \t"))
		raw = strings.TrimLeft(raw, " \t")
		val, quoted, err := yamlScalar(raw)
		if err != nil {
			return f, &fmError{line: ln, col: vcol + err.(*fmError).col - 1, msg: "front matter: " + err.Error()}
		}
		bad := func(what string) error {
			return &fmError{line: ln, col: vcol, msg: fmt.Sprintf("front matter: %s must be %s, not %q", key, what, val)}
		}
		switch key {
		case "title", "description":
			if !quoted && val != "" && strings.ContainsAny(val[:1], "[{&*!|>%@`") {
				return f, &fmError{line: ln, col: vcol, msg: fmt.Sprintf("front matter: %s: quote a value that starts with %q", key, val[:1])}
			}
			if key == "title" {
				f.Title = val
			} else {
				f.Description = val
			}
		case "weight":
			n, err := strconv.Atoi(val)
			if err != nil || quoted {
				return f, bad("an integer")
			}
			f.Weight = n
		case "draft":
			switch {
			case !quoted && val == "true":
				f.Draft = true
			case !quoted && val == "false":
				f.Draft = false
			default:
				return f, bad("true or false")
			}
		default:
			return f, &fmError{line: ln, col: 1, msg: fmt.Sprintf("front matter: unknown key %q (known: %s)", key, frontMatterKeys)}
		}
	}
	return f, nil
}

// yamlScalar reads a plain, single- or double-quoted scalar, with an
// optional trailing comment.
func yamlScalar(s string) (val string, quoted bool, err error) {
	if s == "" {
		return "", false, nil
	}
	switch s[0] {
	case '"':
		end := 1
		for end < len(s) && s[end] != '"' {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(s) {
			return "", true, &fmError{col: 1, msg: "unterminated double-quoted string"}
		}
		v, uerr := strconv.Unquote(s[:end+1])
		if uerr != nil {
			return "", true, &fmError{col: 1, msg: "bad escape in double-quoted string"}
		}
		if err := trailing(s[end+1:], end+2); err != nil {
			return "", true, err
		}
		return v, true, nil
	case '\'':
		var b strings.Builder
		i := 1
		for ; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(s[i])
		}
		if i >= len(s) {
			return "", true, &fmError{col: 1, msg: "unterminated single-quoted string"}
		}
		if err := trailing(s[i+1:], i+2); err != nil {
			return "", true, err
		}
		return b.String(), true, nil
	case '|', '>':
		return "", false, &fmError{col: 1, msg: "multi-line strings are not supported"}
	case '[', '{':
		return "", false, &fmError{col: 1, msg: "lists and maps are not supported, only flat key: value pairs"}
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimRight(s[:i], " \t")
	}
	return s, false, nil
}

// trailing accepts what may follow a quoted scalar: spaces and a comment.
func trailing(s string, col int) error {
	t := strings.TrimLeft(s, " \t")
	if t == "" || strings.HasPrefix(t, "#") && t != s {
		return nil
	}
	return &fmError{col: col, msg: "unexpected text after the quoted string"}
}

// KindMeta is the kind of Meta nodes.
var KindMeta = ast.NewNodeKind("Meta")

// Meta is a block the build puts first in a page's AST while PageHook
// and MarkClaims see it, and takes out before rendering: its child is a
// Text node over the title or the description in the front matter, so
// that what reads the AST for facts reads those too ("title: bee at
// 192.168.50.3" is shown on the page like any heading).
type Meta struct{ ast.BaseBlock }

func (n *Meta) Kind() ast.NodeKind { return KindMeta }

func (n *Meta) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// addMeta puts a Meta node for each of meta first in doc (one each, so
// the title and the description are apart as two headings would be) and
// returns them. body is the page with its front matter blanked; the
// values' bytes are written back, as the nodes' segments point at them
// (nothing renders that part of body).
func addMeta(doc ast.Node, body []byte, meta []metaText) []ast.Node {
	var added []ast.Node
	first := doc.FirstChild()
	for _, t := range meta {
		if t.at+len(t.text) > len(body) {
			continue
		}
		copy(body[t.at:], t.text)
		m := &Meta{}
		m.AppendChild(m, ast.NewTextSegment(text.NewSegment(t.at, t.at+len(t.text))))
		if first != nil {
			doc.InsertBefore(doc, first, m)
		} else {
			doc.AppendChild(doc, m)
		}
		added = append(added, m)
	}
	return added
}
