package validate

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzClaims: no input makes extraction or checking panic, and every claim
// points inside the page at the text it was read from.
func FuzzClaims(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("port 8096 [::]:443 http://[fd00::1]:80/x 10.0.0.1/8 a.b.c.x <!-- docsite-ignore-start: x -->"))
	inv := labelledInventory(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		claims := inv.Claims("p.md", src, parseMD(src))
		for _, c := range claims {
			if c.Offset < 0 || c.Offset > len(src) {
				t.Fatalf("claim %+v outside the page (%d bytes)", c, len(src))
			}
			if c.Directive == nil && c.Offset+len(c.Raw) <= len(src) && string(src[c.Offset:c.Offset+len(c.Raw)]) != c.Raw {
				t.Fatalf("claim %q at offset %d, page has %q", c.Raw, c.Offset, src[c.Offset:min(len(src), c.Offset+len(c.Raw))])
			}
		}
		Check(claims, inv, nil)
	})
}
