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

// TestClaimsFunc: ClaimsFunc hands over what Claims returns, and the
// slices Claims returned stay as they were while the pooled buffer
// ClaimsFunc lends is reused for other pages.
func TestClaimsFunc(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	inv := labelledInventory(t)
	var kept [][]Claim
	var wants []string
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name, doc := filepath.Base(p), parseMD(src)
		cs := inv.Claims(name, src, doc)
		want := dump(cs)
		kept, wants = append(kept, cs), append(wants, want)
		calls := 0
		inv.ClaimsFunc(name, src, doc, func(lent []Claim) {
			calls++
			if got := dump(lent); got != want {
				t.Errorf("%s: ClaimsFunc gives\n%s\nClaims gives\n%s", name, got, want)
			}
		})
		if calls != 1 {
			t.Errorf("%s: ClaimsFunc called f %d times, want 1", name, calls)
		}
	}
	for i, cs := range kept {
		if got := dump(cs); got != wants[i] {
			t.Errorf("%s: claims changed after later pages were extracted", paths[i])
		}
	}
	if len(kept) == 0 {
		t.Fatal("no labelled pages")
	}
}
