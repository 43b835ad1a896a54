package build

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/docsite/docsite/internal/diag"
)

// benchPage is a runbook-like page of about 5 KB: headings, prose with
// inline code and links, a table, an alert, console, nix and Caddyfile
// blocks.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Jellyfin on mini-vm\ndescription: How the media server runs.\nweight: 3\n---\n\n# Jellyfin\n\n")
	for i := 0; b.Len() < 5000; i++ {
		b.WriteString("## Service " + string(rune('A'+i%26)) + " on mini-vm: ports & paths\n\n")
		b.WriteString("Jellyfin listens on `192.168.50.4:8096` behind Caddy; see [the VM](mini-vm.md#services) and [below](#setup).\n")
		b.WriteString("Restart it with **care**, the *bridge* must stay up.\n\n")
		b.WriteString("| Service | Host | Port |\n|---|---|---|\n| jellyfin | mini-vm | 8096 |\n| synapse | mini-vm | 8008 |\n\n")
		b.WriteString("> [!WARNING]\n> The OrbStack bridge drops connections on restart.\n\n")
		b.WriteString("```console\n$ systemctl restart jellyfin\n$ curl -s http://192.168.50.4:8096/health\nHealthy\n```\n\n")
		b.WriteString("```nix\n{ services.jellyfin = { enable = true; openFirewall = false; }; }\n```\n\n")
		b.WriteString("```caddyfile\njellyfin.example.com {\n\treverse_proxy 192.168.50.4:8096\n}\n```\n\n")
	}
	b.WriteString("## Setup\n\nDone.\n")
	return []byte(b.String())
}

// BenchmarkRenderPage measures pass 2 for one ~5 KB page: parse with all
// extensions (links resolved against a small index) and render to HTML,
// without the theme.
func BenchmarkRenderPage(b *testing.B) {
	src := benchPage()
	_, _, _, body, _ := splitFrontMatter(src)
	cfg := loadSite(b, "testdata/site")
	p := &Page{Path: "jellyfin.md", File: "jellyfin/index.html", Kind: KindPage, Headings: []Heading{{Level: 2, ID: "setup"}}}
	other := &Page{Path: "mini-vm.md", File: "mini-vm/index.html", Kind: KindPage, Headings: []Heading{{Level: 2, ID: "services"}}}
	ix := newIndex(cfg, false, []*Page{p, other}, nil, new(diag.List))
	md := NewMarkdown(false)
	var buf bytes.Buffer
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		pc := parser.NewContext()
		lc := &linkContext{page: p, resolver: ix}
		pc.Set(linkContextKey, lc)
		doc := md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
		buf.Reset()
		if err := md.Renderer().Render(&buf, body, doc); err != nil {
			b.Fatal(err)
		}
		if len(lc.diags) > 0 {
			b.Fatal(lc.diags)
		}
	}
}

// BenchmarkBuild builds the site in $DOCSITE_BENCH_SITE (e.g. one made by
// go run ./bench/gencorpus) into memory, or testdata/site.
func BenchmarkBuild(b *testing.B) {
	dir := os.Getenv("DOCSITE_BENCH_SITE")
	if dir == "" {
		dir = "testdata/site"
	}
	cfg := loadSite(b, dir)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(cfg, Options{Output: discard{}}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
