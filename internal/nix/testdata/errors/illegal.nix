# Characters Nix has no token for: the message names the character.
{
  a = “ /* ERROR "expected expression, found '“' \(U\+201C\)" */ hello;
}
