{ a = 1; b = { c = 2;
/* ERROR NEXT "expected '}', found end of file" */
