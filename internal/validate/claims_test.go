package validate

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func dump(claims []Claim) string {
	var b strings.Builder
	dumpClaims(&b, claims)
	return b.String()
}

// TestClaimsConcurrent: pages extracted at the same time, by extractors
// that come from and go back to the pool in any order, give what they
// give one by one.
func TestClaimsConcurrent(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	inv := labelledInventory(t)
	type page struct {
		name string
		src  []byte
		want string
	}
	var pages []page
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pg := page{name: filepath.Base(p), src: src}
		pg.want = dump(inv.Claims(pg.name, src, parseMD(src)))
		pages = append(pages, pg)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 5 {
				for i := range pages {
					pg := pages[(i+g+r)%len(pages)]
					if got := dump(inv.Claims(pg.name, pg.src, parseMD(pg.src))); got != pg.want {
						t.Errorf("%s: claims differ when extracted concurrently", pg.name)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
