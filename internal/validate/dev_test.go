package validate

import (
	"os"
	"testing"
)

func TestDevDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(p)
	for _, c := range Claims(p, src, parseMD(src)) {
		if c.Directive != nil {
			t.Logf("%s directive %+v", c.Pos, *c.Directive)
			continue
		}
		t.Logf("%d:%d %s %s raw=%q near=%v head=%v", c.Pos.Line, c.Pos.Col, c.Kind, c.Value, c.Raw, c.Near, c.Heading)
	}
}
