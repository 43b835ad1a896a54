# Jellyfin on mini-vm. The media library lives on the Mac's external disk and
# is shared into the VM by OrbStack under /mnt/mac.
{ config, pkgs, ... }:

let
  # Jellyfin's HTTP port is set in its own network.xml, not by the NixOS
  # module; 8096 is its default. Keep this in step with that file.
  jellyfinPort = 8096;
in
{
  services.jellyfin = {
    enable = true;
    user = "sam";
    dataDir = "/var/lib/jellyfin";
  };

  # Jellyfin web UI and API; HTTPS (8920) stays closed, TLS ends at bee.
  networking.firewall.allowedTCPPorts = [ jellyfinPort ];

  environment.systemPackages = [ pkgs.jellyfin-ffmpeg ];
}
