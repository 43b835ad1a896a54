package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// A Watcher reports changed files under a set of directory trees, in
// batches: an editor's save (write a temp file, rename it over the old one,
// chmod) arrives as one batch naming the file once.
type Watcher struct {
	fs   *fsnotify.Watcher
	skip func(path string) bool
	d    Debounce

	changes chan []string
	errors  chan error
	done    chan struct{}
	wg      sync.WaitGroup

	mu      sync.Mutex
	watched map[string]bool
	lost    bool // an error since the last batch: events may be missing
}

// Debounce says when a batch of changes is complete. A save is a burst of
// events: vim renames the file away, writes a new one and chmods it; an
// atomic save renames a temporary file over it; a plain one truncates and
// writes. Once every file of the burst is back in place with content,
// only stragglers of the same burst can follow, within microseconds, so
// a few milliseconds of stillness end the batch; while a file is missing
// or empty, another write is likely and the batch waits longer.
type Debounce struct {
	// Settle is the stillness that ends a batch whose files are all in
	// place: each exists and is a folder or a non-empty file.
	Settle time.Duration
	// Quiet is the stillness that ends any other batch: a file removed
	// or renamed away, or empty (an editor may be writing it).
	Quiet time.Duration
	// Max ends a batch at the latest this long after its first event,
	// however busy the files are.
	Max time.Duration
}

// Watch starts watching the trees under roots, including directories
// created later. skip reports paths to leave alone (the output folder,
// .git); ignored editor files (swap, backup and lock files) are left out
// without asking. d says when a batch is sent.
func Watch(roots []string, skip func(path string) bool, d Debounce) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if skip == nil {
		skip = func(string) bool { return false }
	}
	d.Settle = min(d.Settle, d.Quiet)
	w := &Watcher{
		fs: fw, skip: skip, d: d,
		changes: make(chan []string, 1), errors: make(chan error, 8), done: make(chan struct{}),
		watched: map[string]bool{},
	}
	for _, r := range roots {
		w.addRoot(r)
	}
	w.lost = false // what could not be watched was not watched before the start either
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Changes delivers batches of changed paths (files created, written,
// removed or renamed; a new directory stands for every file in it), sorted.
// A nil batch follows an error: events may have been lost (the kernel's
// queue overflowed, a new folder could not be watched), so anything may
// have changed.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Errors delivers watch errors (such as the inotify watch limit); the
// watcher carries on, and sends a nil batch.
func (w *Watcher) Errors() <-chan error { return w.errors }

// Close stops the watcher; the Changes channel is closed.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fs.Close()
	w.wg.Wait()
	return err
}

// Ignored reports whether base is the name of an editor's temporary file:
// vim's swap files and its 4913 write test, backups ending in ~, emacs's
// .# lock and #…# autosave files, JetBrains' safe-write files.
func Ignored(base string) bool {
	switch {
	case base == "4913", base == ".DS_Store",
		strings.HasSuffix(base, "~"),
		strings.HasPrefix(base, ".#"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"):
		return true
	}
	return false
}

// addTree watches dir and every directory below it. With found non-nil, it
// also reports the files it meets: a directory that appeared (created, or
// moved in) brings its files along, and their own events may have come and
// gone before the watch existed.
func (w *Watcher) addTree(dir string, found func(string)) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished meanwhile, or unreadable: nothing to watch
		}
		if p != dir && (w.skip(p) || Ignored(d.Name())) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if found != nil {
				found(p)
			}
			return nil
		}
		w.watchDir(p)
		return nil
	})
}

// addRoot watches the tree under root. A root that is a symbolic link to
// a folder (a site at ~/notes, a link to /srv/notes) is watched through
// the link, so that the paths reported are the ones the site's config
// uses; a walk would not enter it.
func (w *Watcher) addRoot(root string) {
	if fi, err := os.Lstat(root); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		w.addTree(root, nil)
		return
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return
	}
	w.watchDir(root)
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if p := filepath.Join(root, e.Name()); e.IsDir() && !w.skip(p) && !Ignored(e.Name()) {
			w.addTree(p, nil)
		}
	}
}

// watchDir watches the folder p itself, once.
func (w *Watcher) watchDir(p string) {
	w.mu.Lock()
	seen := w.watched[p]
	w.watched[p] = true
	w.mu.Unlock()
	if seen {
		return
	}
	// A folder gone again before it could be watched (a build's temporary
	// folder) lost no events; any other failure (the inotify watch limit)
	// means changes in it go unseen.
	if err := w.fs.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		w.report(err)
	}
}

func (w *Watcher) report(err error) {
	w.mu.Lock()
	w.lost = true
	w.mu.Unlock()
	select {
	case w.errors <- err:
	default:
	}
}

func (w *Watcher) forget(p string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for d := range w.watched {
		if d == p || strings.HasPrefix(d, p+string(filepath.Separator)) {
			delete(w.watched, d)
			w.fs.Remove(d) // gone already, mostly; the error says nothing new
		}
	}
}

// inPlace reports whether the file at p looks completely written: it
// exists and is a folder or a non-empty file. Right after a save's last
// event it does; in the middle of one (renamed away, truncated, created
// and not yet written) it does not.
func inPlace(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && (fi.IsDir() || fi.Size() > 0)
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.changes)
	pending := map[string]bool{} // path → in place after its last event
	unsettled := 0               // paths in pending not in place
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	add := func(p string, ok bool) {
		if len(pending) == 0 {
			first = time.Now()
		}
		was, seen := pending[p]
		if seen && !was {
			unsettled--
		}
		if !ok {
			unsettled++
		}
		pending[p] = ok
	}
	found := func(p string) { add(p, true) } // files of a folder that appeared
	flush := func() bool {
		w.mu.Lock()
		lost := w.lost
		w.lost = false
		w.mu.Unlock()
		var batch []string
		switch {
		case lost:
			// nil: anything may have changed
		case len(pending) == 0:
			return true
		default:
			batch = make([]string, 0, len(pending))
			for p := range pending {
				batch = append(batch, p)
			}
			slices.Sort(batch)
		}
		clear(pending)
		unsettled = 0
		select {
		case w.changes <- batch:
			return true
		case <-w.done:
			return false
		}
	}
	for {
		select {
		case <-w.done:
			return
		case err, ok := <-w.fs.Errors:
			if ok {
				w.report(err)
				if len(pending) == 0 {
					first = time.Now()
				}
				timer.Reset(w.d.Quiet)
			}
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if Ignored(filepath.Base(ev.Name)) || w.skip(ev.Name) {
				continue
			}
			gone := ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
			if gone {
				w.forget(ev.Name)
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name, found)
				}
			}
			add(ev.Name, !gone && inPlace(ev.Name))
			if time.Since(first) >= w.d.Max {
				if !flush() {
					return
				}
				continue
			}
			if unsettled == 0 {
				timer.Reset(w.d.Settle)
			} else {
				timer.Reset(w.d.Quiet)
			}
		case <-timer.C:
			if !flush() {
				return
			}
		}
	}
}
