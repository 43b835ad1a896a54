package build

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// NewMarkdown returns the goldmark instance docsite renders pages with:
// GFM (tables, task lists, strikethrough, autolinks), footnotes,
// definition lists, GitHub alerts, GitHub heading ids with anchor links,
// chroma-highlighted code blocks, and link rewriting (active only when a
// page's link context is in the parser context; see Builder). Raw HTML is
// dropped unless unsafeHTML.
//
// The instance is safe for concurrent use: goldmark builds its parser and
// renderer once, and every extension here keeps per-page state in the
// parser.Context or on the stack.
func NewMarkdown(unsafeHTML bool) goldmark.Markdown {
	var ropts []goldmark.Option
	if unsafeHTML {
		ropts = append(ropts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(append(ropts,
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			HeadingIDs,
			Alerts,
			CodeBlocks,
			Links,
			claimMarks,
		))...)
}

// outliner is the parser of pass 1, which wants a page's headings and
// nothing else: NewMarkdown's, except that the inline content of
// paragraphs is not parsed. Pass 1 is then about half as expensive, and
// its headings, ids and titles are the same as NewMarkdown's
// (TestOutlineParser, FuzzOutlineParser): headings are parsed in full,
// with the link reference definitions of the page, and every block stays
// in its place. A page with footnotes is parsed in full: which footnotes
// are shown, and where their headings go, depends on the references in
// its paragraphs.
type outliner struct {
	full, headings parser.Parser
}

func newOutliner(unsafeHTML bool) outliner {
	md := NewMarkdown(unsafeHTML)
	md.Parser().AddOptions(parser.WithParagraphTransformers(util.Prioritized(skipInline{}, 1<<20)))
	return outliner{full: NewMarkdown(unsafeHTML).Parser(), headings: md.Parser()}
}

func (o outliner) parse(body []byte) ast.Node {
	if bytes.Contains(body, []byte("[^")) {
		return o.full.Parse(text.NewReader(body))
	}
	return o.headings.Parse(text.NewReader(body))
}

// skipInline runs after every other paragraph transformer (link
// reference definitions, tables) and empties the paragraph, so the
// inline parser finds nothing to do. It leaves alone a paragraph that
// the line being read may take over: a setext heading ("Title"
// over "===") or a definition list's term (": definition").
type skipInline struct{}

func (skipInline) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	line, _ := reader.PeekLine()
	line = bytes.TrimSpace(line)
	if len(line) > 0 && (line[0] == ':' || len(bytes.Trim(line, "=-")) == 0) {
		return
	}
	if node.Lines().Len() == 0 {
		return
	}
	// One empty line rather than none: goldmark drops a paragraph without
	// lines, and the page's first block must stay what it is.
	at := node.Lines().At(0).Start
	empty := text.NewSegments()
	empty.Append(text.NewSegment(at, at))
	node.SetLines(empty)
}
