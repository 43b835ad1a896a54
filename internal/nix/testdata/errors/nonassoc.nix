[ (1 == 2 == /* ERROR "operator == is not associative" */ 3) (1 < 2 < /* ERROR "not associative" */ 3) ]
