package validate

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// parseMD parses a page the way the build does (without alerts, which are
// the build's own extension).
func parseMD(src []byte) ast.Node {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList))
	return md.Parser().Parse(text.NewReader(src))
}
