package build

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// CodeBlocks is a goldmark extension that highlights fenced and indented
// code blocks with chroma, using CSS classes (see chromaCSS), wrapped for
// the theme's copy button:
//
//	<div class="ds-code" data-lang="console"><pre class="chroma"><code>…</code></pre></div>
//
// Console sessions (console, shell-session) mark prompts with class "gp"
// and output with "go", which is what the copy button reads to copy only
// the commands.
var CodeBlocks goldmark.Extender = codeBlocks{}

// Lexers are looked up per block (chroma's registry is read-only and its
// lexers compile their rules once, under a lock); formatCode writes what
// chroma's HTML formatter with CSS classes would.

// Chroma styles used for the light and dark palettes of chroma.css.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

type codeBlocks struct{}

func (codeBlocks) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100)))
}

type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
	reg.Register(ast.KindCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		lang = codeLang(f, src)
	}
	var code bytes.Buffer
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	w.WriteString(`<div class="ds-code"`)
	if lang != "" {
		w.WriteString(` data-lang="`)
		w.Write(util.EscapeHTML([]byte(lang)))
		w.WriteString(`"`)
	}
	w.WriteString(">")
	if err := highlight(w, code.String(), lang); err != nil {
		return ast.WalkStop, err
	}
	w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

// codeLang is the first word of a fence's info string, without the
// attribute braces some writers add ("go {linenos=true}").
func codeLang(f *ast.FencedCodeBlock, src []byte) string {
	if f.Info == nil {
		return ""
	}
	info := string(f.Info.Segment.Value(src))
	if i := strings.IndexAny(info, " \t{"); i >= 0 {
		info = info[:i]
	}
	return info
}

func highlight(w util.BufWriter, code, lang string) error {
	if lex := fastLexers[strings.ToLower(lang)]; lex != nil {
		formatCode(w, lex(code))
		return nil
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		// No language, or one chroma does not know: plain text, without
		// running chroma's plaintext lexer (a regexp per line, and a
		// ticking match-timeout clock).
		if !strings.HasSuffix(code, "\n") {
			code += "\n"
		}
		formatCode(w, []chroma.Token{{Type: chroma.Text, Value: code}})
		return nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return fmt.Errorf("highlighting %s: %w", lang, err)
	}
	formatCode(w, it.Tokens())
	return nil
}

// formatCode writes tokens as codeFormatter does (chroma's HTML formatter
// with classes: TestFormatCode holds it to that), without its fmt.Sprintf
// and html.EscapeString per token, which were most of a code block's
// rendering time:
//
//	<pre class="chroma"><code><span class="line"><span class="cl"><span class="gp">$ </span>…</span></span>…</code></pre>
func formatCode(w util.BufWriter, tokens []chroma.Token) {
	w.WriteString(`<pre class="chroma"><code>`)
	for _, line := range chroma.SplitTokensIntoLines(tokens) {
		w.WriteString(`<span class="line"><span class="cl">`)
		for _, t := range line {
			if cls := chromaClass(t.Type); cls != "" {
				w.WriteString(`<span class="`)
				w.WriteString(cls)
				w.WriteString(`">`)
				writeEscaped(w, t.Value)
				w.WriteString("</span>")
			} else {
				writeEscaped(w, t.Value)
			}
		}
		w.WriteString("</span></span>")
	}
	w.WriteString("</code></pre>")
}

// chromaClass is the CSS class chroma's formatter gives a token type: its
// own, else its nearest ancestor's.
func chromaClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// writeEscaped writes s escaped as html.EscapeString does.
func writeEscaped(w util.BufWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// chromaCSS is the stylesheet for highlighted code: the light palette by
// default; the dark one when the reader's system prefers dark unless the
// page is switched to light ([data-theme=light] on <html>), and when it
// is switched to dark ([data-theme=dark]). It is generated from chroma's
// styles by TestChromaCSS (UPDATE=1 go test -run ChromaCSS rewrites it)
// rather than at run time: importing chroma's styles package parses
// every style it has, 12 ms at the start of every docsite command.
//
//go:embed chroma.css
var chromaCSS []byte
