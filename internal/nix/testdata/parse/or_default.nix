let s = { }; f = x: x; in [ (s.a or 1) (s.a.b or s.c or 3) (s.${"a"} or null) (f s.a or 2) ]
