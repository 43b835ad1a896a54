package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at link time: go build -ldflags "-X main.version=v1.2.3".
var version = ""

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "", stdout, stderr)
	if code, done := fs.parse(args); done {
		return code
	}
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(stdout, "docsite %s\n", v)
	return exitOK
}
