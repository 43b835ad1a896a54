package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/docsite/docsite/internal/build"
	"github.com/docsite/docsite/internal/validate"
)

const checkAbout = `Check validates the site without writing anything: every IP, port, host name,
host:port and URL the runbooks state is checked against the Nix files and
Caddy templates named in site.toml [validate], and every internal link and
anchor is checked. Findings print as file:line:col: severity: message.

A claim is verified (the config has the value for its subject), stale (the
config gives its subject another value: an error), unverified (nothing in the
config speaks to it: a warning, an error with -strict) or ignored (a
<!-- docsite-ignore: reason --> comment or site.toml). Exit status: 0 clean,
1 errors found, 2 usage or configuration error.

-explain content/x.md:42 prints, for each claim on that line, the verdict, the
words it was judged by and the config facts behind it.`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", checkAbout, stdout, stderr)
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "output `format`: text, json (schema in internal/validate/doc.go) or github (workflow annotations)")
	all := fs.Bool("all", false, "with -format json, list verified and ignored claims too")
	strict := fs.Bool("strict", false, "unverified claims are errors")
	explain := fs.String("explain", "", "explain the verdicts of the claims at `file:line` and exit")
	if code, done := fs.parse(args); done {
		return code
	}
	switch *format {
	case "text", "json", "github":
	default:
		fmt.Fprintf(stderr, "docsite check: unknown -format %q (want text, json or github)\n", *format)
		return exitUsage
	}
	var exFile string
	var exLine int
	if *explain != "" {
		i := strings.LastIndexByte(*explain, ':')
		n, err := strconv.Atoi((*explain)[i+1:])
		if i <= 0 || err != nil || n < 1 {
			fmt.Fprintf(stderr, "docsite check: -explain wants file:line, got %q\n", *explain)
			return exitUsage
		}
		exFile, exLine = (*explain)[:i], n
	}
	cfg, err := sf.load(fs)
	if err != nil {
		fmt.Fprintf(stderr, "docsite: %v\n", err)
		return exitUsage
	}
	if *strict {
		cfg.Validate.Strict = true
	}
	start := time.Now()

	// The inventory loads while the pages are read; each page hands over
	// its claims from the very AST the build parses (links are checked on
	// the way). Nothing is rendered or written.
	v := startValidation(cfg, *explain != "" || *format == "json" && *all)
	res, err := build.Build(cfg, build.Options{CheckOnly: true, PageHook: v.hook})
	if err != nil {
		return reportBuildError(stderr, err)
	}
	rep := v.finish(res.Diags)
	rep.Elapsed = time.Since(start)
	inv := v.inv

	if *explain != "" {
		if cwdRel, err := relToRoot(cfg.Root, exFile); err == nil {
			exFile = cwdRel
		}
		validate.Explain(stdout, rep, inv, exFile, exLine)
		return exitOK
	}
	switch *format {
	case "json":
		if err := validate.WriteJSON(stdout, rep, *all); err != nil {
			fmt.Fprintf(stderr, "docsite: %v\n", err)
			return exitErrors
		}
	case "github":
		validate.WriteGitHub(stdout, rep)
		fmt.Fprintln(stdout, validate.Summary(rep))
	default:
		tty := validate.Terminal(stdout)
		validate.WriteText(stdout, rep, validate.TextOptions{Root: cfg.Root, Color: tty, Excerpt: tty})
		fmt.Fprintln(stderr, validate.Summary(rep))
	}
	if rep.All().HasErrors() {
		return exitErrors
	}
	return exitOK
}

// relToRoot turns a path given on the command line (relative to the
// current folder) into the root-relative form diagnostics use; a path that
// already is root-relative stays as it is.
func relToRoot(root, p string) (string, error) {
	if _, err := os.Stat(p); err != nil {
		return p, err
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p, err
	}
	r, err := filepath.Rel(root, abs)
	if err != nil {
		return p, err
	}
	return filepath.ToSlash(r), nil
}
