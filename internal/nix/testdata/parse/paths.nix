let b = "B"; in
[
  ./a ./a/b.nix ../up ./. ../. a/b /abs/path /abs/../x ./a/./b
  ~/home/file
  <nixpkgs> <nixpkgs/lib>
  ./a/${b} ./a/${b}.nix ./x/${b}/y /${b} ./${b} a/${b} ~/${b} ./a${b} ./x/${b}${b}
  (./a)
]
