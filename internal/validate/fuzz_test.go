package validate

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/caddy"
	"github.com/docsite/docsite/internal/nix"
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
			if c.ctxAt > 0 && !strings.HasPrefix(c.Context[c.ctxAt-1:], c.Raw) {
				t.Fatalf("claim %q: its offset %d in its context %q is not it", c.Raw, c.ctxAt-1, c.Context)
			}
		}
		Check(claims, inv, nil)
	})
}

// FuzzConflicts: no config makes finding conflicts or judging against
// them panic. The input is one machine's module and the Caddy template it
// fills, read as the example's shape (a flake naming the machine, flags
// with defaults); the page states values of the conflict fixtures.
func FuzzConflicts(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/conflict/*.txtar")
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var module, template string
		files := splitTxtar(string(data))
		names := slices.Sorted(maps.Keys(files))
		for _, name := range names {
			body := files[name]
			switch {
			case module == "" && (strings.HasPrefix(name, "infra/machines/") || strings.HasPrefix(name, "infra/hosts/")):
				module = body
			case strings.HasPrefix(name, "infra/templates/"):
				template = body
			}
		}
		f.Add(module, template)
	}
	flake := []byte(`{ outputs = { nixpkgs, ... }: { nixosConfigurations.m = nixpkgs.lib.nixosSystem { modules = [ ./flags.nix ./machines/m ]; }; }; }`)
	flags := []byte(`{ lib, ... }: { options.flags.appIp = lib.mkOption { default = "10.1.0.20"; }; }`)
	page := []byte("# m\n\nThe wiki listens on port 3000 at `10.1.0.20:3001`; m opens 80, 443 and 8448; https://matrix.example.org:8448/x and 10.2.0.0/24.\n")
	f.Fuzz(func(t *testing.T, module, template string) {
		var files []*nix.File
		for name, src := range map[string][]byte{"infra/flake.nix": flake, "infra/flags.nix": flags, "infra/machines/m/default.nix": []byte(module)} {
			if nf, err := nix.ParseFile(name, src); err == nil {
				files = append(files, nf)
			}
		}
		parsed := make([]any, len(files))
		for i, nf := range files {
			parsed[i] = nf
		}
		ev := evalNix(parsed)
		all := ev.facts
		vars := ev.bindings
		if m, ok := ev.byTemplate["infra/templates/Caddyfile"]; ok {
			vars = m
		}
		if cf, _, err := caddy.ParseFile("infra/templates/Caddyfile", []byte(template), vars, ""); err == nil {
			all = append(all, cf...)
		}
		inv := NewInventory(all, nil)
		inv.setMachines(ev.fileHosts, ev.templateHosts)
		Check(inv.Claims("content/m.md", page, parseMD(page)), inv, nil)
	})
}
