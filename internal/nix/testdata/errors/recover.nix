# A bad binding is skipped up to its ';' and the rest still parses.
{
  a = (1 ; /* ERROR "expected '\)', found ';'" */
  c = 3;
  d = ; /* ERROR "expected expression, found ';'" */
  e = 4;
  f g /* ERROR "expected '=', found identifier" */ = 5;
  h = 6;
  ) /* ERROR "expected attribute name or inherit, found '\)'" */ i = 7;
}
