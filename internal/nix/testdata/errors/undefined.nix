{ lib, ... }:
{
  a = lib.mkIf enable /* ERROR "undefined variable 'enable'" */ { };
  b = with lib; anything;
  c = let d = 1; in [ d e /* ERROR "undefined variable 'e'" */ ];
}
