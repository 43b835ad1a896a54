package build

import (
	"slices"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Span is a byte range [Start, End) of a page's source (offsets in the
// file) that states a fact, as Options.MarkClaims returns them.
type Span struct {
	Start, End int
}

// kindClaim is the node kind of a marked claim.
var kindClaim = ast.NewNodeKind("Claim")

// claimNode wraps the inline content that states a claim. It renders as
// <span class="ds-claim" data-claim="LINE:COL">…</span>, the claim's
// position in the Markdown source, so the dev server's overlay can mark
// stale and verified facts without rendering the page again.
type claimNode struct {
	ast.BaseInline
	pos string // "line:col"
}

func (n *claimNode) Kind() ast.NodeKind { return kindClaim }

func (n *claimNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Pos": n.pos}, nil)
}

// claimMarks is the goldmark extension that renders claimNodes; the nodes
// are put in the AST by markClaims.
var claimMarks goldmark.Extender = claimExt{}

type claimExt struct{}

func (claimExt) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(claimRenderer{}, 100)))
}

type claimRenderer struct{}

func (claimRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindClaim, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<span class="ds-claim" data-claim="` + n.(*claimNode).pos + `">`)
		} else {
			w.WriteString("</span>")
		}
		return ast.WalkContinue, nil
	})
}

// markClaims wraps the spans of doc's source in claim nodes where that is
// cheap: a span inside one text node splits it; a span inside a code span
// wraps the code span. Spans across markup are left unmarked.
func markClaims(doc ast.Node, src []byte, spans []Span) {
	if len(spans) == 0 {
		return
	}
	spans = slices.Clone(spans)
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	starts := lineStarts(src)
	pos := func(off int) string {
		p := offsetPos("", starts, off)
		return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
	}
	// Text nodes in source order, with the spans each holds.
	type hit struct {
		t     *ast.Text
		spans []Span
	}
	var hits []*hit
	i := 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || i >= len(spans) {
			return ast.WalkContinue, nil
		}
		t, ok := n.(*ast.Text)
		if !ok {
			return ast.WalkContinue, nil
		}
		seg := t.Segment
		for i < len(spans) && spans[i].Start < seg.Start {
			i++ // starts before this text: across markup, or already passed
		}
		var h *hit
		for i < len(spans) && spans[i].Start < seg.Stop {
			if spans[i].End <= seg.Stop && spans[i].End > spans[i].Start {
				if h == nil {
					h = &hit{t: t}
					hits = append(hits, h)
				}
				if last := len(h.spans) - 1; last < 0 || h.spans[last].End <= spans[i].Start {
					h.spans = append(h.spans, spans[i])
				}
			}
			i++
		}
		return ast.WalkContinue, nil
	})
	wrapped := map[ast.Node]bool{}
	for _, h := range hits {
		t := h.t
		parent := t.Parent()
		if cs, ok := parent.(*ast.CodeSpan); ok {
			if !wrapped[cs] {
				wrapped[cs] = true
				c := &claimNode{pos: pos(h.spans[0].Start)}
				cs.Parent().ReplaceChild(cs.Parent(), cs, c)
				c.AppendChild(c, cs)
			}
			continue
		}
		// Split the text: before, claim, between, claim, …, after.
		seg := t.Segment
		at := seg.Start
		var nodes []ast.Node
		piece := func(start, stop int) *ast.Text {
			n := ast.NewTextSegment(text.NewSegment(start, stop))
			n.SetRaw(t.IsRaw())
			return n
		}
		for _, s := range h.spans {
			if s.Start > at {
				nodes = append(nodes, piece(at, s.Start))
			}
			c := &claimNode{pos: pos(s.Start)}
			c.AppendChild(c, piece(s.Start, s.End))
			nodes = append(nodes, c)
			at = s.End
		}
		if at < seg.Stop || len(nodes) == 0 {
			nodes = append(nodes, piece(at, seg.Stop))
		}
		// Line breaks belong after the last piece.
		if last, ok := nodes[len(nodes)-1].(*ast.Text); ok {
			last.SetSoftLineBreak(t.SoftLineBreak())
			last.SetHardLineBreak(t.HardLineBreak())
		} else if t.SoftLineBreak() || t.HardLineBreak() {
			tail := piece(seg.Stop, seg.Stop)
			tail.SetSoftLineBreak(t.SoftLineBreak())
			tail.SetHardLineBreak(t.HardLineBreak())
			nodes = append(nodes, tail)
		}
		for _, n := range nodes {
			parent.InsertBefore(parent, t, n)
		}
		parent.RemoveChild(parent, t)
	}
}
