package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

// BenchmarkPageEdit measures one incremental rebuild and publish after a
// page edit, on the corpus in $DOCSITE_BENCH_SITE (e.g. one made by
// bench/gencorpus), or on the test fixture.
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
	srv, err := start(newSiteEngine(cfg), "127.0.0.1", 0, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Shutdown(b.Context())
	p := filepath.Join(dir, page)
	orig, _ := os.ReadFile(p)
	defer os.WriteFile(p, orig, 0o644)
	b.ResetTimer()
	for i := range b.N {
		os.WriteFile(p, append(orig, fmt.Sprintf("\nedit %d\n", i)...), 0o644)
		srv.Rebuild([]string{p})
	}
}
