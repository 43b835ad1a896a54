{
  description = "Homelab: bee (public edge), the Mac mini, and the NixOS VM on it";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
    nix-darwin = {
      url = "github:nix-darwin/nix-darwin/nix-darwin-25.05";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { self, nixpkgs, nix-darwin, ... }:
    let
      # Every machine sees the same addresses and domain (modules/flags), so a
      # value changed there moves the Caddy templates and firewalls together.
      shared = [ ./modules/flags ];
    in
    {
      # bee: small x86 box by the router; the only machine ports 80/443 reach.
      nixosConfigurations.bee = nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        modules = shared ++ [ ./machines/bee ];
      };

      # mini-vm: NixOS machine inside OrbStack on the Mac mini.
      nixosConfigurations.mini-vm = nixpkgs.lib.nixosSystem {
        system = "aarch64-linux";
        modules = shared ++ [ ./machines/mini-vm ];
      };

      # mini: the Mac mini itself, managed with nix-darwin.
      darwinConfigurations.mini = nix-darwin.lib.darwinSystem {
        modules = shared ++ [ ./machines/mini ];
      };
    };
}
