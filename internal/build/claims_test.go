package build

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func TestMarkClaims(t *testing.T) {
	src := []byte("# T\n\nJellyfin is at 192.168.1.5 on port 8096,\nand `10.0.0.1:80` *too* 1.2.3.4.\n")
	var spans []Span
	for _, v := range []string{"192.168.1.5", "8096", "10.0.0.1", "1.2.3.4", "168.1.5 on"} {
		i := bytes.Index(src, []byte(v))
		spans = append(spans, Span{i, i + len(v)})
	}
	spans = append(spans, Span{bytes.Index(src, []byte("port")), bytes.Index(src, []byte("and"))}) // across a line break: left alone
	md := NewMarkdown(false)
	doc := md.Parser().Parse(text.NewReader(src))
	markClaims(doc, src, spans)
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, doc); err != nil {
		t.Fatal(err)
	}
	want := `<p>Jellyfin is at <span class="ds-claim" data-claim="3:16">192.168.1.5</span> on port <span class="ds-claim" data-claim="3:36">8096</span>,
and <span class="ds-claim" data-claim="4:6"><code>10.0.0.1:80</code></span> <em>too</em> <span class="ds-claim" data-claim="4:25">1.2.3.4</span>.</p>`
	if !strings.Contains(out.String(), want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	var n int
	ast.Walk(doc, func(n2 ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n2.(*claimNode); ok && entering {
			n++
		}
		return ast.WalkContinue, nil
	})
	if n != 4 {
		t.Errorf("%d claims marked, want 4", n)
	}
}
