/* block */ # line
{
  /* multi
     line */
  a = /* inline */ 1; # trailing
  #empty next
  #
  b = 2 /**/;
  c = "# not a comment /* nor this */";
}
