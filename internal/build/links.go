package build

import (
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// Links is a goldmark extension that rewrites links and images between
// pages of the site ("./mini.md#orbstack", "../ops/bee.md", "diagram.png")
// to the built pages' relative URLs and reports the ones that lead
// nowhere: a missing page or file, a missing heading. It acts only on
// pages parsed with a link context (see withLinkContext); elsewhere it
// leaves links as written.
var Links goldmark.Extender = links{}

var linkContextKey = parser.NewContextKey()

// linkResolver answers, for the page being rendered, where a link written
// in it leads. It is implemented by the build's site index.
type linkResolver interface {
	// resolve returns the href to write for dest (written on page from),
	// or a diagnostic message and its severity when dest leads nowhere.
	resolve(from *Page, dest string) (href string, sev diag.Severity, msg, rule string)
}

// linkContext is the per-page state of the Links transformer.
type linkContext struct {
	page     *Page
	resolver linkResolver
	diags    diag.List
}

type links struct{}

func (links) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 300)))
}

type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lc, _ := pc.Get(linkContextKey).(*linkContext)
	if lc == nil {
		return
	}
	src := reader.Source()
	var lines []int
	// The page's links, as written, are recorded here rather than in pass
	// 1, which does not parse paragraphs.
	lc.page.Links = nil
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		_, image := n.(*ast.Image)
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		if lines == nil {
			lines = lineStarts(src)
		}
		pos := offsetPos(lc.page.Source, lines, inlineStart(n, src))
		lc.page.Links = append(lc.page.Links, Link{Dest: string(*dest), Pos: pos, Image: image})
		href, sev, msg, rule := lc.resolver.resolve(lc.page, string(*dest))
		if msg != "" {
			lc.diags = append(lc.diags, diag.Diagnostic{
				Pos:      pos,
				Severity: sev,
				Message:  msg,
				Rule:     rule,
			})
		}
		if href != "" {
			*dest = []byte(href)
		}
		return ast.WalkContinue, nil
	})
}

// isExternal reports whether dest names a scheme ("https:", "mailto:") or
// a host ("//example.com/"): links the build leaves alone.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			return true
		default:
			return false
		}
	}
	return false
}

// splitDest splits a link destination into its unescaped path, and its
// query and fragment as written ("?q" and "#frag", or "").
func splitDest(dest string) (p, query, frag string) {
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		dest, frag = dest[:i], dest[i:]
	}
	if i := strings.IndexByte(dest, '?'); i >= 0 {
		dest, query = dest[:i], dest[i:]
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	return dest, query, frag
}

// contentPath resolves a link path written on a page at pagePath (both
// relative to the content dir) to a content-relative path; a leading "/"
// means the content root. The result may start with "../": outside.
func contentPath(pagePath, p string) string {
	if strings.HasPrefix(p, "/") {
		return path.Clean(strings.TrimLeft(p, "/"))
	}
	return path.Join(path.Dir(pagePath), p)
}

// inlineStart returns the source offset of an inline link or image: the
// "[" (or "!") that opens it. Goldmark records no segment for links, so
// it is found from the first text inside (scanning back to the bracket),
// else from the text just before it, else the enclosing block's start.
func inlineStart(n ast.Node, src []byte) int {
	back := func(off int) int {
		for off > 0 && src[off-1] != '[' {
			off--
		}
		off = max(off-1, 0)
		if _, ok := n.(*ast.Image); ok && off > 0 && src[off-1] == '!' {
			off--
		}
		return off
	}
	if t := firstText(n); t != nil {
		return back(t.Segment.Start)
	}
	if prev, ok := n.PreviousSibling().(*ast.Text); ok {
		off := prev.Segment.Stop
		for off < len(src) && src[off] != '[' && src[off] != '!' {
			off++
		}
		return off
	}
	if next := firstTextAfter(n); next != nil {
		return back(next.Segment.Start)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

func firstText(n ast.Node) *ast.Text {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
		if t := firstText(c); t != nil {
			return t
		}
	}
	return nil
}

// firstTextAfter finds the first text node following n in its block; for
// an empty link text ("[](x.md)") the "](" lies between, which back()
// walks over to find "[".
func firstTextAfter(n ast.Node) *ast.Text {
	for s := n.NextSibling(); s != nil; s = s.NextSibling() {
		if t, ok := s.(*ast.Text); ok {
			return t
		}
	}
	return nil
}

// lineStarts returns the offset of the first byte of every line of src.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offsetPos converts a byte offset to a 1-based line and column.
func offsetPos(file string, starts []int, off int) facts.Pos {
	lo, hi := 0, len(starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return facts.Pos{File: file, Line: lo + 1, Col: off - starts[lo] + 1}
}

// suggest returns the candidate closest to s by edit distance, or "" if
// none is close enough to be a likely typo. Among three or fewer
// candidates the closest is always worth naming: the heading was likely
// renamed.
func suggest(s string, candidates []string) string {
	best, bestD := "", len(s)/3+1
	if len(candidates) <= 3 {
		bestD = len(s) + 1000
	}
	for _, c := range candidates {
		if d := facts.EditDistance(s, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
