//go:build !unix

package nix

func cpuTime() int64 { return 0 }
