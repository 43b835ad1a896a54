let a-b = 1; a' = 2; _x = 3; x-y' = 4; in [ a-b a' _x x-y' ]
