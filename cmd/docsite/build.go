package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/docsite/docsite/internal/build"
	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/site"
)

const buildAbout = `Build renders every Markdown page under the content folder into the output
folder (default public/), checks every internal link and anchor, and replaces
the output folder only if there are no errors. docsite never deletes a file it
did not write (it keeps a manifest, public/.docsite-manifest) and refuses an
output folder holding such files unless -force is given, in which case they
are kept alongside the site.`

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", buildAbout, stdout, stderr)
	var sf siteFlags
	sf.register(fs)
	out := fs.String("out", "", "build into `folder` instead of the configured output (relative to the current folder)")
	force := fs.Bool("force", false, "build into an output folder that holds files docsite did not write (they are kept)")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	quiet := fs.Bool("q", false, "print only problems")
	if code, done := fs.parse(args); done {
		return code
	}
	cfg, err := sf.load(fs)
	if err != nil {
		fmt.Fprintf(stderr, "docsite: %v\n", err)
		return exitUsage
	}
	if *out != "" {
		if cfg.Output, err = filepath.Abs(*out); err != nil {
			fmt.Fprintf(stderr, "docsite: %v\n", err)
			return exitUsage
		}
	}
	start := time.Now()
	res, err := build.Build(cfg, build.Options{Drafts: *drafts, Force: *force})
	if err != nil {
		return reportBuildError(stderr, err)
	}
	printDiags(stderr, res.Diags)
	if res.Diags.HasErrors() {
		res.Discard()
		fmt.Fprintf(stderr, "docsite: %d error(s); %s left as it was\n", res.Diags.Count(diag.Error), relOut(cfg))
		return exitErrors
	}
	if err := res.Publish(); err != nil {
		fmt.Fprintf(stderr, "docsite: publishing: %v\n", err)
		return exitErrors
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %d pages into %s in %v\n", len(res.Pages), relOut(cfg), time.Since(start).Round(time.Millisecond))
	}
	return exitOK
}

func relOut(cfg *site.Config) string {
	if wd, err := filepath.Abs("."); err == nil {
		if r, err := filepath.Rel(wd, cfg.Output); err == nil {
			return r
		}
	}
	return cfg.Output
}

// reportBuildError prints an error that stopped a build and returns the
// exit status: 2 for configuration problems, 1 otherwise.
func reportBuildError(w io.Writer, err error) int {
	fmt.Fprintf(w, "docsite: %v\n", err)
	var ce *build.ConfigError
	var se *site.Error
	if errors.As(err, &ce) || errors.As(err, &se) {
		return exitUsage
	}
	return exitErrors
}
