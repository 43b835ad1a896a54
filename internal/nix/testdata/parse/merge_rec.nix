{ a.c = 2; a = rec { b = 1; }; d = { e = 1; }; d.f.g = 2; }
