{ a, b, c, d }:
[
  (a -> b -> c) (a || b || c) (a && b && c) (a == b) (a != b)
  (a < b) (a <= b) (a > b) (a >= b) (a // b // c) (!a) (!a // b) (!a + b) (!a == b)
  (a + b + c) (a - b - c) (a * b / c) (a ++ b ++ c) (a ? b) (a ? b.c) (a ? "b") (a ? ${b})
  (-a) (- -a) (-a + b) (-a ? b) (a ++ b ? c) (-a.b c) (a -b) (a - b)
  (a b c) ((a b) c) ((-a) b) ((a < b) c) (a.b or c) (a.b.c or d.e) (a.b or c d)
  (a or) (a or b) (a == b && c != d) (a < b == c) (a + b * c - d / a)
  (a: a) ({ x = 1; }.x) ([ 1 2 ] ++ [ 3 ])
  (a - b)
]
