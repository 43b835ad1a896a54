[
  (x: x)
  (x: y: x y)
  ({ a, b ? 1, ... }: a)
  ({ a, b }@args: args)
  (args@{ a, ... }: a)
  ({ ... }: 1)
  ({}: 1)
  ({ a, }: a)
  ({ a ? { b = 1; }, c ? a.b }: c)
  (x: { inherit x; })
]
