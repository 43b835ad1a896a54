package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
	srv, e := benchServer(b, dir)
	p := filepath.Join(dir, page)
	orig, _ := os.ReadFile(p)
	defer os.WriteFile(p, orig, 0o644)
	b.ResetTimer()
	for i := range b.N {
		os.WriteFile(p, append(orig, fmt.Sprintf("\nedit %d\n", i)...), 0o644)
		srv.publish(e.Rebuild([]string{p}), []string{p})
	}
}

// BenchmarkConfigEdit measures what stands between a .nix edit and its
// findings event: reading the inventory again, the site-wide check and the
// publish. It toggles the first "port = N;" of a Nix file of the site
// ($DOCSITE_BENCH_SITE or the test fixture), which flips claims' verdicts.
func BenchmarkConfigEdit(b *testing.B) {
	dir := os.Getenv("DOCSITE_BENCH_SITE")
	if dir == "" {
		dir = copyFixture(b)
	}
	port := regexp.MustCompile(`port = ([0-9]+);`)
	var p string
	var orig []byte
	filepath.WalkDir(filepath.Join(dir, "infra"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && p == "" && filepath.Ext(path) == ".nix" {
			if b, _ := os.ReadFile(path); port.Match(b) {
				p, orig = path, b
			}
		}
		return nil
	})
	if p == "" {
		b.Skip("no Nix file with a port = N; in", dir)
	}
	m := port.FindSubmatchIndex(orig)
	n, _ := strconv.Atoi(string(orig[m[2]:m[3]]))
	edited := slices.Concat(orig[:m[2]], []byte(strconv.Itoa(n+1)), orig[m[3]:]) // the port moved by one
	srv, e := benchServer(b, dir)
	defer os.WriteFile(p, orig, 0o644)
	b.ResetTimer()
	for i := range b.N {
		data := orig
		if i%2 == 0 {
			data = edited
		}
		os.WriteFile(p, data, 0o644)
		snap := e.Rebuild([]string{p})
		srv.publish(snap, []string{p})
		snap.find = snap.check()
		srv.publish(snap, nil)
	}
}

func benchServer(b *testing.B, dir string) (*Server, *siteEngine) {
	cfg, err := site.Find(dir)
	if err != nil {
		b.Fatal(err)
	}
	e := newSiteEngine(cfg)
	srv := &Server{handler: NewHandler("/", NewHub()), hub: NewHub(), site: e, epoch: "b"}
	snap := e.Rebuild(nil)
	snap.find = snap.check()
	srv.publish(snap, nil)
	return srv, e
}
