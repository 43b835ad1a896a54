package serve

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"time"

	"github.com/docsite/docsite/internal/site"
)

// Start builds the site cfg describes into memory and serves it,
// rebuilding on every change, until Shutdown. Bind and Port in opts
// override site.toml's [serve] table; Port -1 takes it from there, Port 0
// picks a free port.
func Start(cfg *site.Config, opts Options) (*Server, error) {
	e := newSiteEngine(cfg)
	bind, port := opts.Bind, opts.Port
	if bind == "" {
		bind = e.cfg.Serve.Bind
	}
	if bind == "" {
		bind = "0.0.0.0"
	}
	if port < 0 {
		port = e.cfg.Serve.Port
		if port <= 0 {
			port = 1313
		}
	}
	return start(e, bind, port, opts)
}

// Run is Start, then printing where the site can be reached, then serving
// until ctx is done (SIGINT, SIGTERM), then a graceful shutdown.
func Run(ctx context.Context, cfg *site.Config, opts Options, open bool, out io.Writer) error {
	if opts.Log == nil {
		opts.Log = out
	}
	srv, err := Start(cfg, opts)
	if err != nil {
		return err
	}
	urls := srv.URLs()
	fmt.Fprintf(out, "docsite serve: %s\n\n", srv.Summary())
	for i, u := range urls {
		label := "Network:"
		if i == 0 {
			label = "Local:  "
		}
		fmt.Fprintf(out, "  ➜  %s %s\n", label, u)
	}
	fmt.Fprintln(out, "\nWatching for changes; press Ctrl+C to stop.")
	if open && len(urls) > 0 {
		openBrowser(urls[0])
	}
	<-ctx.Done()
	fmt.Fprintln(out, "\nShutting down.")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// openBrowser asks the desktop to open url; failing is harmless.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
