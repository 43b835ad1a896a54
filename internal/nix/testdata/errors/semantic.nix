{
  a = 1;
  a /* ERROR "attribute 'a' already defined at .*semantic.nix:2:3" */ = 2;
  b.c = 1;
  /* ERROR NEXT "attribute 'b.c' already defined" */ b.c = 2;
  e = { f, f /* ERROR "duplicate formal function argument 'f'" */ }: f;
}
