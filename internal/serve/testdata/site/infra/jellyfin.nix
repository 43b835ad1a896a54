{ ... }:
{
  services.jellyfin.enable = true;
  services.jellyfin.port = 8096;
}
