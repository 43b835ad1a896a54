x: let /* ERROR "dynamic attributes not allowed in let" */ ${x} = 1; in 1
