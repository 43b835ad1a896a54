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
		if bi, ok := debug.ReadBuildInfo(); ok {
			if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				v = bi.Main.Version
			} else if rev := vcsRevision(bi); rev != "" {
				// A build from a checkout: name the commit, so a bug
				// report says which code it is about.
				v = "(devel " + rev + ")"
			}
		}
	}
	fmt.Fprintf(stdout, "docsite %s\n", v)
	return exitOK
}

// vcsRevision is the short commit a checkout build was made from, with
// "+dirty" when the tree had changes, or "".
func vcsRevision(bi *debug.BuildInfo) string {
	var rev, dirty string
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12:
			rev = s.Value[:12]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "+dirty"
		}
	}
	if rev == "" {
		return ""
	}
	return rev + dirty
}
