package serve

import (
	"testing"
)

func TestExcerpt(t *testing.T) {
	src := []byte("# mini-vm\n\n- VM Internal IP: `192.168.139.245`\n\tport 8096\r\nlast")
	for _, c := range []struct {
		line, col int
		want      string
	}{
		{3, 20, "3 | - VM Internal IP: `192.168.139.245`\n  |                    ^"},
		{4, 7, "4 | \tport 8096\n  | \t     ^"},
		{5, 0, "5 | last"},
		{6, 1, ""},
		{0, 1, ""},
	} {
		if got := Excerpt(src, c.line, c.col); got != c.want {
			t.Errorf("Excerpt(%d:%d) =\n%s\nwant\n%s", c.line, c.col, got, c.want)
		}
	}
}
