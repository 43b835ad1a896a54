# Facts about the LAN that more than one machine needs. Machines read them as
# config.flags.<name>; the Caddy templates get them as @name@ placeholders.
{ lib, ... }:

{
  options.flags = {
    # bee: public edge, runs the first Caddy hop
    beeIp = lib.mkOption {
      type = lib.types.str;
      default = "192.168.50.3";
      description = "LAN address of bee (static, set in machines/bee).";
    };

    # Mac mini: runs the second Caddy hop and OrbStack
    miniIp = lib.mkOption {
      type = lib.types.str;
      default = "192.168.50.4";
      description = "LAN address of the Mac mini (DHCP reservation on the router).";
    };

    # Router: gateway and DNS resolver for the LAN
    routerIp = lib.mkOption {
      type = lib.types.str;
      default = "192.168.50.1";
      description = "LAN gateway and resolver.";
    };

    lanSubnet = lib.mkOption {
      type = lib.types.str;
      default = "192.168.50.0/24";
      description = "The home LAN; the mini's Caddy only answers clients from here.";
    };

    externalDomain = lib.mkOption {
      type = lib.types.str;
      default = "home.example.net";
      description = "Public domain; every service is a subdomain of it.";
    };
  };
}
