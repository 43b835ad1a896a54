package build

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/docsite/docsite/internal/rawio"
	"github.com/docsite/docsite/internal/site"
)

// Output receives the files of a build. name is a slash-separated path
// relative to the site root ("ops/bee/index.html"). WriteFile is called
// from several goroutines at once.
type Output interface {
	WriteFile(name string, data []byte) error
}

// MemOutput is an Output that keeps files in memory, for the dev server.
type MemOutput struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemOutput returns an empty MemOutput.
func NewMemOutput() *MemOutput { return &MemOutput{files: map[string][]byte{}} }

// WriteFile implements Output.
func (m *MemOutput) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// ReadFile returns a file written to m.
func (m *MemOutput) ReadFile(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[name]
	return b, ok
}

// Files returns a snapshot of every file written to m. The byte slices
// are shared and must not be modified.
func (m *MemOutput) Files() map[string][]byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := make(map[string][]byte, len(m.files))
	for k, v := range m.files {
		c[k] = v
	}
	return c
}

func checkName(name string) error {
	if name == "" || path.IsAbs(name) || path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("build: bad output path %q", name)
	}
	return nil
}

// ManifestName is the file in the output folder listing every file docsite
// wrote there. docsite deletes only files it lists.
const ManifestName = ".docsite-manifest"

const manifestHeader = "# Files written by docsite. It replaces or deletes only the files listed here.\n"

// stagedDir is an Output that writes into a fresh folder next to the
// output folder, to be swapped in by Publish.
type stagedDir struct {
	dir     string          // the staging folder
	final   string          // the output folder
	old     map[string]bool // files the previous build wrote (its manifest)
	foreign []string        // files in the output folder docsite did not write (only with Force)
	fset    map[string]bool
	mkdirs  sync.Map
}

// stage checks that docsite may write to cfg.Output and makes the staging
// folder next to it. It refuses an output folder that is the site root,
// the content, theme or static folder, or holds one of them, or lies in
// the theme or static folder (whose files are copied into the site); and,
// unless force, one that holds files docsite did not write.
func stage(cfg *site.Config, force bool) (*stagedDir, error) {
	refuse := []namedDir{
		{cfg.Root, "the site root"},
		{cfg.Content, "the content folder"},
		{cfg.Theme, "the theme folder"},
		{cfg.Static, "the static folder"},
	}
	out := filepath.Clean(cfg.Output)
	for _, d := range refuse {
		if d.dir == out {
			return nil, &ConfigError{Msg: fmt.Sprintf("refusing to build into %s: it is %s", out, d.what)}
		}
	}
	for _, d := range refuse {
		if within(d.dir, out) {
			return nil, &ConfigError{Msg: fmt.Sprintf("refusing to build into %s: it holds %s (%s)", out, d.what, d.dir)}
		}
	}
	for _, d := range refuse[2:] {
		if within(out, d.dir) {
			return nil, &ConfigError{Msg: fmt.Sprintf("refusing to build into %s: it is inside %s", out, d.what)}
		}
	}
	return stageDir(out, force)
}

type namedDir struct{ dir, what string }

// stageDir makes the staging folder for output folder out, after checking
// that out holds only files docsite wrote (or force).
func stageDir(out string, force bool) (*stagedDir, error) {
	s := &stagedDir{final: out, old: map[string]bool{}, fset: map[string]bool{}}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, &ConfigError{Msg: fmt.Sprintf("output folder: %v", err)}
	case !fi.IsDir():
		return nil, &ConfigError{Msg: fmt.Sprintf("refusing to build into %s: it is not a folder", out)}
	default:
		s.old, err = readManifest(filepath.Join(out, ManifestName))
		if err != nil {
			return nil, &ConfigError{Msg: fmt.Sprintf("output folder: %v", err)}
		}
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(out, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() || rel == ManifestName || s.old[rel] {
				return nil
			}
			s.foreign = append(s.foreign, rel)
			return nil
		})
		if err != nil {
			return nil, &ConfigError{Msg: fmt.Sprintf("output folder: %v", err)}
		}
		if len(s.foreign) > 0 && !force {
			return nil, &ConfigError{Msg: fmt.Sprintf(
				"refusing to build into %s: it holds %d file(s) docsite did not write (%s); "+
					"choose another output folder, remove them, or pass --force to build alongside them (they are kept)",
				out, len(s.foreign), strings.Join(s.foreign[:min(3, len(s.foreign))], ", "))}
		}
		for _, f := range s.foreign {
			s.fset[f] = true
		}
	}
	parent, base := filepath.Split(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &ConfigError{Msg: fmt.Sprintf("output folder: %v", err)}
	}
	s.dir, err = os.MkdirTemp(parent, "."+base+".docsite-new-")
	if err != nil {
		return nil, &ConfigError{Msg: fmt.Sprintf("output folder: %v", err)}
	}
	if err := os.Chmod(s.dir, 0o755); err != nil {
		os.Remove(s.dir)
		return nil, err
	}
	return s, nil
}

// within reports whether path p is inside folder dir (or is dir).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func readManifest(p string) (map[string]bool, error) {
	m := map[string]bool{}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if checkName(line) == nil {
			m[line] = true
		}
	}
	return m, sc.Err()
}

// WriteFile implements Output.
func (s *stagedDir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if s.fset[name] || name == ManifestName {
		return fmt.Errorf("refusing to overwrite %s: docsite did not write it", filepath.Join(s.final, filepath.FromSlash(name)))
	}
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, done := s.mkdirs.Load(dir); !done {
		// Most pages have a folder of their own whose parent exists:
		// one mkdir, not MkdirAll's walk up.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		s.mkdirs.Store(dir, true)
	}
	return rawio.WriteFile(p, data)
}

// Publish makes the build the site: it writes the manifest and swaps the
// staging folder in for the output folder. Files docsite did not write
// (allowed with Force) are carried over. Only files listed in the previous
// manifest are deleted. For a build into memory Publish does nothing.
func (r *Result) Publish() error {
	if r.staged == nil {
		return nil
	}
	s := r.staged
	r.staged = nil
	if err := s.publish(r.Files); err != nil {
		s.discard()
		return err
	}
	return nil
}

// Discard throws a build away, leaving the output folder as it was.
func (r *Result) Discard() error {
	if r.staged == nil {
		return nil
	}
	s := r.staged
	r.staged = nil
	return s.discard()
}

func (s *stagedDir) discard() error { return os.RemoveAll(s.dir) }

func (s *stagedDir) publish(files []string) error {
	// Carry foreign files over, as hard links where possible.
	for _, f := range s.foreign {
		src := filepath.Join(s.final, filepath.FromSlash(f))
		dst := filepath.Join(s.dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Link(src, dst); err != nil {
			if err := copyPreserving(src, dst); err != nil {
				return fmt.Errorf("keeping %s: %w", src, err)
			}
		}
	}
	var b strings.Builder
	b.WriteString(manifestHeader)
	for _, f := range files {
		b.WriteString(f)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(s.dir, ManifestName), []byte(b.String()), 0o644); err != nil {
		return err
	}
	if _, err := os.Lstat(s.final); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.dir, s.final)
	}
	if fi, err := os.Stat(s.final); err == nil {
		os.Chmod(s.dir, fi.Mode().Perm())
	}
	// The swap: rename the old site aside, the new one in; put the old
	// one back if the second rename fails.
	parent, base := filepath.Split(s.final)
	old, err := os.MkdirTemp(parent, "."+base+".docsite-old-")
	if err != nil {
		return err
	}
	os.Remove(old) // only the unique name is wanted
	if err := os.Rename(s.final, old); err != nil {
		return err
	}
	if err := os.Rename(s.dir, s.final); err != nil {
		if rerr := os.Rename(old, s.final); rerr != nil {
			return fmt.Errorf("%v; and restoring the previous site failed: %v (it is at %s)", err, rerr, old)
		}
		return err
	}
	return removeOld(old, s)
}

// removeOld deletes the previous site: the files its manifest lists and
// the foreign files already carried over, then the folders left empty.
// Anything else (a file that appeared during the build) stays, and the
// folder with it.
func removeOld(old string, s *stagedDir) error {
	for f := range s.old {
		os.Remove(filepath.Join(old, filepath.FromSlash(f)))
	}
	for _, f := range s.foreign {
		carried := filepath.Join(s.final, filepath.FromSlash(f))
		if _, err := os.Lstat(carried); err == nil {
			os.Remove(filepath.Join(old, filepath.FromSlash(f)))
		}
	}
	os.Remove(filepath.Join(old, ManifestName))
	var dirs []string
	filepath.WalkDir(old, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	slices.Reverse(dirs) // deepest first
	for _, d := range dirs {
		os.Remove(d) // fails, as it should, on a folder that is not empty
	}
	if _, err := os.Lstat(old); err == nil {
		return fmt.Errorf("the previous site was moved to %s: it holds files docsite did not write, so it was not deleted", old)
	}
	return nil
}

func copyPreserving(src, dst string) error {
	fi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		t, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(t, dst)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, fi.Mode().Perm())
}
