package serve

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docsite/docsite/internal/site"
)

// copyExample copies the repository's example site (site.toml, content/,
// infra/, theme/) into a temporary folder the test may edit.
func copyExample(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"site.toml", "content", "infra", "theme"} {
		src := filepath.Join("..", "..", name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			if !d.Type().IsRegular() || strings.HasSuffix(p, ".go") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func startSite(t testing.TB, dir string) (*Server, string) {
	t.Helper()
	cfg, err := site.Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Start(cfg, Options{Bind: "127.0.0.1", Port: 0})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return srv, "http://" + srv.Addr().String()
}

type findingsDoc struct {
	Version     string
	Diagnostics []struct {
		Pos struct {
			File         string
			Line, Column int
		}
		Severity, Message, Rule, Excerpt string
	}
	Claims map[string][]Mark
}

func fetchFindings(t testing.TB, url string) findingsDoc {
	t.Helper()
	_, body := get(t, url+"/__docsite/findings.json")
	var f findingsDoc
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("findings.json: %v\n%s", err, body)
	}
	return f
}

func TestExampleSite(t *testing.T) {
	dir := copyExample(t)
	srv, url := startSite(t, dir)
	t.Log(srv.Summary())
	code, body := get(t, url+"/mini-vm/")
	if code != 200 || !strings.Contains(body, "__docsite/live.js") {
		t.Fatalf("GET /mini-vm/: %d\n%s", code, body)
	}
	f := fetchFindings(t, url)
	for _, d := range f.Diagnostics {
		t.Logf("%s:%d:%d: %s: %s (%s)\n%s", d.Pos.File, d.Pos.Line, d.Pos.Column, d.Severity, d.Message, d.Rule, d.Excerpt)
	}
	n := 0
	for k, ms := range f.Claims {
		n += len(ms)
		if k == "mini-vm/" {
			for _, m := range ms {
				t.Logf("%s %+v", k, m)
			}
		}
	}
	t.Logf("%d claims on %d pages", n, len(f.Claims))
}
