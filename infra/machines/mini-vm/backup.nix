# Nightly restic backup of Synapse and Jellyfin state from mini-vm to bee,
# after the PostgreSQL dump (matrix.nix) has run at 03:00.
# mini-vm reaches bee's LAN address through OrbStack's NAT.
{ config, ... }:

{
  services.restic.backups.mini-vm = {
    repository = "sftp:restic@${config.flags.beeIp}:/srv/restic/mini-vm";
    passwordFile = "/var/lib/secrets/restic-password";
    paths = [
      "/var/backup/postgresql"
      "/var/lib/matrix-synapse"
      "/var/lib/jellyfin/data"
    ];
    timerConfig = {
      OnCalendar = "03:30";
      RandomizedDelaySec = "15m";
      Persistent = true;
    };
    pruneOpts = [ "--keep-daily 7" "--keep-weekly 5" "--keep-monthly 12" ];
  };
}
