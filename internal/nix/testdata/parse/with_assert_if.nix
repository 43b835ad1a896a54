{ pkgs, lib }:
with pkgs; with lib;
assert true;
assert pkgs != null; {
  x = if true then 1 else 2;
  y = anything.from.with;
  z = if a then if b then c else d else e;
}
