package main

import (
	"fmt"
	"io"
)

func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"}, stdout, stderr)
		}
	}
	if args[0] == "help" {
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "docsite help: unknown command %q\n", args[0])
	return exitUsage
}
