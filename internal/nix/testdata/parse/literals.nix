# Numbers, strings, URIs and the special identifiers.
[
  0 42 007 9223372036854775807
  1.5 .5 0.5 1.e3 2. 1.5E+2 0.1e-3 123456789.0 1.0e-5 00.5
  "" "plain" "esc \n \t \r \" \\ \$ \q" "dollar $ at end$" "$$" "$${x}" "a$"
  "multi
line" "cr
lf"
  https://example.com/x?y=1&z=%20 x:y mailto:me@example.com
  true false null __curPos builtins
]
