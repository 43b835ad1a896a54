package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// BenchmarkPageEdit measures what stands between a page edit and its
// reload event: the incremental rebuild and the publish (the site-wide
// check runs after, in the background, and is left out). The site is
// $DOCSITE_BENCH_SITE (e.g. made by bench/gencorpus, editing
// content/section-00/page-00001.md) or the test fixture.
func BenchmarkPageEdit(b *testing.B) {
	dir := os.Getenv("DOCSITE_BENCH_SITE")
	page := "content/section-00/page-00001.md"
	if dir == "" {
		dir = copyFixture(b)
		page = "content/jellyfin.md"
	}
	cfg, err := site.Find(dir)
	if err != nil {
		b.Fatal(err)
	}
	e := newSiteEngine(cfg)
	srv := &Server{handler: NewHandler("/", NewHub()), hub: NewHub(), site: e, epoch: "b"}
	srv.publish(e.Rebuild(nil), nil)
	p := filepath.Join(dir, page)
	orig, _ := os.ReadFile(p)
	defer os.WriteFile(p, orig, 0o644)
	b.ResetTimer()
	for i := range b.N {
		os.WriteFile(p, append(orig, fmt.Sprintf("\nedit %d\n", i)...), 0o644)
		srv.publish(e.Rebuild([]string{p}), []string{p})
	}
}
