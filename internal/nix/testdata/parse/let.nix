let
  a = 1;
  b = a;
  inherit (builtins) map;
  c.d = 1;
  c.e = 2;
  f = let g = 1; in g;
in
  [ a b map c f (let { body = a; x = 1; }) ]
