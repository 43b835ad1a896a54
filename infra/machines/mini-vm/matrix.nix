# Matrix Synapse on mini-vm, with Telegram and WhatsApp bridges. Clients and
# other homeservers reach it as matrix.home.example.net through bee and the mini.
{ config, lib, pkgs, ... }:

let
  domain = config.flags.externalDomain;
  bridges = {
    telegram = 29317;
    whatsapp = 29318;
  };
in
{
  services.matrix-synapse = {
    enable = true;
    settings = {
      server_name = domain;
      public_baseurl = "https://matrix.${domain}/";
      # One plain-HTTP listener for clients and federation; bee terminates TLS.
      listeners = [
        {
          port = 8008;
          bind_addresses = [ "0.0.0.0" ];
          type = "http";
          tls = false;
          x_forwarded = true;
          resources = [
            {
              names = [ "client" "federation" ];
              compress = false;
            }
          ];
        }
      ];
      enable_registration = false;
      # The bridge modules below add their appservice registrations themselves.
    };
  };

  # Synapse's database. Collation must be C, as the NixOS manual says.
  services.postgresql = {
    enable = true;
    initialScript = pkgs.writeText "synapse-init.sql" ''
      CREATE ROLE "matrix-synapse";
      CREATE DATABASE "matrix-synapse" WITH OWNER "matrix-synapse"
        TEMPLATE template0
        LC_COLLATE = "C"
        LC_CTYPE = "C";
    '';
  };

  # Nightly dump for restic (backup.nix) to pick up.
  services.postgresqlBackup = {
    enable = true;
    databases = [ "matrix-synapse" ];
    startAt = "03:00";
  };

  # Matrix Synapse client and federation API (reached via the mini's Caddy)
  networking.firewall.allowedTCPPorts = [ 8008 ];

  # Telegram bridge: appservice on localhost only
  services.mautrix-telegram = {
    enable = true;
    environmentFile = "/var/lib/secrets/mautrix-telegram.env";
    settings = {
      homeserver = {
        address = "http://localhost:8008";
        inherit domain;
      };
      appservice = {
        address = "http://localhost:${toString bridges.telegram}";
        hostname = "127.0.0.1";
        port = bridges.telegram;
      };
    };
  };

  # WhatsApp bridge, only while Synapse is enabled on this machine
  services.mautrix-whatsapp = lib.mkIf config.services.matrix-synapse.enable {
    enable = true;
    settings = {
      homeserver = {
        address = "http://localhost:8008";
        inherit domain;
      };
      appservice = {
        address = "http://localhost:${toString bridges.whatsapp}";
        hostname = "127.0.0.1";
        port = bridges.whatsapp;
      };
    };
  };
}
