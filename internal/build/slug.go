package build

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Slug computes a heading id the way GitHub does, so that links written
// for GitHub ("mini.md#orbstack-vm-network-limitations") keep working:
// lower-case the text, drop every character that is not a letter, mark,
// number, connector punctuation ("_"), hyphen or space, then turn each
// space into a hyphen. "IP & Ports: 10.0.0.5:8080" → "ip--ports-100058080".
func Slug(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slugger hands out unique ids within one page: the second "Setup"
// heading is "setup-1", the third "setup-2", as on GitHub.
type slugger map[string]int

func (s slugger) unique(base string) string {
	// github-slugger's loop, verbatim.
	id := base
	for {
		if _, taken := s[id]; !taken {
			break
		}
		s[base]++
		id = base + "-" + strconv.Itoa(s[base])
	}
	s[id] = 0
	return id
}

// plainText returns the text of n's inline content as a reader sees it:
// emphasis markers and link destinations dropped, code spans kept.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	appendText(&b, n, src)
	return b.String()
}

func appendText(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			// Tags are not text; GitHub drops them from ids too.
		case *ast.AutoLink:
			b.Write(c.Label(src))
		default:
			appendText(b, c, src)
		}
	}
}
