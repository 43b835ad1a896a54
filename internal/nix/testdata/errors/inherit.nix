let x = "a"; in { inherit /* ERROR NEXT "dynamic attributes not allowed in inherit" */ ${x}; }
