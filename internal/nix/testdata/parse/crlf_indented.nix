let x = 1; in [ ''
  crlf
  lines
'' ''
  a
  b
'' "a
b" ]
