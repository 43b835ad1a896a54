// Package nixmod generates realistic NixOS modules for benchmarks, so the
// parser's go benchmark and bench/nixparse (which races nix-instantiate)
// measure the same kind of input.
package nixmod

import (
	"fmt"
	"math/rand"
	"strings"
)

// Module returns module i of about 0.6 KB in the style of a homelab flake:
// a function of the module arguments, a let with addresses and ports,
// options, services with nested attribute paths, string interpolation, an
// indented Caddy snippet, comments. The same r state gives the same text.
func Module(r *rand.Rand, i int) string {
	name := []string{"jellyfin", "grafana", "prometheus", "synapse", "caddy", "unbound", "home-assistant", "gitea"}[r.Intn(8)]
	var b strings.Builder
	fmt.Fprintf(&b, "# %s on host %d\n{ config, lib, pkgs, ... }:\n\nlet\n", name, i)
	fmt.Fprintf(&b, "  cfg = config.services.%s;\n  port = %d;\n  ip = \"192.168.%d.%d\";\n", name, 1024+r.Intn(60000), r.Intn(256), r.Intn(256))
	b.WriteString("in\n{\n")
	fmt.Fprintf(&b, "  options.services.%s.extraPort = lib.mkOption {\n    type = lib.types.port;\n    default = port + 1;\n    description = \"Second port of %s.\";\n  };\n\n", name, name)
	fmt.Fprintf(&b, "  config = lib.mkIf cfg.enable {\n    # %s service\n    services.%s = {\n      enable = true;\n      openFirewall = %v;\n      settings.listen = \"${ip}:${toString port}\";\n    };\n", name, name, r.Intn(2) == 0)
	fmt.Fprintf(&b, "    networking.firewall.allowedTCPPorts = [ port %d ];\n", 8000+r.Intn(1000))
	fmt.Fprintf(&b, "    services.caddy.virtualHosts.\"%s.example.com\".extraConfig = ''\n      reverse_proxy ${ip}:${toString port}\n    '';\n", name)
	b.WriteString("    users.users.svc = { isSystemUser = true; group = \"svc\"; extraGroups = [ \"video\" ]; };\n  };\n}\n")
	return b.String()
}
