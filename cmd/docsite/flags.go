package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/site"
)

// flagSet is a command's flags. -h prints the command's usage line, what
// it does and every flag to stdout and succeeds; a bad flag prints the
// error and the usage to stderr and exits with status 2.
type flagSet struct {
	*flag.FlagSet
	name, about    string
	stdout, stderr io.Writer
}

func newFlagSet(name, about string, stdout, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("docsite "+name, flag.ContinueOnError), name: name, about: about, stdout: stdout, stderr: stderr}
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed by parse, to the right stream
	return fs
}

func (fs *flagSet) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: docsite %s [flags]\n", fs.name)
	if fs.about != "" {
		fmt.Fprintf(w, "\n%s\n", fs.about)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintf(w, "\nFlags:\n")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
}

// parse parses args; done reports that the command should return code
// now (after -h, or a usage error).
func (fs *flagSet) parse(args []string) (code int, done bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.printUsage(fs.stdout)
		return exitOK, true
	}
	if err != nil {
		fs.printUsage(fs.stderr)
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.stderr, "docsite %s: unexpected argument %q\n", fs.name, fs.Arg(0))
		return exitUsage, true
	}
	return 0, false
}

// siteFlags are the flags every command that reads a site shares.
type siteFlags struct {
	config string
}

func (f *siteFlags) register(fs *flagSet) {
	fs.StringVar(&f.config, "config", site.FileName, "the site's `file`; its folder is the site root (without one, the current folder is a site with default settings)")
}

// load reads the site configuration. An explicitly named config must
// exist; the default one may be missing.
func (f *siteFlags) load(fs *flagSet) (*site.Config, error) {
	explicit := false
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "config" {
			explicit = true
		}
	})
	if !explicit {
		if _, err := os.Stat(f.config); errors.Is(err, os.ErrNotExist) {
			return site.Default(filepath.Dir(f.config))
		}
	}
	return site.Load(f.config)
}

// printDiags writes findings one per line, sorted, in the
// file:line:col: severity: message form, and a summary.
func printDiags(w io.Writer, l diag.List) {
	l.Sort()
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
}
