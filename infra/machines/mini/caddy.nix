# Caddy on the Mac mini: the second hop. nix-darwin has no services.caddy, so
# this runs Caddy as a launchd daemon with templates/Caddyfile.mini filled in.
{ config, pkgs, ... }:

let
  caddyfile = pkgs.replaceVars ../../templates/Caddyfile.mini {
    inherit (config.flags) miniIp beeIp lanSubnet;
  };
in
{
  launchd.daemons.caddy = {
    command = "${pkgs.caddy}/bin/caddy run --adapter caddyfile --config ${caddyfile}";
    serviceConfig = {
      RunAtLoad = true;
      KeepAlive = true;
      StandardOutPath = "/var/log/caddy.log";
      StandardErrorPath = "/var/log/caddy.log";
    };
  };
}
