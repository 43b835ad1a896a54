package build

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HeadingIDs is a goldmark extension that gives every heading the id
// GitHub would (see Slug) and renders a hover anchor link in it:
//
//	<h2 id="ports">Ports<a class="ds-anchor" href="#ports" aria-label="Link to this section">#</a></h2>
//
// Ids are computed from the heading's text as rendered (code spans kept,
// emphasis markers and link destinations dropped), not its Markdown.
var HeadingIDs goldmark.Extender = headingIDs{}

type headingIDs struct{}

func (headingIDs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 100)))
}

type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	ids := slugger{}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		walkHeadings(n, src, ids)
	}
}

// walkHeadings visits blocks only: headings inside block quotes and list
// items get ids too, as on GitHub.
func walkHeadings(n ast.Node, src []byte, ids slugger) {
	if h, ok := n.(*ast.Heading); ok {
		base := Slug(plainText(h, src))
		if base == "" {
			base = "heading"
		}
		h.SetAttributeString("id", []byte(ids.unique(base)))
		return
	}
	if n.Type() != ast.TypeBlock {
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		walkHeadings(c, src, ids)
	}
}

type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering {
		w.WriteString("<h")
		w.WriteByte("0123456"[n.Level])
		html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		w.WriteString(`<a class="ds-anchor" href="#`)
		w.Write(util.EscapeHTML(id.([]byte)))
		w.WriteString(`" aria-label="Link to this section">#</a>`)
	}
	w.WriteString("</h")
	w.WriteByte("0123456"[n.Level])
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}
