 /* ERROR "expected expression, found a byte order mark \(U\+FEFF\), which Nix rejects" */ { a = 1; }
