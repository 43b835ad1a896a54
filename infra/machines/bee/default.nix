# bee: NixOS on a small x86 box next to the router. The router forwards
# ports 80, 443 and 8448 here; everything else on bee is LAN-only.
{ config, lib, pkgs, ... }:

{
  imports = [
    ./hardware-configuration.nix
    ./caddy.nix
    ./gatus.nix
  ];

  networking.hostName = "bee";

  # Static address: bee must be where the router's port forwards point.
  networking.useDHCP = false;
  networking.interfaces.enp2s0.ipv4.addresses = [
    {
      address = config.flags.beeIp;
      prefixLength = 24;
    }
  ];
  networking.defaultGateway = config.flags.routerIp;
  networking.nameservers = lib.mkDefault [ config.flags.routerIp ];

  # SSH from the LAN only; the router does not forward 22.
  services.openssh = {
    enable = true;
    ports = [ 22 ];
    settings.PasswordAuthentication = false;
  };

  users.users.sam = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
  };

  # Backup target for mini-vm's restic job (sftp only, see mini-vm/backup.nix).
  users.users.restic = {
    isNormalUser = true;
    home = "/srv/restic";
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq3f0m7Zb2kS9dX4rT8vW1yN6cP5uE0aJ2gL7hQ3sBd root@mini-vm"
    ];
  };

  nix.settings.experimental-features = [ "nix-command" "flakes" ];
  system.stateVersion = "25.05";
}
