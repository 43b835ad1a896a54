{ inherit a.b; }
