# Caddy on bee: the public entry point and first hop. The site blocks live in
# templates/Caddyfile (shared shape with the mini's template); this file fills
# its @placeholders@ and adds what only bee serves.
{ config, lib, pkgs, ... }:

let
  # Caddyfile with @beeIp@, @miniIp@, @lanSubnet@ and @externalDomain@ filled in.
  publicSites = pkgs.substituteAll {
    src = ../../templates/Caddyfile;
    inherit (config.flags) beeIp miniIp lanSubnet externalDomain;
  };
in
{
  services.caddy = {
    enable = true;
    email = "hostmaster@example.net";
    # Keep the admin API off the LAN; bee faces the internet.
    globalConfig = ''
      admin localhost:2019
    '';
    extraConfig = ''
      import ${publicSites}
    '';

    # Gatus status page (see gatus.nix); Gatus itself only listens on loopback.
    virtualHosts."status.${config.flags.externalDomain}".extraConfig = ''
      encode zstd gzip
      reverse_proxy 127.0.0.1:8080
    '';
  };

  # HTTP, HTTPS, and Matrix federation
  networking.firewall.allowedTCPPorts = [ 80 443 8448 ];

  # HTTP/3 (QUIC), only while Caddy runs
  networking.firewall.allowedUDPPorts = lib.mkIf config.services.caddy.enable [ 443 ];
}
