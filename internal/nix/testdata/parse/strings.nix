let name = "jellyfin"; port = 8096; in
[
  "${name}" "a${name}b" "${name}${toString port}" "${ "nested ${name}" }"
  "x ${name} y ${toString port} z"
  "\${not} interp"
]
