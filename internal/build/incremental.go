package build

import (
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docsite/docsite/internal/diag"
)

// buildState is what a Builder keeps of its last in-memory build so that
// Update can redo only what changed.
type buildState struct {
	mu       sync.Mutex
	pages    map[string]*Page     // by content path, as pass 1 left them
	stamps   map[string]stamp     // "content/…" and "static/…" files
	texts    map[string]string    // search text, by page path
	diags    map[string]diag.List // render diagnostics, by page path
	copyErrs map[string]error     // unreadable other files, by stamp key
	nav      [32]byte             // signature of everything every page shows
	files    []string             // every file of the build
	out      *MemOutput
	search   searchCache // encoded search entries, by page path

	// changed names (absolute paths of files or folders) every file that
	// may have changed since this build, unless unknown: see UpdateFiles.
	// Files outside it keep their stamps without a stat.
	changed []string
	unknown bool
}

// stamp identifies a version of a file without reading it.
type stamp struct {
	mod   time.Time
	size  int64
	valid bool
	// link marks a symbolic link: the watcher names the file it points
	// to when that changes, not the link, so a link is always stat'ed.
	link bool
}

func stampOf(path string, want bool) stamp {
	if !want {
		return stamp{}
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return stamp{}
	}
	link := fi.Mode()&fs.ModeSymlink != 0
	if link {
		if fi, err = os.Stat(path); err != nil {
			return stamp{}
		}
	}
	return stamp{mod: fi.ModTime(), size: fi.Size(), valid: true, link: link}
}

// stamp returns the stamp of the file at abs (key is its key in stamps):
// the last build's, without a stat, when the caller of UpdateFiles said
// which files changed and abs is not among them; else a fresh one.
func (s *buildState) stamp(abs, key string, want bool) stamp {
	if s != nil && want && !s.unknown && !s.mayHaveChanged(abs) {
		if old, ok := s.stamps[key]; ok && old.valid && !old.link {
			return old
		}
	}
	return stampOf(abs, want)
}

// mayHaveChanged reports whether abs is, or lies in, a path named as
// changed since this build.
func (s *buildState) mayHaveChanged(abs string) bool {
	for _, c := range s.changed {
		if abs == c || strings.HasPrefix(abs, c) && len(abs) > len(c) && abs[len(c)] == filepath.Separator {
			return true
		}
	}
	return false
}

// page returns the previous build's metadata for the page at path if its
// file is unchanged, or nil.
func (s *buildState) page(path string, st stamp) *Page {
	if s == nil || !st.valid || s.stamps["content/"+path] != st {
		return nil
	}
	return s.pages[path]
}

// signature digests what every page shows besides its own content: the
// navigation (every page's title, weight, description, place), prev/next,
// the home and section lists, and which files exist for links to find.
// When it is unchanged, a page's output depends only on its own source
// and on the headings of the pages it links to.
func (ix *siteIndex) signature() [32]byte {
	h := sha256.New()
	var n [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	for _, p := range ix.order {
		str(p.Path)
		str(p.File)
		str(p.Kind)
		str(p.Section)
		str(p.Title)
		str(p.Description)
		str(strconv.Itoa(p.Weight))
	}
	str("--")
	for _, m := range []map[string]bool{ix.files, ix.static} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			str(k)
		}
		str("--")
	}
	for path, p := range ix.pages {
		if p.Draft {
			str("draft " + path)
		}
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// moved returns the pages among changed (by content path) whose change
// the pages linking to them can see: pages added or removed, drafts
// published or withdrawn, pages broken or mended, and pages whose anchors
// (heading ids) are not the same. A linking page's output depends on
// nothing else of its target that the navigation signature leaves out:
// an edit of a page's text re-renders that page alone.
func (s *buildState) moved(changed map[string]bool, now map[string]*Page) map[string]bool {
	if s == nil {
		return changed
	}
	m := map[string]bool{}
	for f := range changed {
		old, cur := s.pages[f], now[f]
		if old == nil || cur == nil || old.broken != cur.broken || old.Draft != cur.Draft || !sameIDs(old, cur) {
			m[f] = true
		}
	}
	return m
}

// sameIDs reports whether a and b have the same anchors, in order.
func sameIDs(a, b *Page) bool {
	i, j := 0, 0
	for {
		for i < len(a.Headings) && a.Headings[i].ID == a.leadH1 {
			i++
		}
		for j < len(b.Headings) && b.Headings[j].ID == b.leadH1 {
			j++
		}
		if i == len(a.Headings) || j == len(b.Headings) {
			return i == len(a.Headings) && j == len(b.Headings)
		}
		if a.Headings[i].ID != b.Headings[j].ID {
			return false
		}
		i++
		j++
	}
}

// linksTo reports whether page p links to any of the changed pages.
func linksTo(p *Page, changed map[string]bool) bool {
	if len(changed) == 0 {
		return false
	}
	for _, l := range p.Links {
		if l.Dest == "" || isExternal(l.Dest) {
			continue
		}
		path, _, _ := splitDest(l.Dest)
		if path == "" {
			continue
		}
		cp := contentPath(p.Path, path)
		if changed[cp] {
			return true
		}
		for _, index := range []string{"index.md", "_index.md", "README.md"} {
			if changed[pathJoin(cp, index)] {
				return true
			}
		}
	}
	return false
}

// Update rebuilds the site into out after source files changed (pages,
// other content files, static files; after a change to site.toml or the
// theme, make a new Builder). Only the pages that changed, and the pages
// that show or link to them, are read and rendered again; out receives
// every file of the site, unchanged ones shared with the previous build,
// so the result equals a full build's. PageHook is called for the pages
// rendered again only.
//
// The first Update, or one after a Build that did not write into a
// MemOutput, is a full build.
func (b *Builder) Update(out *MemOutput) (*Result, error) {
	if b.state != nil {
		b.state.unknown = true
	}
	return b.update(out)
}

// UpdateFiles is Update for a caller that watches the site's files from
// before the last build on: changed names every file or folder (absolute
// paths, as the watcher reports them) that may have changed since the
// last build into memory. Only those, and files new since, are asked for
// their stamps; the others are taken to be unchanged, which saves a stat
// per file of the site. (Symbolic links are always looked at.) The paths
// of a failed UpdateFiles are kept for the next; after a plain Update,
// only a successful build starts trusting the caller again.
func (b *Builder) UpdateFiles(out *MemOutput, changed []string) (*Result, error) {
	if b.state != nil {
		b.state.changed = append(b.state.changed, changed...)
	}
	return b.update(out)
}

func (b *Builder) update(out *MemOutput) (*Result, error) {
	prev := b.state
	if prev != nil {
		out.mu.Lock()
		for name, data := range prev.out.Files() {
			out.files[name] = data
		}
		out.mu.Unlock()
	}
	res, st, err := b.run(out, prev)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		keep := make(map[string]bool, len(st.files))
		for _, f := range st.files {
			keep[f] = true
		}
		out.mu.Lock()
		for name := range out.files {
			if !keep[name] {
				delete(out.files, name)
			}
		}
		out.mu.Unlock()
	}
	st.out = out
	b.state = st
	return res, nil
}

func pathJoin(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	return dir + "/" + name
}
