package validate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/docsite/docsite/internal/caddy"
	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/rawio"
	"github.com/docsite/docsite/internal/site"
)

// LoadInventory reads the Nix and Caddy sources cfg names into an
// Inventory. Unreadable sources are warnings (rule "unreadable-source")
// and are skipped; so is a configured glob that matches nothing. The
// returned list is also in inv.Diags (and so in Check's report).
func LoadInventory(cfg *site.Config) (*Inventory, diag.List) {
	inv := NewBuilder(cfg).Load()
	return inv, inv.Diags
}

// StartInventory is LoadInventory returning as soon as the inventory's
// facts, host names and diagnostics are complete, which is all Claims
// needs; the indexes Check matches with are built on another goroutine
// meanwhile. Claims, Hosts, Search and Lookup may be called at once;
// Check and NewRun must wait for the indexes (they do when they call
// inv.wait first).
func StartInventory(cfg *site.Config) (*Inventory, diag.List) {
	inv := NewBuilder(cfg).load(true)
	return inv, inv.Diags
}

// A Builder loads inventories again and again for the dev server, reading
// only the sources that changed since the last Load (by size and
// modification time). It is safe for use by one goroutine at a time.
type Builder struct {
	cfg   *site.Config
	mu    sync.Mutex
	cache map[string]*source
	// The last evaluation, of the parsed files in evalFiles: when none
	// changed (the dev server rebuilding for a page), it stands.
	evalFiles []any
	eval      nixResult
}

type source struct {
	size int64
	mod  time.Time
	src  []byte
	nix  any   // parsed Nix file (see nixeval.go)
	err  error // parse error: the source is skipped
	// A Caddyfile is parsed once (parsed), and its facts read again
	// when the bindings of its placeholders change (caddy).
	parsed *caddy.File
	caddy  *caddyResult
}

type caddyResult struct {
	anyVars bool // the file has no placeholder: the result stands for any vars
	varsKey string
	facts   []facts.Fact
	diags   []diag.Diagnostic
	err     error
}

// NewBuilder returns a Builder for the sources cfg names.
func NewBuilder(cfg *site.Config) *Builder {
	return &Builder{cfg: cfg, cache: map[string]*source{}}
}

// Load globs the sources again and returns a fresh Inventory; sources
// whose size and modification time are unchanged are not read again.
func (b *Builder) Load() *Inventory { return b.load(false) }

// load is Load; with async, the inventory's indexes are built on another
// goroutine (see StartInventory).
func (b *Builder) load(async bool) *Inventory {
	b.mu.Lock()
	defer b.mu.Unlock()
	cfg := b.cfg
	var ds diag.List

	var all []facts.Fact
	var skipped []facts.Skipped
	var read []string
	keep := map[string]bool{}
	skip := func(rel string, err error) {
		p := facts.Pos{File: rel}
		msg := err.Error()
		var fe *facts.Error
		if ep, em, ok := nixErrorPos(err); ok {
			p, msg = ep, em
		} else if errors.As(err, &fe) {
			p, msg = fe.Pos, fe.Msg
		}
		if p.File == "" {
			p.File = rel
		}
		skipped = append(skipped, facts.Skipped{Pos: p, Reason: msg})
		ds = append(ds, diag.Diagnostic{Pos: p, Severity: diag.Warning, Rule: RuleUnreadable,
			Message: "skipped unreadable source: " + msg})
	}

	// Read and parse the Nix files that changed as the walk finds them,
	// several at a time; the results are used in file order so the
	// inventory is deterministic.
	type nixJob struct {
		rel, abs string
		s        *source
		err      error
	}
	var jobs []*nixJob
	var wg sync.WaitGroup
	work := make(chan *nixJob, 64)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for j := range work {
				s, err := b.statAt(j.rel, j.abs)
				if err == nil && s.nix == nil && s.err == nil {
					s.nix, s.err = parseNix(j.rel, s.src)
				}
				j.s, j.err = s, err
			}
		})
	}
	_, caddyFiles, globDiags := walkSources(cfg, func(rel, abs string) {
		j := &nixJob{rel: rel, abs: abs}
		jobs = append(jobs, j)
		work <- j
	})
	close(work)
	ds = append(ds, globDiags...)

	// Read and parse the Caddy files while the Nix files are read,
	// parsed and evaluated: only their facts need the Nix bindings. This
	// goroutine reads b.cache; nothing writes it until caddyDone.
	caddySrcs := make([]*source, len(caddyFiles))
	caddyErrs := make([]error, len(caddyFiles))
	caddyDone := make(chan struct{})
	go func() {
		defer close(caddyDone)
		for i, rel := range caddyFiles {
			s, err := b.stat(rel)
			if err == nil && s.parsed == nil {
				s.parsed = caddy.Parse(rel, s.src, cfg.Root)
			}
			// A template without placeholders needs no Nix binding:
			// its facts are read here, while the Nix is evaluated.
			if err == nil && s.caddy == nil && !s.parsed.UsesVars() {
				fs, dd, err := s.parsed.Facts(nil)
				s.caddy = &caddyResult{anyVars: true, facts: fs, diags: dd, err: err}
			}
			caddySrcs[i], caddyErrs[i] = s, err
		}
	}()

	wg.Wait()
	var parsed []any
	for _, j := range jobs {
		rel, s, err := j.rel, j.s, j.err
		keep[rel] = true
		if err != nil {
			skip(rel, err)
			continue
		}
		if s.err != nil {
			skip(rel, s.err)
			continue
		}
		parsed = append(parsed, s.nix)
		read = append(read, rel)
	}
	// Evaluation is a pure function of the parsed files, in order.
	if b.evalFiles == nil || !slices.Equal(parsed, b.evalFiles) {
		b.evalFiles, b.eval = parsed, evalNix(parsed)
	}
	ev := b.eval
	<-caddyDone
	for _, j := range jobs {
		if j.err == nil {
			b.cache[j.rel] = j.s
		}
	}
	all = append(all, ev.facts...)
	ds = append(ds, ev.diags...)
	vars := ev.bindings

	for _, d := range ev.docs {
		fs, dd, err := caddy.ParseDoc(d, vars)
		if err != nil {
			skip(d.Path, err)
			continue
		}
		all = append(all, fs...)
		ds = append(ds, dd...)
	}
	for i, rel := range caddyFiles {
		keep[rel] = true
		s, err := caddySrcs[i], caddyErrs[i]
		if err != nil {
			skip(rel, err)
			continue
		}
		b.cache[rel] = s
		// A template's placeholders resolve through the bindings given
		// to it (substituteAll { src = ./Caddyfile; … }), else any.
		tvars := vars
		if m, ok := ev.byTemplate[rel]; ok {
			tvars = m
		}
		if s.caddy == nil || !s.caddy.anyVars {
			if vk := varsKey(tvars); s.caddy == nil || s.caddy.varsKey != vk {
				fs, dd, err := s.parsed.Facts(tvars)
				s.caddy = &caddyResult{varsKey: vk, facts: fs, diags: dd, err: err}
			}
		}
		if s.caddy.err != nil {
			skip(rel, s.caddy.err)
			continue
		}
		all = append(all, s.caddy.facts...)
		ds = append(ds, s.caddy.diags...)
		read = append(read, rel)
	}
	for p := range b.cache {
		if !keep[p] {
			delete(b.cache, p)
		}
	}
	var aliases map[string][]string
	if cfg != nil {
		aliases = cfg.Validate.Aliases
	}
	inv := newInventory(all, aliases)
	if async {
		inv.ready = make(chan struct{})
		go func() {
			defer close(inv.ready)
			inv.index()
		}()
	} else {
		inv.index()
	}
	inv.setMachines(ev.fileHosts, ev.templateHosts)
	for _, m := range ev.machines {
		inv.addHost(m)
	}
	inv.Skipped = skipped
	inv.Sources = read
	ds.Sort()
	inv.Diags = ds
	return inv
}

// stat returns the cached source for rel if its size and modification
// time are unchanged, else reads it into a new one (not yet cached). It
// only reads the cache, so several may run at once.
func (b *Builder) stat(rel string) (*source, error) {
	return b.statAt(rel, filepath.Join(b.cfg.Root, filepath.FromSlash(rel)))
}

// statAt is stat of rel, whose path is abs.
func (b *Builder) statAt(rel, abs string) (*source, error) {
	if s, ok := b.cache[rel]; ok {
		size, mod, err := statSource(abs)
		if err != nil {
			return nil, err
		}
		if s.size == size && s.mod.Equal(mod) {
			return s, nil
		}
	}
	src, st, err := rawio.ReadFile(abs)
	size, mod := st.Size, st.ModTime
	if err != nil || !st.Regular {
		// os says why, in the words it always did ("stat …: no such
		// file"), and reads what is not a regular file its own way.
		src, size, mod, err = readSourceOS(abs)
	}
	if err != nil {
		return nil, err
	}
	return &source{size: size, mod: mod, src: src}, nil
}

// readSourceOS is os.Stat and os.ReadFile.
func readSourceOS(name string) ([]byte, int64, time.Time, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, 0, time.Time{}, err
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, 0, time.Time{}, err
	}
	return src, fi.Size(), fi.ModTime(), nil
}

func varsKey(vars map[string][]facts.Binding) string {
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, n := range names {
		sb.WriteString(n)
		for _, b := range vars[n] {
			sb.WriteByte('\x00')
			sb.WriteString(b.Value)
			sb.WriteString(b.Pos.String())
		}
		sb.WriteByte('\x01')
	}
	return sb.String()
}

// findSources walks the site root once and returns the Nix and Caddy
// sources the globs match (slash paths relative to the root), skipping
// .git, result*, node_modules, the output folder and excluded paths.
func findSources(cfg *site.Config) (nixFiles, caddyFiles []string, ds diag.List) {
	return walkSources(cfg, nil)
}

// walkSources is findSources calling onNix, if not nil, with each Nix
// source as the walk finds it, and its path (the root joined with rel).
func walkSources(cfg *site.Config, onNix func(rel, abs string)) (nixFiles, caddyFiles []string, ds diag.List) {
	if cfg == nil || cfg.Root == "" {
		return nil, nil, nil
	}
	v := cfg.Validate
	out := ""
	if cfg.Output != "" {
		out = cfg.Rel(cfg.Output)
	}
	nixHits := make([]int, len(v.Nix))
	caddyHits := make([]int, len(v.Caddy))
	var prefixes [][]string
	for _, g := range slices.Concat(v.Nix, v.Caddy) {
		prefixes = append(prefixes, literalDirs(g))
	}
	walkDir(cfg.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable folders are not sources
		}
		rel := cfg.Rel(p)
		name := d.Name()
		if d.IsDir() {
			if p != cfg.Root && (name == ".git" || name == "node_modules" || strings.HasPrefix(name, "result") || rel == out || excluded(v.Exclude, rel) ||
				!mayHold(prefixes, rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, "result") || excluded(v.Exclude, rel) || !d.Type().IsRegular() {
			return nil
		}
		for i, g := range v.Nix {
			if globMatch(g, rel) {
				nixHits[i]++
				nixFiles = append(nixFiles, rel)
				if onNix != nil {
					onNix(rel, p)
				}
				break
			}
		}
		for i, g := range v.Caddy {
			if globMatch(g, rel) && !strings.HasSuffix(rel, ".nix") {
				caddyHits[i]++
				caddyFiles = append(caddyFiles, rel)
				break
			}
		}
		return nil
	})
	where := facts.Pos{File: site.FileName}
	if cfg.File != "" {
		where.File = cfg.Rel(cfg.File)
	}
	report := func(section string, globs []string, hits []int, def []string) {
		if cfg.File == "" || slices.Equal(globs, def) {
			return // defaults may match nothing
		}
		for i, g := range globs {
			if hits[i] == 0 {
				ds = append(ds, diag.Diagnostic{Pos: where, Severity: diag.Warning, Rule: RuleConfigSource,
					Message: fmt.Sprintf("[validate] %s glob %q matches no file", section, g)})
			}
		}
	}
	report("nix", v.Nix, nixHits, []string{"**/*.nix"})
	report("caddy", v.Caddy, caddyHits, []string{"**/Caddyfile*"})
	return nixFiles, caddyFiles, ds
}

// literalDirs returns the folders a glob's matches must lie in: its
// leading segments without wildcards, short of the file name
// ("infra/**/*.nix" → infra; "**/*.nix" → none).
func literalDirs(glob string) []string {
	segs := strings.Split(strings.TrimPrefix(glob, "./"), "/")
	segs = segs[:len(segs)-1]
	for i, s := range segs {
		if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "*?[\\") {
			return segs[:i]
		}
	}
	return segs
}

// mayHold reports whether folder rel may hold a match of one of the globs
// whose literalDirs are given: it lies on the way to, or under, one's
// folders. The walk skips the others (content/, with thousands of pages,
// when the globs are infra/…).
func mayHold(prefixes [][]string, rel string) bool {
	if len(prefixes) == 0 {
		return false
	}
	segs := strings.Split(rel, "/")
	for _, pre := range prefixes {
		n := min(len(pre), len(segs))
		if slices.Equal(pre[:n], segs[:n]) {
			return true
		}
	}
	return false
}

func excluded(globs []string, rel string) bool {
	for _, g := range globs {
		if globMatch(g, rel) || globMatch(strings.TrimSuffix(g, "/")+"/**", rel) {
			return true
		}
	}
	return false
}
