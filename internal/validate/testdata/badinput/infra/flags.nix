{ lib, ... }:
{
  # bee: the edge
  options.flags.beeIp = lib.mkOption {
    type = lib.types.str;
    default = "192.168.50.3";
  };
}
