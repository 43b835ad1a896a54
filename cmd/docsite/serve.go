package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/docsite/docsite/internal/serve"
)

const serveAbout = `Serve builds the site into memory and serves it, rebuilding on every change
to the pages, the theme, site.toml or the Nix and Caddy sources. Open pages
reload in place; errors, broken links and stale facts show as an overlay on
every page and as marks on the claims. The output folder is not touched.

It listens on every interface by default (site.toml [serve] bind and port,
else 0.0.0.0:1313) and prints each URL it answers on. Only the built site is
served, with GET and HEAD: nothing else on disk is reachable.`

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveAbout, stdout, stderr)
	var sf siteFlags
	sf.register(fs)
	bind := fs.String("bind", "", "listen on `address` (default: site.toml [serve] bind, else 0.0.0.0)")
	port := fs.String("port", "", "listen on `port`; 0 picks a free one (default: site.toml [serve] port, else 1313)")
	open := fs.Bool("open", false, "open the site in the default browser")
	if code, done := fs.parse(args); done {
		return code
	}
	p := -1 // site.toml's
	if *port != "" {
		n, err := strconv.Atoi(*port)
		if err != nil || n < 0 || n > 65535 {
			fmt.Fprintf(stderr, "docsite serve: -port %q: want a number from 0 to 65535\n", *port)
			return exitUsage
		}
		p = n
	}
	cfg, err := sf.load(fs)
	if err != nil {
		fmt.Fprintf(stderr, "docsite: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve.Run(ctx, cfg, serve.Options{Bind: *bind, Port: p, Log: stderr}, *open, stdout); err != nil {
		return reportBuildError(stderr, err)
	}
	return exitOK
}
