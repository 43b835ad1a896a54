package build

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
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
