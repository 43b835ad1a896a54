package build

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Alerts is a goldmark extension for GitHub's alert syntax: a block quote
// whose first line is [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or
// [!CAUTION] becomes a callout:
//
//	<div class="ds-alert ds-alert-note" role="note">
//	<p class="ds-alert-title">Note</p>
//	…
//	</div>
var Alerts goldmark.Extender = alerts{}

// KindAlert is the node kind of an Alert.
var KindAlert = ast.NewNodeKind("Alert")

// Alert is a GitHub alert block; its children are the block quote's.
type Alert struct {
	ast.BaseBlock
	// AlertType is the lower-case type: "note", "tip", "important",
	// "warning" or "caution".
	AlertType string
}

// Kind implements ast.Node.
func (*Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (a *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(a, src, level, map[string]string{"AlertType": a.AlertType}, nil)
}

var alertTitles = map[string]string{
	"note":      "Note",
	"tip":       "Tip",
	"important": "Important",
	"warning":   "Warning",
	"caution":   "Caution",
}

type alerts struct{}

func (alerts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(alertRenderer{}, 100)))
}

type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if q, ok := n.(*ast.Blockquote); ok {
			quotes = append(quotes, q)
		}
		if n.Type() != ast.TypeBlock && n.Type() != ast.TypeDocument {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		convertAlert(q, src)
	}
}

// convertAlert replaces q by an Alert if its first line is a marker on its
// own, as GitHub requires.
func convertAlert(q *ast.Blockquote, src []byte) {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return
	}
	first := p.Lines().At(0)
	line := bytes.TrimSpace(first.Value(src))
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return
	}
	typ := string(bytes.ToLower(line[2 : len(line)-1]))
	if _, ok := alertTitles[typ]; !ok {
		return
	}
	// Drop the inline nodes of the marker line. The marker parses as one
	// or more text nodes ("[", "!NOTE", "]"), the last ending the line.
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok || t.Segment.Start >= first.Stop {
			break
		}
		p.RemoveChild(p, c)
		c = next
	}
	if p.Lines().Len() == 1 || p.FirstChild() == nil {
		q.RemoveChild(q, p)
	} else {
		// Keep the block's lines in step with its content, for claim positions.
		lines := text.NewSegments()
		for i := 1; i < p.Lines().Len(); i++ {
			lines.Append(p.Lines().At(i))
		}
		p.SetLines(lines)
	}
	a := &Alert{AlertType: typ}
	for c := q.FirstChild(); c != nil; {
		next := c.NextSibling()
		a.AppendChild(a, c)
		c = next
	}
	q.Parent().ReplaceChild(q.Parent(), q, a)
}

type alertRenderer struct{}

func (alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, renderAlert)
}

func renderAlert(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	a := node.(*Alert)
	if entering {
		// role=note for every type: role=alert would make screen readers
		// announce a static warning as if it had just happened.
		w.WriteString(`<div class="ds-alert ds-alert-` + a.AlertType + `" role="note">` + "\n")
		w.WriteString(`<p class="ds-alert-title">` + alertTitles[a.AlertType] + "</p>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("</div>\n")
	return ast.WalkContinue, nil
}
