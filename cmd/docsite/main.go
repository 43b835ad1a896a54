// Command docsite renders runbooks and checks their facts against the flake.
package main

func main() {}
