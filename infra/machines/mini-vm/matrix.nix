# Matrix Synapse on mini-vm, with Telegram and WhatsApp bridges. Clients and
# other homeservers reach it as matrix.home.example.net through bee and the mini.
{ config, lib, ... }:

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
      # The bridges register as application services.
      app_service_config_files = [
        "/var/lib/mautrix-telegram/telegram-registration.yaml"
        "/var/lib/mautrix-whatsapp/whatsapp-registration.yaml"
      ];
    };
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
        port = bridges.whatsapp;
      };
    };
  };
}
