x: x |> x
