package validate

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// TestBuilderRereadsOnlyChanged: the dev server's Builder parses a source
// again only when it changed, and the inventory follows the change.
func TestBuilderRereadsOnlyChanged(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", "[validate]\nnix = [\"infra/**/*.nix\"]\ncaddy = [\"infra/Caddyfile\"]\n")
	write("infra/a.nix", "{ services.jellyfin.port = 8096; }\n")
	write("infra/b.nix", "{ services.grafana.port = 3000; }\n")
	write("infra/Caddyfile", "jellyfin.example.net {\n\treverse_proxy 192.168.50.4:8096\n}\n")
	cfg, err := site.Load(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(cfg)
	inv := b.Load()
	if len(inv.Lookup(facts.Port, "8096")) == 0 || len(inv.Lookup(facts.Port, "3000")) == 0 {
		t.Fatalf("first load: facts %v", inv.Facts)
	}
	before := map[string]*source{}
	for k, v := range b.cache {
		before[k] = v
	}
	write("infra/a.nix", "{ services.jellyfin.port = 8097; }\n")
	os.Chtimes(filepath.Join(dir, "infra/a.nix"), time.Now().Add(time.Second), time.Now().Add(time.Second))
	inv = b.Load()
	if b.cache["infra/a.nix"] == before["infra/a.nix"] {
		t.Error("changed a.nix was not read again")
	}
	if b.cache["infra/b.nix"] != before["infra/b.nix"] || b.cache["infra/Caddyfile"] != before["infra/Caddyfile"] {
		t.Error("unchanged sources were read again")
	}
	if len(inv.Lookup(facts.Port, "8097")) == 0 {
		t.Errorf("second load misses the new port: %v", inv.Facts)
	}
	os.Remove(filepath.Join(dir, "infra/b.nix"))
	b.Load()
	if _, ok := b.cache["infra/b.nix"]; ok {
		t.Error("a deleted source stays cached")
	}
}
