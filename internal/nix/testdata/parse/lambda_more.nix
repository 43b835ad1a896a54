[
  ({ a ? b, b ? a }: a)
  ({ a, b ? a }@c: c.a)
  (a: b: c: a b c)
  ({ ... }@all: all)
  (x: let x = 1; in x)
  (x: with x; y)
  (f: f (f 1))
]
