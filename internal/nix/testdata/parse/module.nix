# A NixOS module in the style docsite reads.
{ config, lib, pkgs, ... }:

let
  cfg = config.services.jellyfin;
  miniIp = "192.168.50.4";
in
{
  options.flags.miniIp = lib.mkOption {
    type = lib.types.str;
    default = miniIp;
    description = "Address of the Mac mini.";
  };

  config = lib.mkIf cfg.enable {
    # Jellyfin media server
    services.jellyfin = {
      enable = true;
      openFirewall = true; # opens 8096
    };
    networking.firewall.allowedTCPPorts = [ 8096 8920 ];
    services.caddy.virtualHosts."jellyfin.example.com".extraConfig = ''
      reverse_proxy ${config.flags.miniIp}:8096
    '';
    systemd.services.foo.serviceConfig.ExecStart = "${pkgs.hello}/bin/hello --port ${toString 8080}";
  };
}
