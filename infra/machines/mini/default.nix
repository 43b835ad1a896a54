# mini: the Mac mini, managed with nix-darwin. It hosts OrbStack (and so
# mini-vm) and runs the second Caddy hop between bee and the VM.
{ config, pkgs, ... }:

{
  imports = [ ./caddy.nix ];

  networking.hostName = "mini";
  networking.computerName = "Mac mini";
  # The LAN address (flags.miniIp) is a DHCP reservation on the router;
  # macOS only needs to be told which resolver to use.
  networking.knownNetworkServices = [ "Ethernet" ];
  networking.dns = [ config.flags.routerIp ];

  # OrbStack runs the NixOS VM; its settings (start at login, data on the
  # external disk) are set in its UI, not here.
  homebrew = {
    enable = true;
    casks = [ "orbstack" ];
  };

  environment.systemPackages = [ pkgs.caddy pkgs.curl ];

  system.primaryUser = "sam";
  security.pam.services.sudo_local.touchIdAuth = true;

  nix.settings.experimental-features = [ "nix-command" "flakes" ];
  nixpkgs.hostPlatform = "aarch64-darwin";
  system.stateVersion = 6;
}
