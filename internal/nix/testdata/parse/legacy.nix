let { x = 1; body = x; }
