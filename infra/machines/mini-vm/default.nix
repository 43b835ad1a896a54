# mini-vm: NixOS machine in OrbStack on the Mac mini, created with
# `orb create nixos:25.05 mini-vm`. OrbStack gives it a NAT address that the
# flake does not choose; the mini reaches it as mini-vm.orb.local.
{ config, lib, modulesPath, ... }:

{
  imports = [
    # OrbStack machines are LXC-style containers without their own kernel.
    (modulesPath + "/virtualisation/lxc-container.nix")
    ./jellyfin.nix
    ./matrix.nix
    ./backup.nix
  ];

  networking.hostName = "mini-vm";

  # OrbStack hands out the address over DHCP on eth0 and answers DNS itself.
  networking.useDHCP = lib.mkDefault true;

  # Traffic from the mini arrives through OrbStack's NAT on eth0, so services
  # listen on all interfaces and each service file opens its own port.
  networking.firewall.enable = true;

  services.openssh.enable = true;

  users.users.sam = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
  };
  security.sudo.wheelNeedsPassword = false;

  nix.settings.experimental-features = [ "nix-command" "flakes" ];
  system.stateVersion = "25.05";
}
