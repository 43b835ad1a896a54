let x = "dyn"; v = 1; in
{
  a = 1;
  b.c = 2;
  b.d = 3;
  "quoted name" = 4;
  "if" = 5;
  then = 6;
  "" = 7;
  "1x" = 8;
  or = 9;
  ${x} = 10;
  "${x}2" = 11;
  ${"static"} = 12;
  inherit v;
  inherit (builtins) toString map;
  e = { f = 1; };
  e.g = 2;
  h = rec { i = 1; j = i; };
  h.k = 3;
  nested.${x}.y = 1;
  l = { m = 1; } // { n = 2; };
  A = 1; _u = 2; a-b = 3; "a'" = 4; "a.b" = 5;
}
