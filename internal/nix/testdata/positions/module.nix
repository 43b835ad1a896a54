{ config, lib, a, f, x, y, ... }:
let
	port = 8096; # tab-indented line
  host = "mini-vm";
in {
  # Jellyfin media server
  services.jellyfin = {
    enable = true;
    url = "http://${host}:${toString port}/";
  };
  inherit (lib) mkIf;
  x = ''
    a ${host}
  '';
  p = ./a/${host} ;
  y = -1 + a.b or 2 != 3 && !(f x y);
  z = { a ? 1, ... }@args: [ a 2.5 ];
}
