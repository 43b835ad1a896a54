let x = "X"; in
[
  ''
    ${x}
    ${x}  ${x}
      tail ''
  ''
      a
    ''\t b
  ''
  ''  ''
  ''
  ''
  ''
    

    x
  ''
  ''
	tabs
	are not indentation
  ''
  ''
    $${x} ''${x} '''${x}
  ''
  ''line1
    line2
  ''
]
