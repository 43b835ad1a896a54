# Ünïcödé in comments
{ name = "Grüße 🌍"; "kë y" = ''
  ünï
''; }
