package build

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// chromaFormatter is the formatter formatCode stands in for.
var chromaFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))

func checkFormat(t *testing.T, name string, tokens []chroma.Token) {
	t.Helper()
	var want strings.Builder
	if err := chromaFormatter.Format(&want, styles.Get(lightStyle), chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	w := bufio.NewWriter(&got)
	formatCode(w, tokens)
	w.Flush()
	if got.String() != want.String() {
		t.Errorf("%s: formatCode differs from chroma's formatter:\n got %q\nwant %q", name, got.String(), want.String())
	}
}

// tokensOf lexes code as highlight does.
func tokensOf(t *testing.T, code, lang string) []chroma.Token {
	if lex := fastLexers[strings.ToLower(lang)]; lex != nil {
		return lex(code)
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return []chroma.Token{{Type: chroma.Text, Value: code}}
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		t.Fatal(err)
	}
	return it.Tokens()
}

// TestFormatCode: formatCode writes what chroma's HTML formatter does, for
// every code block of every Markdown file in the repository, in its own
// language and in a few others, and for odd token streams.
func TestFormatCode(t *testing.T) {
	md := NewMarkdown(false)
	blocks := 0
	filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc := md.Parser().Parse(text.NewReader(src))
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || (n.Kind() != ast.KindFencedCodeBlock && n.Kind() != ast.KindCodeBlock) {
				return ast.WalkContinue, nil
			}
			var code strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				code.Write(seg.Value(src))
			}
			lang := ""
			if f, ok := n.(*ast.FencedCodeBlock); ok {
				lang = codeLang(f, src)
			}
			for _, l := range []string{lang, "console", "nix", "caddyfile", "go", "yaml", "sh"} {
				checkFormat(t, p+" as "+l, tokensOf(t, code.String(), l))
			}
			blocks++
			return ast.WalkSkipChildren, nil
		})
		return nil
	})
	if blocks < 10 {
		t.Errorf("checked only %d code blocks", blocks)
	}
	for _, tokens := range [][]chroma.Token{
		nil,
		{{Type: chroma.Text, Value: ""}},
		{{Type: chroma.Keyword, Value: "a\n\nb"}, {Type: chroma.Text, Value: ""}, {Type: chroma.GenericPrompt, Value: "<&'\">\n"}},
		{{Type: chroma.NameBuiltinPseudo, Value: "x"}, {Type: chroma.LiteralStringDouble, Value: "\n"}, {Type: chroma.TokenType(-7), Value: "y"}},
		{{Type: chroma.Other, Value: "o"}, {Type: chroma.TokenType(99999), Value: "z\n"}, {Type: chroma.Text, Value: ""}},
	} {
		checkFormat(t, "tokens", tokens)
	}
}

func FuzzFormatCode(f *testing.F) {
	f.Add("$ ls <a>\nout & more\n", "console", 3)
	f.Add("{ a = \"x\"; }", "nix", 0)
	f.Fuzz(func(t *testing.T, code, lang string, ty int) {
		checkFormat(t, "lexed", tokensOf(t, code, lang))
		checkFormat(t, "split", []chroma.Token{{Type: chroma.TokenType(ty), Value: code}, {Type: chroma.TokenType(ty % 1000), Value: lang}})
	})
}
