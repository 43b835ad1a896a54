package nix

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// benchTree writes a flake of n files: four machines, shared flags, and
// service modules of about 0.6 KB that declare options, read config.flags
// and their own options, and embed Caddy text.
func benchTree(n int) map[string][]byte {
	const machines = 4
	files := map[string][]byte{}
	var flake strings.Builder
	flake.WriteString("{\n  inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-25.05\";\n  outputs = { self, nixpkgs, ... }: {\n")
	for m := 0; m < machines; m++ {
		fmt.Fprintf(&flake, "    nixosConfigurations.host%d = nixpkgs.lib.nixosSystem {\n      modules = [ ./modules/flags ./machines/host%d ];\n    };\n", m, m)
	}
	flake.WriteString("  };\n}\n")
	files["flake.nix"] = []byte(flake.String())
	files["modules/flags/default.nix"] = []byte(`{ lib, ... }:
{
  options.flags = {
    # Mac mini on the LAN
    miniIp = lib.mkOption { type = lib.types.str; default = "192.168.50.4"; };
    beeIp = lib.mkOption { type = lib.types.str; default = "192.168.50.3"; };
    domain = lib.mkOption { type = lib.types.str; default = "home.example.net"; };
  };
}
`)
	services := n - 2 - machines
	imports := make([][]string, machines)
	for i := 0; i < services; i++ {
		m := i % machines
		name := fmt.Sprintf("svc%d", i)
		imports[m] = append(imports[m], "./"+name+".nix")
		files[fmt.Sprintf("machines/host%d/%s.nix", m, name)] = []byte(fmt.Sprintf(`# %[1]s: one of the services on host%[2]d
{ config, lib, pkgs, ... }:
let
  cfg = config.services.%[1]s;
in
{
  options.services.%[1]s = {
    enable = lib.mkEnableOption "%[1]s";
    port = lib.mkOption { type = lib.types.port; default = %[3]d; };
  };
  config = lib.mkIf cfg.enable {
    networking.firewall.allowedTCPPorts = [ cfg.port ];
    services.caddy.virtualHosts."%[1]s.${config.flags.domain}".extraConfig = ''
      encode gzip
      reverse_proxy ${config.flags.miniIp}:${toString cfg.port}
    '';
    systemd.services.%[1]s.environment = {
      LISTEN = "0.0.0.0:${toString cfg.port}";
      UPSTREAM = "http://${config.flags.beeIp}:${toString (cfg.port + 1)}/api";
    };
  };
}
`, name, m, 10000+i))
	}
	for m := 0; m < machines; m++ {
		var b strings.Builder
		fmt.Fprintf(&b, "{ config, lib, ... }:\n{\n  imports = [\n")
		for _, im := range imports[m] {
			fmt.Fprintf(&b, "    %s\n", im)
		}
		fmt.Fprintf(&b, "  ];\n  networking.hostName = \"host%d\";\n", m)
		for _, im := range imports[m] {
			fmt.Fprintf(&b, "  services.%s.enable = true;\n", strings.TrimSuffix(strings.TrimPrefix(im, "./"), ".nix"))
		}
		b.WriteString("}\n")
		files[fmt.Sprintf("machines/host%d/default.nix", m)] = []byte(b.String())
	}
	return files
}

func parseTree(tb testing.TB, tree map[string][]byte) []*File {
	names := make([]string, 0, len(tree))
	for n := range tree {
		names = append(names, n)
	}
	sort.Strings(names)
	files := make([]*File, 0, len(names))
	for _, n := range names {
		f, err := ParseFile(n, tree[n])
		if err != nil {
			tb.Fatalf("%s: %v", n, err)
		}
		files = append(files, f)
	}
	return files
}

// TestBenchTree checks that the benchmark's tree means what it should: every
// service's port, Caddy site and upstream is found.
func TestBenchTree(t *testing.T) {
	tree := benchTree(40)
	r := Evaluate(parseTree(t, tree))
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %v", r.Errors)
	}
	count := map[string]int{}
	for _, f := range r.Facts {
		count[f.Kind.String()]++
	}
	services := 40 - 6
	if len(r.Docs) != services {
		t.Errorf("docs = %d, want %d", len(r.Docs), services)
	}
	if count["url"] != services {
		t.Errorf("urls = %d, want %d (%v)", count["url"], services, count)
	}
	if len(r.Machines) != 4 {
		t.Errorf("machines = %d", len(r.Machines))
	}
}

// parseTreeParallel parses the files on GOMAXPROCS goroutines, as
// validate.LoadInventory does, keeping the sorted name order.
func parseTreeParallel(tb testing.TB, tree map[string][]byte) []*File {
	names := make([]string, 0, len(tree))
	for n := range tree {
		names = append(names, n)
	}
	sort.Strings(names)
	files := make([]*File, len(names))
	errs := make([]error, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) {
					return
				}
				files[i], errs[i] = ParseFile(names[i], tree[names[i]])
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("%s: %v", names[i], err)
		}
	}
	return files
}

// BenchmarkEvaluate measures a 1,000-file tree: parse+eval is what the dev
// server pays on a cold start (files parsed on every core, as validate
// loads them), eval what it pays after one file changes (parsed files are
// cached).
func BenchmarkEvaluate(b *testing.B) {
	tree := benchTree(1000)
	size := 0
	for _, src := range tree {
		size += len(src)
	}
	b.Run("parse+eval", func(b *testing.B) {
		b.SetBytes(int64(size))
		defer reportCPU(b)()
		for b.Loop() {
			Evaluate(parseTreeParallel(b, tree))
		}
	})
	files := parseTree(b, tree)
	b.Run("eval", func(b *testing.B) {
		b.SetBytes(int64(size))
		defer reportCPU(b)()
		for b.Loop() {
			Evaluate(files)
		}
	})
}

// reportCPU adds cpu-ns/op (user+system, GC workers included) when the
// returned func runs: on a shared, busy machine wall time says little.
func reportCPU(b *testing.B) func() {
	cpu0 := cpuTime()
	return func() {
		if cpu := cpuTime() - cpu0; cpu > 0 && b.N > 0 {
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		}
	}
}
