let x = 1; in [ "a
b" "cd" "tab	here" ]
