{ s ? { a.b.c = 1; "x y" = 2; or = 3; }, k ? "a" }:
[
  s.a.b.c s."x y" s.or s.${k} s."${k}" (s.a or s) (s.a.b or s.a or s)
  (s ? a) (s ? a.b.c) (s ? "x y") (s ? ${k}) (s ? or)
  (s.a.b.c or 1 + 2) (s.${k}.b or null)
  (let or = 1; in [ or ]) ({ or = 1; }.or)
]
