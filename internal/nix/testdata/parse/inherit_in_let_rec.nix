let a = 1; in let inherit a; b = { inherit a; }; in rec { inherit a; c = b; }
