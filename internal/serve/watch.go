package serve

import (
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
	fs    *fsnotify.Watcher
	skip  func(path string) bool
	quiet time.Duration
	max   time.Duration

	changes chan []string
	errors  chan error
	done    chan struct{}
	wg      sync.WaitGroup

	mu      sync.Mutex
	watched map[string]bool
}

// Watch starts watching the trees under roots, including directories
// created later. skip reports paths to leave alone (the output folder,
// .git); ignored editor files (swap, backup and lock files) are left out
// without asking. Batches are sent after quiet has passed without events,
// or at the latest max after the first event of a batch.
func Watch(roots []string, skip func(path string) bool, quiet, max time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if skip == nil {
		skip = func(string) bool { return false }
	}
	w := &Watcher{
		fs: fw, skip: skip, quiet: quiet, max: max,
		changes: make(chan []string, 1), errors: make(chan error, 8), done: make(chan struct{}),
		watched: map[string]bool{},
	}
	for _, r := range roots {
		w.addTree(r, nil)
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Changes delivers batches of changed paths (files created, written,
// removed or renamed; a new directory stands for every file in it), sorted.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Errors delivers watch errors (such as the inotify watch limit); the
// watcher carries on.
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
		w.mu.Lock()
		seen := w.watched[p]
		w.watched[p] = true
		w.mu.Unlock()
		if !seen {
			if err := w.fs.Add(p); err != nil {
				w.report(err)
			}
		}
		return nil
	})
}

func (w *Watcher) report(err error) {
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

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.changes)
	pending := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	add := func(p string) {
		if len(pending) == 0 {
			first = time.Now()
		}
		pending[p] = true
	}
	flush := func() bool {
		if len(pending) == 0 {
			return true
		}
		batch := make([]string, 0, len(pending))
		for p := range pending {
			batch = append(batch, p)
		}
		slices.Sort(batch)
		clear(pending)
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
			}
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if Ignored(filepath.Base(ev.Name)) || w.skip(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				w.forget(ev.Name)
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name, add)
				}
			}
			add(ev.Name)
			if time.Since(first) >= w.max {
				if !flush() {
					return
				}
				continue
			}
			timer.Reset(w.quiet)
		case <-timer.C:
			if !flush() {
				return
			}
		}
	}
}
