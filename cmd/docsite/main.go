// Command docsite renders Markdown runbooks into a static site and checks
// the facts they state against the Nix flake and Caddy files beside them.
//
// Usage:
//
//	docsite <command> [flags]
//
// Each command lives in its own file, <name>.go, as
// func runName(args []string, stdout, stderr io.Writer) int, and is listed
// once in the commands table below. Exit status: 0 success, 1 build or
// validation errors, 2 usage or configuration error.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses.
const (
	exitOK     = 0
	exitErrors = 1 // the build or validation found errors
	exitUsage  = 2 // bad flags, bad site.toml, refused output folder
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands lists every subcommand, in the order help prints them. Add one
// line here per new command file.
var commands []command

func init() {
	commands = []command{
		{"build", "build the site into the output folder", runBuild},
		{"check", "check facts and links without writing output (-format text|json|github, -explain file:line)", runCheck},
		{"facts", "list the facts the config defines, with positions and subject words", runFacts},
		{"serve", "serve the site with live reload and the findings overlay", runServe},
		{"version", "print docsite's version", runVersion},
		{"help", "show help for docsite or a command", runHelp},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(nil, stdout, stderr)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "docsite: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "docsite renders Markdown runbooks into a static site and checks their facts.\n\n")
	fmt.Fprintf(w, "Usage:\n\n\tdocsite <command> [flags]\n\nCommands:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nFlags of each command (also \"docsite <command> -h\"):\n")
	for _, c := range commands {
		if c.name == "help" {
			continue
		}
		var b strings.Builder
		c.run([]string{"-h"}, &b, io.Discard)
		_, flags, ok := strings.Cut(b.String(), "\nFlags:\n")
		if !ok {
			continue
		}
		fmt.Fprintf(w, "\n  docsite %s\n", c.name)
		for _, l := range strings.SplitAfter(strings.TrimRight(flags, "\n"), "\n") {
			fmt.Fprintf(w, "  %s", l)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Exit status: 0 success, 1 build or validation errors, 2 usage or configuration error.\n")
}
