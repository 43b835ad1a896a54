// Command gencorpus writes a deterministic corpus for benchmarks: N
// runbook-like Markdown pages (headings, tables, console sessions, nix and
// Caddyfile blocks, cross-links with anchors) and, optionally, a tree of M
// NixOS module files whose hosts and ports the pages state. The same seed
// always gives the same bytes, so runs on different days compare.
//
//	go run ./bench/gencorpus -pages 1000 -nix 1000 -out /tmp/corpus
//
// The output holds content/ (docsite), a Hugo site (hugo.toml, layouts/,
// with content/ shared), infra/ and site.toml.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	pages := flag.Int("pages", 1000, "number of Markdown pages")
	nixFiles := flag.Int("nix", 0, "number of .nix module files (0: no infra/)")
	out := flag.String("out", "", "output folder (must not exist or be empty)")
	perSection := flag.Int("section", 50, "pages per section folder")
	flag.Parse()
	if *out == "" || *pages < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if ents, err := os.ReadDir(*out); err == nil && len(ents) > 0 {
		fmt.Fprintf(os.Stderr, "gencorpus: %s is not empty\n", *out)
		os.Exit(2)
	}
	g := &gen{out: *out, pages: *pages, nix: *nixFiles, perSection: *perSection}
	if err := g.run(); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

type gen struct {
	out                    string
	pages, nix, perSection int
}

var services = []string{"jellyfin", "synapse", "grafana", "prometheus", "gitea", "vaultwarden", "immich", "paperless", "nextcloud", "homeassistant", "loki", "minio"}

// host i has a fixed IP and each service on it a fixed port, so the pages
// and the generated config agree and `docsite check` has real work to do.
func hostName(i int) string { return fmt.Sprintf("node%03d", i) }
func hostIP(i int) string   { return fmt.Sprintf("10.%d.%d.%d", 20+i/62500, (i/250)%250, 1+i%250) }

// svcPerHost is how many services each host runs: hostService(h, 0..2).
const svcPerHost = 3

func hostService(host, k int) int { return (host + k) % len(services) }

func siteName(host, svc int) string {
	return fmt.Sprintf("%s.%s.example.net", services[svc], hostName(host))
}

func svcPort(host, svc int) int {
	return 8000 + (host*7+svc*13)%1000
}

func (g *gen) write(rel, s string) error {
	p := filepath.Join(g.out, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(s), 0o644)
}

func (g *gen) pagePath(i int) string {
	return fmt.Sprintf("section-%02d/page-%05d.md", i/g.perSection, i)
}

// hosts is how many machines the config defines; pages refer to them.
func (g *gen) hosts() int {
	if g.nix == 0 {
		return 50
	}
	return max(1, g.nix/4)
}

// services is how many services host h runs: svcPerHost, but the last
// host gets what is left of the g.nix files after its default.nix.
func (g *gen) services(h int) int {
	if g.nix == 0 {
		return svcPerHost
	}
	return max(1, min(svcPerHost, g.nix-2-4*h))
}

func (g *gen) run() error {
	r := rand.New(rand.NewPCG(1, 2))
	if err := g.write("content/_index.md", "+++\ntitle = \"Generated runbooks\"\n+++\n\nA generated corpus for benchmarks.\n"); err != nil {
		return err
	}
	for s := 0; s*g.perSection < g.pages; s++ {
		idx := fmt.Sprintf("+++\ntitle = \"Section %02d\"\nweight = %d\n+++\n\nRunbooks of section %d.\n", s, s, s)
		if err := g.write(fmt.Sprintf("content/section-%02d/_index.md", s), idx); err != nil {
			return err
		}
	}
	for i := 0; i < g.pages; i++ {
		if err := g.write("content/"+g.pagePath(i), g.page(r, i)); err != nil {
			return err
		}
	}
	if err := g.hugo(); err != nil {
		return err
	}
	if g.nix > 0 {
		if err := g.infra(r); err != nil {
			return err
		}
	}
	return nil
}

// page writes about 5 KB of runbook prose.
func (g *gen) page(r *rand.Rand, i int) string {
	var b strings.Builder
	h := i % g.hosts()
	host, ip := hostName(h), hostIP(h)
	fmt.Fprintf(&b, "---\ntitle: Runbook %d for %s\nweight: %d\ndescription: How %s runs its services and how to recover it.\n---\n\n", i, host, i%7, host)
	fmt.Fprintf(&b, "# Runbook %d for %s\n\n", i, host)
	fmt.Fprintf(&b, "This page describes **%s** (%s), a NixOS machine in the rack. It is managed from the flake; do not edit files on the machine by hand.\n\n", host, ip)
	fmt.Fprintf(&b, "## Overview\n\nThe machine serves a handful of services behind Caddy. Each service binds to all interfaces and the firewall opens only the ports listed below. See [the previous runbook](%s#services) for its neighbour.\n\n", g.rel(i, (i+g.pages-1)%g.pages))
	fmt.Fprintf(&b, "## Services\n\n| Service | Address | Port |\n|---|---|---|\n")
	n := g.services(h)
	for k := 0; k < n; k++ {
		s := hostService(h, k)
		fmt.Fprintf(&b, "| %s | `%s:%d` | %d |\n", services[s], ip, svcPort(h, s), svcPort(h, s))
	}
	// The service the rest of the page is about: one the host runs.
	svc := hostService(h, i%n)
	fmt.Fprintf(&b, "\n### Checking a service\n\n```console\n$ ss -tlnp | grep %d\nLISTEN 0 4096 0.0.0.0:%d 0.0.0.0:* users:((\"%s\",pid=%d,fd=12))\n$ curl -sI http://%s:%d/health\nHTTP/1.1 200 OK\nDate: Tue, 03 Mar 2026 08:59:04 GMT\n```\n\n",
		svcPort(h, svc), svcPort(h, svc), services[svc], 1000+r.IntN(30000), ip, svcPort(h, svc))
	fmt.Fprintf(&b, "## Configuration\n\nThe service is declared in the machine's module:\n\n```nix\n{ config, lib, ... }:\n{\n  services.%s = {\n    enable = true;\n    port = %d;\n  };\n  networking.firewall.allowedTCPPorts = [ %d ];\n}\n```\n\n",
		services[svc], svcPort(h, svc), svcPort(h, svc))
	fmt.Fprintf(&b, "Caddy forwards the public name to it:\n\n```caddyfile\n%s {\n\treverse_proxy %s:%d\n}\n```\n\n", siteName(h, svc), ip, svcPort(h, svc))
	fmt.Fprintf(&b, "## Recovery\n\n1. Check the unit: `systemctl status %s.service`.\n2. Read the log since the last boot: `journalctl -b -u %s`.\n3. Rebuild from the flake: `sudo nixos-rebuild switch --flake .#%s`.\n\n", services[svc], services[svc], host)
	for p := 0; p < 10; p++ {
		fmt.Fprintf(&b, "Paragraph %d of the recovery notes: the machine keeps its state on a ZFS dataset with hourly snapshots, so a bad deploy is undone by booting the previous generation from the boot menu. Snapshots older than a week are pruned by a timer; the backup job copies them to the NAS every night at 03:00.\n\n", p+1)
	}
	fmt.Fprintf(&b, "### Log excerpt\n\n```\n2026-03-03T08:59:04.800168Z INFO started pid=0x%x\n2026-03-03T08:59:05.001002Z WARN slow disk sda latency=%dms\n```\n\n", r.IntN(1<<20), r.IntN(400))
	fmt.Fprintf(&b, "## Related\n\n- [Runbook %d](%s#overview)\n- [Runbook %d](%s#recovery)\n- [Runbook %d](%s)\n",
		(i+1)%g.pages, g.rel(i, (i+1)%g.pages), (i+17)%g.pages, g.rel(i, (i+17)%g.pages), (i+g.pages/2)%g.pages, g.rel(i, (i+g.pages/2)%g.pages))
	fmt.Fprintf(&b, "\n> [!NOTE]\n> Generated page %d; the facts above agree with the generated config.\n", i)
	return b.String()
}

// rel is the relative link from page i to page j, as a writer would type it.
func (g *gen) rel(i, j int) string {
	if i/g.perSection == j/g.perSection {
		return fmt.Sprintf("./page-%05d.md", j)
	}
	return "../" + g.pagePath(j)
}

func (g *gen) hugo() error {
	cfg := "baseURL = \"/\"\ntitle = \"Generated runbooks\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[markup.highlight]\nnoClasses = false\n"
	single := "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n"
	list := "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n"
	for rel, s := range map[string]string{"hugo.toml": cfg, "layouts/_default/single.html": single, "layouts/_default/list.html": list, "layouts/index.html": list} {
		if err := g.write(rel, s); err != nil {
			return err
		}
	}
	return g.write("site.toml", "title = \"Generated runbooks\"\n[validate]\nnix = [\"infra/**/*.nix\"]\ncaddy = [\"infra/templates/Caddyfile*\"]\n")
}

// infra writes g.nix module files: per host a default.nix with its IP and a
// few service modules with their ports, plus a flake; and the Caddyfile
// template that proxies a public name to each service.
func (g *gen) infra(r *rand.Rand) error {
	var flake, caddy strings.Builder
	flake.WriteString("{\n  description = \"generated homelab\";\n  inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-25.05\";\n  outputs = { self, nixpkgs, ... }: {\n    nixosConfigurations = {\n")
	written := 1
	for h := 0; h < g.hosts() && written < g.nix; h++ {
		host := hostName(h)
		fmt.Fprintf(&flake, "      %s = nixpkgs.lib.nixosSystem { system = \"x86_64-linux\"; modules = [ ./machines/%s ]; };\n", host, host)
		var imports []string
		for k := 0; k < g.services(h); k++ {
			s := hostService(h, k)
			name := services[s]
			imports = append(imports, "./"+name+".nix")
			mod := fmt.Sprintf("# %s on %s\n{ config, lib, pkgs, ... }:\nlet\n  port = %d;\nin\n{\n  services.%s = {\n    enable = true;\n    inherit port;\n    openFirewall = lib.mkDefault false;\n    settings.log_level = \"info\";\n  };\n  networking.firewall.allowedTCPPorts = [ port ];\n  systemd.services.%s.serviceConfig.MemoryMax = \"%dM\";\n}\n",
				name, host, svcPort(h, s), name, name, 256+r.IntN(8)*128)
			if err := g.write(fmt.Sprintf("infra/machines/%s/%s.nix", host, name), mod); err != nil {
				return err
			}
			written++
			fmt.Fprintf(&caddy, "# %s on %s\n%s {\n\treverse_proxy %s:%d\n}\n\n", name, host, siteName(h, s), hostIP(h), svcPort(h, s))
		}
		def := fmt.Sprintf("{ config, lib, ... }:\n{\n  imports = [ %s ];\n  networking.hostName = \"%s\";\n  networking.interfaces.eth0.ipv4.addresses = [ { address = \"%s\"; prefixLength = 16; } ];\n  time.timeZone = \"Europe/Berlin\";\n  system.stateVersion = \"25.05\";\n}\n",
			strings.Join(imports, " "), host, hostIP(h))
		if err := g.write(fmt.Sprintf("infra/machines/%s/default.nix", host), def); err != nil {
			return err
		}
		written++
	}
	flake.WriteString("    };\n  };\n}\n")
	if err := g.write("infra/flake.nix", flake.String()); err != nil {
		return err
	}
	return g.write("infra/templates/Caddyfile", caddy.String())
}
