package caddy

import (
	"reflect"
	"testing"

	"github.com/docsite/docsite/internal/facts"
)

// TestFileUsesVars: a Caddyfile without placeholders reads the same
// whatever the bindings; one with them does not, and says so.
func TestFileUsesVars(t *testing.T) {
	vars := map[string][]facts.Binding{"miniIp": {{Name: "miniIp", Value: "192.168.50.4"}}}
	for _, c := range []struct {
		src  string
		uses bool
	}{
		{"jellyfin.example.net {\n\treverse_proxy 192.168.50.4:8096\n}\n", false},
		{"# mail: a@b.c and x@y\njellyfin.example.net {\n\treverse_proxy 10.0.0.1:8096\n}\n", false},
		{"jellyfin.example.net {\n\treverse_proxy @miniIp@:8096\n}\n", true},
		{"{\n", false}, // a syntax error: Facts returns it, whatever the vars
	} {
		f := Parse("Caddyfile", []byte(c.src), "")
		if got := f.UsesVars(); got != c.uses {
			t.Errorf("%q: UsesVars = %v, want %v", c.src, got, c.uses)
		}
		fs1, ds1, err1 := f.Facts(nil)
		fs2, ds2, err2 := f.Facts(vars)
		same := reflect.DeepEqual(fs1, fs2) && reflect.DeepEqual(ds1, ds2) && reflect.DeepEqual(err1, err2)
		if same == c.uses {
			t.Errorf("%q: facts with and without vars same = %v", c.src, same)
		}
		fs3, ds3, err3 := ParseFile("Caddyfile", []byte(c.src), vars, "")
		if !reflect.DeepEqual(fs2, fs3) || !reflect.DeepEqual(ds2, ds3) || !reflect.DeepEqual(err2, err3) {
			t.Errorf("%q: File.Facts differs from ParseFile", c.src)
		}
	}
}
