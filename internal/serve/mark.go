package serve

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/validate"
)

// markClaims tags the claims of a page in its AST, before rendering, so
// the live script can find them by data-claim="LINE:COL" and mark them
// with their verdicts from findings.json, with no re-render when only a
// verdict changes. Cheap cases only, as the contract allows: a claim in
// inline code tags its <code> element; a claim in plain text is wrapped
// in an <em class="ds-claim"> (goldmark renders no bare span, and an
// emphasis node keeps the search text clean; the overlay CSS resets its
// style). Claims in code blocks and raw HTML stay unmarked.
func markClaims(doc ast.Node, claims []validate.Claim) {
	if len(claims) == 0 {
		return
	}
	type wrap struct {
		n     *ast.Text
		start int
		end   int
		at    string
	}
	var wraps []wrap
	at := func(c validate.Claim) string { return strconv.Itoa(c.Pos.Line) + ":" + strconv.Itoa(c.Pos.Col) }
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			start, stop := -1, -1
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if start < 0 {
						start = t.Segment.Start
					}
					stop = t.Segment.Stop
				}
			}
			for _, c := range claims {
				if c.Kind != facts.Invalid && c.Offset >= start && c.Offset < stop {
					n.SetAttributeString("class", "ds-claim")
					n.SetAttributeString("data-claim", at(c))
					break
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			seg := n.Segment
			for _, c := range claims {
				end := c.Offset + len(c.Raw)
				if c.Kind == facts.Invalid || c.Offset < seg.Start || end > seg.Stop {
					continue
				}
				wraps = append(wraps, wrap{n, c.Offset, end, at(c)})
			}
		}
		return ast.WalkContinue, nil
	})
	// Split the text nodes after the walk, so the walk never sees a tree
	// that changes under it. Several claims in one node: split back to
	// front so earlier offsets stay in the remaining head node.
	for i := len(wraps) - 1; i >= 0; i-- {
		w := wraps[i]
		if i+1 < len(wraps) && wraps[i+1].n == w.n && w.end > wraps[i+1].start {
			continue // overlaps the next claim in this node
		}
		t := w.n
		parent := t.Parent()
		if parent == nil {
			continue
		}
		seg := t.Segment
		tail := ast.NewTextSegment(text.NewSegment(w.end, seg.Stop))
		tail.SetSoftLineBreak(t.SoftLineBreak())
		tail.SetHardLineBreak(t.HardLineBreak())
		tail.SetRaw(t.IsRaw())
		mid := ast.NewTextSegment(text.NewSegment(w.start, w.end))
		mid.SetRaw(t.IsRaw())
		em := ast.NewEmphasis(1)
		em.SetAttributeString("class", "ds-claim")
		em.SetAttributeString("data-claim", w.at)
		em.AppendChild(em, mid)
		t.Segment = text.NewSegment(seg.Start, w.start)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		parent.InsertAfter(parent, t, em)
		if tail.Segment.Len() > 0 || tail.SoftLineBreak() || tail.HardLineBreak() {
			parent.InsertAfter(parent, em, tail)
		}
	}
}
