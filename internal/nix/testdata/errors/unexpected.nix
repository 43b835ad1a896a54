let
  x = ) /* ERROR "expected expression, found '\)'" */;
  y = [ 1 2 ;  /* ERROR "expected '\]', found ';'" */
in x
