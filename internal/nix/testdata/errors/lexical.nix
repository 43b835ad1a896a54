[
  9223372036854775808 /* ERROR "invalid integer '9223372036854775808'" */
  1.0e999 /* ERROR "invalid float" */
  ./a/ /* ERROR HERE "path has a trailing slash" */
]
