{ config, ... }:
{
  services.jellyfin = {
    enable = true;
    port = 8096
  };
}
