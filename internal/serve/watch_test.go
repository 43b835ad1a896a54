package serve

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// collect gathers batches until none arrives for a while, returning the
// union of paths relative to root.
func collect(t *testing.T, w *Watcher, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case b := <-w.Changes():
			for _, p := range b {
				r, _ := filepath.Rel(root, p)
				seen[filepath.ToSlash(r)] = true
			}
			continue
		case <-time.After(300 * time.Millisecond):
		case <-deadline:
			t.Fatal("watcher never went quiet")
		}
		break
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func TestWatcher(t *testing.T) {
	root := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/a.md", "a")
	write("public/index.html", "x")
	skip := func(p string) bool { return strings.HasPrefix(p, filepath.Join(root, "public")) }
	w, err := Watch([]string{root}, skip, Debounce{Settle: 3 * time.Millisecond, Quiet: 20 * time.Millisecond, Max: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	p := func(name string) string { return filepath.Join(root, name) }

	// vim's save with backupcopy=no: swap file, write test, backup by
	// rename, new file, chmod, backup removed.
	write("content/.a.md.swp", "swap")
	write("content/4913", "")
	os.Remove(p("content/4913"))
	os.Rename(p("content/a.md"), p("content/a.md~"))
	write("content/a.md", "a2")
	os.Chmod(p("content/a.md"), 0o600)
	os.Remove(p("content/a.md~"))
	write("content/.#a.md", "lock")
	write("public/index.html", "y")
	if got, want := collect(t, w, root), []string{"content/a.md"}; !slices.Equal(got, want) {
		t.Errorf("vim save: %q, want %q", got, want)
	}

	// A folder made after the start, then a file in it, is watched.
	os.MkdirAll(p("content/new/deeper"), 0o755)
	write("content/new/deeper/b.md", "b")
	got := collect(t, w, root)
	if !slices.Contains(got, "content/new/deeper/b.md") {
		t.Errorf("new folder: %q lacks content/new/deeper/b.md", got)
	}
	write("content/new/deeper/b.md", "b2")
	if got := collect(t, w, root); !slices.Equal(got, []string{"content/new/deeper/b.md"}) {
		t.Errorf("write in new folder: %q", got)
	}

	// A folder moved in brings its files.
	tmp := t.TempDir()
	os.MkdirAll(filepath.Join(tmp, "moved"), 0o755)
	os.WriteFile(filepath.Join(tmp, "moved", "c.md"), []byte("c"), 0o644)
	if err := os.Rename(filepath.Join(tmp, "moved"), p("content/moved")); err != nil {
		t.Skip("cannot move across temp dirs:", err)
	}
	if got := collect(t, w, root); !slices.Contains(got, "content/moved/c.md") {
		t.Errorf("moved-in folder: %q lacks content/moved/c.md", got)
	}

	// A file replaced by a folder, a folder removed: reported, no crash,
	// and the new folder is watched.
	os.Remove(p("content/a.md"))
	os.MkdirAll(p("content/a.md"), 0o755)
	collect(t, w, root)
	write("content/a.md/inner.md", "i")
	if got := collect(t, w, root); !slices.Contains(got, "content/a.md/inner.md") {
		t.Errorf("file replaced by folder: %q lacks content/a.md/inner.md", got)
	}
	os.RemoveAll(p("content/new"))
	collect(t, w, root)
	write("content/new/again.md", "x")
	if got := collect(t, w, root); !slices.Contains(got, "content/new/again.md") {
		t.Errorf("recreated folder: %q lacks content/new/again.md", got)
	}
}

func TestIgnored(t *testing.T) {
	for _, n := range []string{".a.md.swp", ".a.md.swx", "4913", "a.md~", ".#a.md", "#a.md#", "a.md___jb_tmp___"} {
		if !Ignored(n) {
			t.Errorf("Ignored(%q) = false", n)
		}
	}
	for _, n := range []string{"a.md", "flake.nix", "Caddyfile", "swp.md", "#notes.md"} {
		if Ignored(n) {
			t.Errorf("Ignored(%q) = true", n)
		}
	}
}

// TestWatcherWaitsForSave saves a file the slow way (renamed away, made
// anew, written, with pauses far longer than Settle between the steps)
// and checks that no batch comes while the file is missing or empty: a
// rebuild must never see half a save. Quiet and Max are long, so only a
// batch sent early on Settle could see one.
func TestWatcherWaitsForSave(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "a.md")
	if err := os.WriteFile(p, []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Watch([]string{root}, nil, Debounce{Settle: time.Millisecond, Quiet: 5 * time.Second, Max: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	seen := make(chan string, 8)
	go func() {
		for range w.Changes() {
			b, err := os.ReadFile(p)
			if err != nil {
				seen <- "missing"
				continue
			}
			seen <- string(b)
		}
	}()
	pause := func() { time.Sleep(20 * time.Millisecond) }
	os.Rename(p, p+"~")
	pause()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	pause()
	f.WriteString("a2")
	f.Close()
	os.Remove(p + "~")
	select {
	case got := <-seen:
		if got != "a2" {
			t.Errorf("a batch came while the file was %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no batch")
	}
}

// A site whose root is a symbolic link to its folder is watched through
// the link: the paths reported are the ones its config uses.
func TestWatcherLinkedRoot(t *testing.T) {
	real := t.TempDir()
	os.MkdirAll(filepath.Join(real, "content"), 0o755)
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	w, err := Watch([]string{link}, nil, Debounce{Settle: 3 * time.Millisecond, Quiet: 20 * time.Millisecond, Max: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	os.WriteFile(filepath.Join(real, "site.toml"), []byte("title = \"x\"\n"), 0o644)
	os.WriteFile(filepath.Join(real, "content", "a.md"), []byte("a"), 0o644)
	if got, want := collect(t, w, link), []string{"content/a.md", "site.toml"}; !slices.Equal(got, want) {
		t.Errorf("changes under a linked root: %q, want %q", got, want)
	}
}
