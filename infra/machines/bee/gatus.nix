# Gatus on bee: checks every service through the same path a browser uses
# from the LAN, i.e. via the mini's Caddy (bee cannot resolve *.orb.local).
{ config, ... }:

{
  services.gatus = {
    enable = true;
    settings = {
      web = {
        address = "127.0.0.1";
        port = 8080;
      };
      endpoints = [
        # Jellyfin on mini-vm, through the mini
        {
          name = "jellyfin";
          url = "http://${config.flags.miniIp}:8096/health";
          interval = "60s";
          conditions = [ "[STATUS] == 200" "[BODY] == Healthy" ];
        }
        # Matrix Synapse on mini-vm, through the mini
        {
          name = "synapse";
          url = "http://${config.flags.miniIp}:8008/health";
          interval = "60s";
          conditions = [ "[STATUS] == 200" ];
        }
        # The public side, as the internet sees it
        {
          name = "matrix-federation";
          url = "https://matrix.${config.flags.externalDomain}:8448/_matrix/federation/v1/version";
          interval = "5m";
          conditions = [ "[STATUS] == 200" "[CERTIFICATE_EXPIRATION] > 72h" ];
        }
      ];
    };
  };
}
