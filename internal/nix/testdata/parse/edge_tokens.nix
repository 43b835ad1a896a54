# Token boundaries that flex's longest match decides.
let
  f = x: x;
  a-b = 1;
  x = 2;
in [
  (f 1.5.6) (f .5.5) (f 1..2) a-b (x-x) (x - x)
  a/b.c/d ./a.nix.bak +/x -/y _x/y
  x:x http://a.b/c?d=e&f=g#frag mailto:x@y.z
  (x++x) (x //x) (x// x)
  ''a$''  ''$'' ''\'' ''x'''' ''
  a
  ''
  "$" "\$" "$\n" "a$$" "\${x}"
]
