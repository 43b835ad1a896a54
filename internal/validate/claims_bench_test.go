package validate

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/docsite/docsite/internal/site"
)

type corpusPage struct {
	rel string
	src []byte
	doc ast.Node
}

// corpusConfig finds the site at $DOCSITE_CORPUS (see BenchmarkCorpus),
// or skips.
func corpusConfig(tb testing.TB) *site.Config {
	root := os.Getenv("DOCSITE_CORPUS")
	if root == "" {
		tb.Skip("DOCSITE_CORPUS not set")
	}
	cfg, err := site.Find(root)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// corpus is corpusConfig with the site's pages read, not yet parsed.
func corpus(tb testing.TB) (*site.Config, []corpusPage) {
	cfg := corpusConfig(tb)
	var pages []corpusPage
	filepath.WalkDir(cfg.Content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			src, _ := os.ReadFile(p)
			pages = append(pages, corpusPage{rel: cfg.Rel(p), src: src})
		}
		return nil
	})
	return cfg, pages
}

// loadCorpus reads and parses the pages of the corpus at $DOCSITE_CORPUS
// and loads its inventory, or skips.
func loadCorpus(tb testing.TB) ([]corpusPage, *Inventory) {
	cfg, pages := corpus(tb)
	for i := range pages {
		pages[i].doc = parseMD(pages[i].src)
	}
	inv, _ := LoadInventory(cfg) // its findings are Check's business
	return pages, inv
}

// BenchmarkClaims times claim extraction alone over a corpus:
//
//	DOCSITE_CORPUS=/tmp/corpus go test -run - -bench Claims ./internal/validate
func BenchmarkClaims(b *testing.B) {
	pages, inv := loadCorpus(b)
	n, size := 0, 0
	for _, p := range pages {
		size += len(p.src)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		n = 0
		for _, p := range pages {
			n += len(inv.Claims(p.rel, p.src, p.doc))
		}
	}
	b.ReportMetric(float64(n), "claims")
}

// TestClaimsDump writes every claim of the corpus at $DOCSITE_CORPUS, with
// every field, to $DOCSITE_CLAIMS_DUMP: two dumps taken before and after a
// change to extraction must be identical.
func TestClaimsDump(t *testing.T) {
	out := os.Getenv("DOCSITE_CLAIMS_DUMP")
	if out == "" {
		t.Skip("DOCSITE_CLAIMS_DUMP not set")
	}
	pages, inv := loadCorpus(t)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, p := range pages {
		dumpClaims(w, inv.Claims(p.rel, p.src, p.doc))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// dumpClaims writes every field of every claim, and of the directives
// they point at, to w.
func dumpClaims(w io.Writer, claims []Claim) {
	for _, c := range claims {
		fmt.Fprintf(w, "%s %d %s %q %q code=%v bare=%v\n\tsubjects=%q\n\tnear=%q\n\theading=%q\n\tpage=%q\n\tcontext=%q\n",
			c.Pos, c.Offset, c.Kind, c.Value, c.Raw, c.Code, c.Bare, c.Subjects, c.Near, c.Heading, c.Page, c.Context)
		if c.Suppressed != nil {
			fmt.Fprintf(w, "\tsuppressed=%+v\n", *c.Suppressed)
		}
		if c.Directive != nil {
			fmt.Fprintf(w, "\tdirective=%+v\n", *c.Directive)
		}
	}
}

// BenchmarkLongSentence extracts and judges a page that is one paragraph
// of n words, a tenth of them claims: a log pasted without line breaks.
// Its time per word should stay flat as n grows (it grew with n while
// every claim ranked the whole sentence).
func BenchmarkLongSentence(b *testing.B) {
	inv := labelledInventory(b)
	cfg := labelledConfig(b)
	words := strings.Fields("the jellyfin server listens on port 8096 and bee proxies it to 192.168.50.4 on the mini-vm host today")
	for _, n := range []int{1000, 10000, 100000} {
		var page strings.Builder
		page.WriteString("# Log\n\n")
		for i := range n {
			page.WriteString(words[i%len(words)])
			page.WriteByte(' ')
		}
		src := []byte(page.String())
		doc := parseMD(src)
		b.Run(fmt.Sprint(n, "words"), func(b *testing.B) {
			for b.Loop() {
				Check(inv.Claims("log.md", src, doc), inv, cfg)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/word")
		})
	}
}
