let x = "X"; in
[
  ''''
  ''a''
  ''
    two
      deeper
    back
  ''
  ''
    trailing spaces kept  
  last''
  ''
      ${x}
    y
  ''
  ''  first line kept
  second''
  ''
    escapes: ''$ ''' ''\n ''\t ''\  ''\' $ ' $$ $${x} a'b
  ''
  ''
	tab not stripped
    space
  ''
  ''

    empty lines

      do not count
  ''
  ''${x}''
  ''a${x}b''
  ''
    ${x} after interp
      x
  ''
]
