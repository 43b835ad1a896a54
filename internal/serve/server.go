package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/docsite/docsite/internal/diag"
)

// Options configure a Server. Zero values take site.toml's [serve] table,
// then the defaults (0.0.0.0, port 1313).
type Options struct {
	Bind string
	Port int // -1: site.toml or 1313; 0: any free port
	Log  io.Writer
	// Settle is how long the file system must be still before a rebuild
	// starts when every changed file is in place (written, not empty);
	// 3 ms when zero. Quiet is how long otherwise (a file renamed away or
	// empty: an editor's save in progress); 20 ms when zero. See Debounce.
	Settle, Quiet time.Duration
	// Heartbeat overrides the 15 s SSE heartbeat (tests).
	Heartbeat time.Duration
}

// A snapshot is the outcome of one (re)build: the complete site and what
// the overlay shows about it.
type snapshot struct {
	files map[string]*File
	pages map[string]string // Markdown source (absolute path) → page key
	// find is nil when the findings are to come from check: the pages are
	// published first, so a browser shows an edit before the whole site is
	// validated again, and the verdicts follow in a findings event.
	find  *Findings
	check func() *Findings
}

// A rebuilder is the build and validation as the server drives them.
type rebuilder interface {
	// Rebuild brings the site up to date after the given files changed;
	// nil means everything. It returns the last good files with the new
	// findings when the build itself cannot run (site.toml does not parse),
	// and nil when none of the files is an input.
	Rebuild(changed []string) *snapshot
	// Watch lists the directory trees to watch; Skip reports paths in
	// them that are not inputs (the output folder, .git).
	Watch() []string
	Skip(path string) bool
	BasePath() string
	NavigateToChanged() bool
}

// A Server is a running development server.
type Server struct {
	handler *Handler
	hub     *Hub
	site    rebuilder
	http    *http.Server
	ln      net.Listener
	watch   *Watcher
	log     io.Writer

	epoch    string
	n        atomic.Int64
	mu       sync.Mutex     // serialises rebuilds and guards the fields below
	find     *Findings      // last published
	gen      int            // of the last rebuild that started a check
	checks   sync.WaitGroup // background checks
	findJSON *findingsJSON
	done     chan struct{}
	loop     sync.WaitGroup
	closed   atomic.Bool
	builds   atomic.Int64
	summary  string
}

func start(s rebuilder, bind string, port int, opts Options) (*Server, error) {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 20 * time.Millisecond
	}
	if opts.Settle <= 0 {
		opts.Settle = 3 * time.Millisecond
	}
	hub := NewHub()
	if opts.Heartbeat > 0 {
		hub.Heartbeat = opts.Heartbeat
	}
	srv := &Server{
		handler: NewHandler(s.BasePath(), hub),
		hub:     hub,
		site:    s,
		log:     opts.Log,
		epoch:   strconv.FormatInt(time.Now().UnixNano()/1e6, 36),
		done:    make(chan struct{}),
	}
	// The watcher starts first: an edit made during the first build is
	// rebuilt after it, and the build may trust the watcher to name every
	// file changed since (build.Builder.UpdateFiles).
	w, err := Watch(s.Watch(), s.Skip, Debounce{Settle: opts.Settle, Quiet: opts.Quiet, Max: 10*opts.Quiet + 200*time.Millisecond})
	if err != nil {
		return nil, err
	}
	srv.watch = w
	t0 := time.Now()
	snap := s.Rebuild(nil)
	if snap.check != nil {
		snap.find, snap.check = snap.check(), nil
	}
	srv.publish(snap, nil)
	srv.summary = srv.describe(snap, time.Since(t0))

	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		w.Close()
		return nil, err
	}
	srv.ln = ln
	srv.http = &http.Server{
		Handler:           srv.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	srv.http.RegisterOnShutdown(hub.Close)

	srv.loop.Add(2)
	go func() {
		defer srv.loop.Done()
		if err := srv.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(srv.log, "docsite serve:", err)
		}
	}()
	go srv.run()
	return srv, nil
}

func (srv *Server) run() {
	defer srv.loop.Done()
	for {
		select {
		case batch, ok := <-srv.watch.Changes():
			if !ok {
				return
			}
			srv.Rebuild(batch) // nil after lost events: everything
		case err := <-srv.watch.Errors():
			fmt.Fprintln(srv.log, "docsite serve: watch:", err)
		}
	}
}

// Rebuild rebuilds after the given files changed (nil: everything) and
// publishes the result. The watcher calls it; tests may too.
func (srv *Server) Rebuild(changed []string) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	start := time.Now()
	snap := srv.site.Rebuild(changed)
	if snap == nil {
		return // no input changed
	}
	srv.publish(snap, changed)
	if snap.check == nil {
		return
	}
	// The pages are out; check the whole site in the background. A newer
	// edit supersedes this check (it brings its own), so a burst of saves
	// never waits for one.
	srv.gen++
	gen := srv.gen
	srv.checks.Add(1)
	go func() {
		defer srv.checks.Done()
		find := snap.check()
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if gen != srv.gen {
			return
		}
		snap.find = find
		srv.publish(snap, nil)
		fmt.Fprintf(srv.log, "rebuilt: %s\n", srv.describe(snap, time.Since(start)))
	}()
}

// wait waits for the background checks to finish.
func (srv *Server) wait() { srv.checks.Wait() }

// describe is the one line printed after a build, e.g.
// "12 pages, 0 errors, 2 warnings in 41ms".
func (srv *Server) describe(snap *snapshot, d time.Duration) string {
	var errs, warns int
	if srv.find != nil {
		errs, warns = srv.find.Diagnostics.Count(diag.Error), srv.find.Diagnostics.Count(diag.Warning)
	}
	return fmt.Sprintf("%d pages, %d errors, %d warnings in %v", len(snap.pages), errs, warns, d.Round(time.Millisecond))
}

// Addr returns the address the server listens on.
func (srv *Server) Addr() net.Addr { return srv.ln.Addr() }

// URLs returns every URL the server can be reached at.
func (srv *Server) URLs() []string {
	a := srv.ln.Addr().(*net.TCPAddr)
	bind := a.IP.String()
	if a.IP.IsUnspecified() && a.IP.To4() == nil {
		bind = "::"
	}
	return URLs(bind, a.Port, srv.site.BasePath())
}

// Summary is the first build's summary line.
func (srv *Server) Summary() string { return srv.summary }

// Current returns the version being served.
func (srv *Server) Current() *Version { return srv.handler.Current() }

// Builds returns how many versions were published.
func (srv *Server) Builds() int64 { return srv.builds.Load() }

// Shutdown stops watching, ends the event streams and waits (until ctx is
// done) for requests in flight.
func (srv *Server) Shutdown(ctx context.Context) error {
	if !srv.closed.CompareAndSwap(false, true) {
		return nil
	}
	srv.watch.Close()
	err := srv.http.Shutdown(ctx)
	srv.loop.Wait()
	srv.checks.Wait()
	return err
}

// publish makes snap the served version and tells the browsers what
// changed: a reload (naming the changed pages and, for a single edited
// page, that page), new CSS to swap in, or only new findings.
func (srv *Server) publish(snap *snapshot, changed []string) {
	fj := srv.findJSON
	if snap.find != nil && snap.find != srv.find {
		snap.find.NavigateToChanged = srv.site.NavigateToChanged()
		var prevMarks map[string][]Mark
		if srv.find != nil {
			prevMarks = srv.find.Claims
		}
		fj = snap.find.encode(srv.findJSON, prevMarks)
	}
	if fj == nil {
		fj = (&Findings{}).encode(nil, nil)
	}
	old := srv.handler.Current()
	id := srv.epoch + "." + strconv.FormatInt(srv.n.Add(1), 10)
	v := newVersion(id, snap.files, fj)
	diff := v.Changed(old)
	if srv.builds.Load() > 0 && len(diff) == 0 && fj.equal(srv.findJSON) {
		return // nothing a browser could see
	}
	if snap.find != nil {
		srv.find = snap.find
	}
	srv.findJSON = fj
	srv.handler.Publish(v)
	srv.builds.Add(1)

	var pages, css []string
	all := false
	for _, name := range diff {
		switch {
		case strings.HasSuffix(name, ".html"):
			pages = append(pages, pageKey(name))
		case strings.HasSuffix(name, ".css"):
			css = append(css, name)
		case name == "search-index.js":
			// Loaded on demand by the search box; no page shows it.
		default:
			all = true // a script or an image: any page may use it
		}
	}
	if len(pages) > 500 {
		pages, all = nil, true
	}
	var edited *string
	if md := editedPage(changed, snap.pages); md != "" {
		if key := snap.pages[md]; contains(pages, key) || all {
			edited = &key
		}
	}
	switch {
	case len(pages) == 0 && !all && len(css) > 0:
		srv.hub.Send("css", map[string]any{"version": id, "css": css})
	case len(pages) > 0 || all:
		srv.hub.Send("reload", map[string]any{"version": id, "changed": pages, "all": all, "css": css, "edited": edited})
	default:
		srv.hub.Send("findings", map[string]any{"version": id})
	}
}

// editedPage returns the one Markdown page a batch of changes touched, for
// navigate-to-changed; "" when there were several or none.
func editedPage(changed []string, pages map[string]string) string {
	found := ""
	for _, p := range changed {
		if _, ok := pages[p]; ok {
			if found != "" && found != p {
				return ""
			}
			found = p
		}
	}
	return found
}

// pageKey turns an output path into the key the live script uses for a
// page: "mini-vm/index.html" → "mini-vm/", "index.html" → "".
func pageKey(name string) string {
	if path.Base(name) == "index.html" {
		return strings.TrimSuffix(name, "index.html")
	}
	return name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
