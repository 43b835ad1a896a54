package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/docsite/docsite/internal/build"
	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/site"
	"github.com/docsite/docsite/internal/validate"
)

const buildAbout = `Build renders every Markdown page under the content folder into the output
folder (default public/), checks every internal link and anchor and every
fact the pages state against the Nix and Caddy sources ([validate] in
site.toml), and replaces the output folder only if there are no errors. docsite never deletes a file it
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
	noValidate := fs.Bool("no-validate", false, "do not check facts against the Nix and Caddy sources (also DOCSITE_VALIDATE=0)")
	strict := fs.Bool("strict", false, "unverified facts are errors, not warnings (also [validate] strict)")
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
	if *strict {
		cfg.Validate.Strict = true
	}
	start := time.Now()
	opts := build.Options{Drafts: *drafts, Force: *force}
	check := cfg.Validate.Enabled && !*noValidate && os.Getenv("DOCSITE_VALIDATE") != "0"
	var v *validation
	if check {
		v = startValidation(cfg, false)
		opts.PageHook = v.hook
	}
	res, err := build.Build(cfg, opts)
	if err != nil {
		return reportBuildError(stderr, err)
	}
	failed := res.Diags.HasErrors()
	if check {
		rep := v.finish(res.Diags)
		validate.WriteText(stderr, rep, validate.TextOptions{Root: cfg.Root, Color: validate.Terminal(stderr), Excerpt: validate.Terminal(stderr)})
		failed = rep.All().HasErrors()
	} else {
		printDiags(stderr, res.Diags)
	}
	if failed {
		res.Discard()
		fmt.Fprintf(stderr, "docsite: build failed; %s left as it was\n", relOut(cfg))
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

// validation checks facts while the site builds: the inventory loads
// while pass 1 reads the pages; in pass 2 each page's claims are
// extracted from its AST and judged on the worker that parsed it, so
// nothing of a page outlives its turn but its findings. Claims need only
// the config's host names; the pages parsed while the inventory's indexes
// are still being built wait, as claims, for the first worker after.
type validation struct {
	hosts   chan struct{} // closed when inv knows its host names
	indexed chan struct{} // closed when run may judge
	inv     *validate.Inventory
	run     *validate.Run
	mu      sync.Mutex
	pending [][]validate.Claim // pages that came before indexed
}

// startValidation starts loading the inventory. all keeps every claim's
// result for the report (JSON with every claim, --explain), not only the
// findings.
func startValidation(cfg *site.Config, all bool) *validation {
	v := &validation{hosts: make(chan struct{}), indexed: make(chan struct{})}
	go func() {
		v.inv, _ = validate.StartInventory(cfg) // its warnings are in inv.Diags
		close(v.hosts)
		v.run = validate.NewRun(v.inv, cfg, all) // waits for the indexes
		close(v.indexed)
	}()
	return v
}

func (v *validation) hook(p *build.Page, src []byte, doc ast.Node) {
	<-v.hosts
	judged := false
	v.inv.ClaimsFunc(p.Source, src, doc, func(claims []validate.Claim) {
		select {
		case <-v.indexed:
			v.run.Page(claims)
			judged = true
		default:
			claims = slices.Clone(claims)
			v.mu.Lock()
			v.pending = append(v.pending, claims)
			v.mu.Unlock()
		}
	})
	if judged {
		v.drain()
	}
}

// drain judges the pages that came before the indexes were built.
func (v *validation) drain() {
	v.mu.Lock()
	pending := v.pending
	v.pending = nil
	v.mu.Unlock()
	for _, claims := range pending {
		v.run.Page(claims)
	}
}

// finish returns the report; the build's own findings join it. Its
// Pages are the pages the hook saw.
func (v *validation) finish(buildDiags diag.List) *validate.Report {
	<-v.indexed
	v.drain()
	rep := v.run.Report()
	rep.Links = buildDiags
	return rep
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
