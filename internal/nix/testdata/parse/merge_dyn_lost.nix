let k = "x"; in { a.b = 1; a = { ${k} = 2; c = 3; }; }
