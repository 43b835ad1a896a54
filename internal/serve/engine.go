package serve

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/docsite/docsite/internal/build"
	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
	"github.com/docsite/docsite/internal/validate"
)

// siteEngine drives internal/build and internal/validate for the server.
// It keeps the last good site, so a broken site.toml or .nix file shows as
// a finding while the pages stay up.
type siteEngine struct {
	cfg     *site.Config
	builder *build.Builder // keeps per-page metadata for incremental rebuilds

	mu    sync.Mutex // guards claims and srcs while the build's hooks run
	files map[string]*File
	pages map[string]string // absolute .md path → page key
	srcs  map[string][]byte // page sources by Source, for excerpts

	buildDiags diag.List
	claims     map[string][]validate.Claim // by page Source
	loader     *validate.Builder           // re-reads only changed sources
	inv        *validate.Inventory
	cfgDiags   diag.List // a site.toml that does not parse
	fatal      diag.List // a build that could not run (theme error)

	checks *checkCache // the last check of each page, shared by background checks
}

func newSiteEngine(cfg *site.Config) *siteEngine {
	return &siteEngine{cfg: cfg, files: map[string]*File{}, pages: map[string]string{}, checks: &checkCache{pages: map[string]*pageCheck{}}}
}

// reload reads site.toml again: the file the site was started with, or,
// for a site started without one, the one that may have appeared since.
func (e *siteEngine) reload() (*site.Config, error) {
	if e.cfg.File != "" {
		return site.Load(e.cfg.File)
	}
	return site.Find(e.cfg.Root)
}

func (e *siteEngine) BasePath() string        { return e.cfg.BasePath }
func (e *siteEngine) NavigateToChanged() bool { return e.cfg.Serve.NavigateToChanged }

// Watch returns the site root and any configured folder outside it.
func (e *siteEngine) Watch() []string {
	roots := []string{e.cfg.Root}
	for _, d := range []string{e.cfg.Content, e.cfg.Theme, e.cfg.Static} {
		if d != "" && !within(e.cfg.Root, d) {
			roots = append(roots, d)
		}
	}
	return roots
}

// Skip leaves out what is never an input: the output folder, VCS and
// package folders, Nix result links.
func (e *siteEngine) Skip(p string) bool {
	if e.cfg.Output != "" && within(e.cfg.Output, p) {
		return true
	}
	switch base := filepath.Base(p); {
	case base == ".git", base == ".hg", base == ".jj", base == "node_modules",
		base == "result", strings.HasPrefix(base, "result-"): // nix build links, not results.md
		return true
	}
	return false
}

func within(dir, p string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// what a batch of changes calls for
const (
	needNothing = 0
	needCheck   = 1 << iota // re-read the config sources, re-check claims
	needPages               // re-render changed pages
	needAll                 // rebuild everything
	needConfig              // re-read site.toml, then rebuild everything
)

func (e *siteEngine) classify(changed []string) int {
	if changed == nil {
		return needConfig | needAll | needCheck
	}
	need := needNothing
	for _, p := range changed {
		c := e.cfg
		switch {
		case p == c.File, p == filepath.Join(c.Root, site.FileName):
			need |= needConfig | needAll | needCheck
		case within(c.Theme, p), c.Static != "" && within(c.Static, p):
			need |= needAll
		case within(c.Content, p) && strings.EqualFold(filepath.Ext(p), ".md"):
			need |= needPages
		case e.isConfigSource(p):
			need |= needCheck
		case within(c.Content, p):
			need |= needAll // an image or file the pages link to
		}
	}
	return need
}

// isConfigSource reports whether p is (or was, or is a folder that may
// hold) a Nix or Caddy source that validation reads.
func (e *siteEngine) isConfigSource(p string) bool {
	base := filepath.Base(p)
	if strings.HasSuffix(base, ".nix") || strings.HasPrefix(base, "Caddyfile") || strings.HasSuffix(base, ".caddyfile") {
		return true
	}
	rel := e.cfg.Rel(p)
	for _, g := range append(slices.Clone(e.cfg.Validate.Nix), e.cfg.Validate.Caddy...) {
		if ok, _ := filepath.Match(g, rel); ok {
			return true
		}
		// a folder created or removed under a ** glob
		if i := strings.Index(g, "**"); i > 0 && strings.HasPrefix(rel+"/", g[:i]) {
			return true
		}
	}
	return false
}

func (e *siteEngine) Rebuild(changed []string) *snapshot {
	need := e.classify(changed)
	if need == needNothing {
		return nil
	}
	if need&needConfig != 0 && changed != nil {
		cfg, err := e.reload()
		if err != nil {
			// Keep serving the last good site; the error stays in the
			// overlay until site.toml parses again.
			d := errorDiag(err, site.FileName, "config")
			if filepath.IsAbs(d.Pos.File) {
				d.Pos.File = e.cfg.Rel(d.Pos.File)
			}
			e.cfgDiags = diag.List{d}
			return &snapshot{files: e.files, pages: e.pages, check: e.checker()}
		}
		e.cfg = cfg
		e.loader = nil // globs may have changed
		e.cfgDiags = nil
	}
	if need&needCheck != 0 {
		hosts := hostsOf(e.inv)
		e.loadInventory()
		if need&(needAll|needPages|needConfig) == 0 && !slices.Equal(hosts, hostsOf(e.inv)) {
			e.reclaim() // bare host names the inventory knows are claims
		}
	}
	if need&(needAll|needPages|needConfig) != 0 {
		if err := e.build(need&(needAll|needConfig) != 0, changed); err != nil {
			e.fatal = diag.List{errorDiag(err, "", "build")}
		} else {
			e.fatal = nil
		}
	}
	return &snapshot{files: e.files, pages: e.pages, check: e.checker()}
}

func errorDiag(err error, file, rule string) diag.Diagnostic {
	d := diag.Diagnostic{Pos: facts.Pos{File: file}, Severity: diag.Error, Message: err.Error(), Rule: rule}
	var se *site.Error
	var fe *facts.Error
	switch {
	case errors.As(err, &se):
		d.Pos, d.Message = se.Pos, se.Msg
	case errors.As(err, &fe):
		d.Pos, d.Message = fe.Pos, fe.Msg
	}
	return d
}

func (e *siteEngine) loadInventory() {
	if !e.cfg.Validate.Enabled {
		e.inv = nil
		return
	}
	if e.loader == nil {
		e.loader = validate.NewBuilder(e.cfg)
	}
	e.inv = e.loader.Load()
}

// build brings the in-memory site up to date: the Builder re-renders
// only the pages that changed and the pages that show or link to them
// (full, or a new Builder, after site.toml or the theme changed), calling
// the hooks for those pages only, so the claims of the others are kept.
// changed is the watcher's batch: the Builder stats only those files.
func (e *siteEngine) build(full bool, changed []string) error {
	if e.inv == nil && e.cfg.Validate.Enabled {
		e.loadInventory()
	}
	if full || e.builder == nil {
		b, err := build.New(e.cfg, build.Options{Serve: true, PageHook: e.pageHook, MarkClaims: e.markClaims})
		if err != nil {
			return err
		}
		e.builder = b
		e.claims, e.srcs = map[string][]validate.Claim{}, map[string][]byte{}
	}
	out := build.NewMemOutput()
	res, err := e.builder.UpdateFiles(out, changed)
	if err != nil {
		return err
	}
	pages := map[string]string{}
	live := map[string]bool{}
	for _, p := range res.Pages {
		if p.Source != "" {
			pages[filepath.Join(e.cfg.Root, filepath.FromSlash(p.Source))] = pageKey(p.File)
			live[p.Source] = true
		}
	}
	e.mu.Lock()
	for src := range e.claims {
		if !live[src] {
			delete(e.claims, src)
			delete(e.srcs, src)
		}
	}
	e.mu.Unlock()
	// Files the build carried over from the last version keep their *File
	// (and hash): only what was written again is hashed.
	files := map[string]*File{}
	for name, data := range out.Files() {
		if f := e.files[name]; f != nil && sameBytes(f.Data, data) {
			files[name] = f
		} else {
			files[name] = NewFile(name, data)
		}
	}
	e.files, e.pages, e.buildDiags = files, pages, res.Diags
	return nil
}

// sameBytes reports whether a and b are the same slice (not merely equal
// contents), which is how the build shares unchanged files.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func (e *siteEngine) pageHook(p *build.Page, src []byte, doc ast.Node) {
	var cs []validate.Claim
	if e.cfg.Validate.Enabled {
		cs = e.inv.Claims(p.Source, src, doc)
	}
	e.mu.Lock()
	e.claims[p.Source] = cs
	e.srcs[p.Source] = src
	e.mu.Unlock()
}

// markClaims tells the build which spans of the page state facts, so it
// tags them with data-claim="LINE:COL" for the live script.
func (e *siteEngine) markClaims(p *build.Page, src []byte, doc ast.Node) []build.Span {
	e.mu.Lock()
	cs := e.claims[p.Source]
	e.mu.Unlock()
	var spans []build.Span
	for _, c := range cs {
		if c.Kind != facts.Invalid && c.Raw != "" {
			spans = append(spans, build.Span{Start: c.Offset, End: c.Offset + len(c.Raw)})
		}
	}
	return spans
}

// reclaim extracts the claims of every page again without rendering: the
// inventory decides which bare host names are claims.
func (e *siteEngine) reclaim() {
	if !e.cfg.Validate.Enabled {
		return
	}
	md := build.NewMarkdown(e.cfg.UnsafeHTML)
	for file, src := range e.srcs {
		doc := md.Parser().Parse(text.NewReader(src))
		e.claims[file] = e.inv.Claims(file, src, doc)
	}
}

// findings checks every claim against the inventory and gathers what the
// overlay shows.
func (e *siteEngine) findings() *Findings { return e.checker()() }

// checker returns the site-wide check over a copy of the engine's state,
// so that it can run while the next edit is being built.
func (e *siteEngine) checker() func() *Findings {
	cfg, inv := e.cfg, e.inv
	claims, srcs, pages := maps.Clone(e.claims), maps.Clone(e.srcs), maps.Clone(e.pages)
	diags := slices.Concat(e.cfgDiags, e.fatal, e.buildDiags)
	cache := e.checks
	return func() *Findings {
		diags := slices.Clone(diags)
		marks := map[string][]Mark{}
		if cfg.Validate.Enabled {
			keys := map[string]string{}
			for abs, key := range pages {
				keys[cfg.Rel(abs)] = key
			}
			checkDiags, checkMarks := cache.check(claims, inv, cfg)
			diags = append(diags, checkDiags...) // inventory warnings included
			for file, ms := range checkMarks {
				if key, ok := keys[file]; ok {
					marks[key] = append(marks[key], ms...)
				}
			}
		}
		diags.Sort()
		read := func(file string) []byte {
			if b, ok := srcs[file]; ok {
				return b
			}
			b, err := os.ReadFile(filepath.Join(cfg.Root, filepath.FromSlash(file)))
			if err != nil || bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
				return nil
			}
			return b
		}
		return &Findings{NavigateToChanged: cfg.Serve.NavigateToChanged, Diagnostics: diags, Claims: marks, Source: read}
	}
}

// A checkCache keeps the check of each page's claims. validate.Check
// judges every claim on its own page (a sentence's other claims are the
// only context it looks at), so the check of a site is the checks of its
// pages put together: a page edit checks that page again, and a config
// edit checks the pages in one batch per core. What is no one page's, the
// inventory's warnings and the [validate] ignore values and rules that
// match no claim, is what a check of no claims reports; such a finding
// stands when every batch reports it too. Which page uses an ignore value
// or rule is not known, so a site with them is checked whole every time.
type checkCache struct {
	mu    sync.Mutex
	pages map[string]*pageCheck // by page Source
	base  *pageCheck            // of no claims
}

// A pageCheck is the check of one page's claims against one inventory.
type pageCheck struct {
	claims []validate.Claim // the very slice checked
	inv    *validate.Inventory
	cfg    *site.Config
	diags  diag.List // the page's own: not the check of no claims'
	marks  []Mark
}

func (pc *pageCheck) valid(claims []validate.Claim, inv *validate.Inventory, cfg *site.Config) bool {
	return pc != nil && pc.inv == inv && pc.cfg == cfg && len(pc.claims) == len(claims) &&
		(len(claims) == 0 || &pc.claims[0] == &claims[0])
}

// check returns the findings of validate.Check over every page's claims
// and the marks by page Source, checking again only the pages whose
// claims, inventory or config are not the ones last checked.
func (cc *checkCache) check(claims map[string][]validate.Claim, inv *validate.Inventory, cfg *site.Config) (diag.List, map[string][]Mark) {
	files := make([]string, 0, len(claims))
	for f, cs := range claims {
		if len(cs) > 0 {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	byPage := len(cfg.Validate.Ignore) == 0 && len(cfg.Validate.Rules) == 0
	checks := make(map[string]*pageCheck, len(files))
	var todo []string
	cc.mu.Lock()
	base := cc.base
	for _, f := range files {
		if pc := cc.pages[f]; byPage && pc.valid(claims[f], inv, cfg) {
			checks[f] = pc
		} else {
			todo = append(todo, f)
		}
	}
	cc.mu.Unlock()
	if !base.valid(nil, inv, cfg) {
		base = &pageCheck{inv: inv, cfg: cfg, diags: validate.Check(nil, inv, cfg).Diags}
	}
	baseCount := map[diag.Diagnostic]int{}
	for _, d := range base.diags {
		baseCount[d]++
	}

	// The pages to check, in one batch per core of about as many claims.
	workers := max(1, min(runtime.GOMAXPROCS(0), len(todo)))
	total := 0
	for _, f := range todo {
		total += len(claims[f])
	}
	var batches [][]string
	for i, n := 0, 0; i < len(todo); i++ {
		if len(batches) == 0 || n >= (total*len(batches)+workers-1)/workers && len(batches) < workers {
			batches = append(batches, nil)
		}
		batches[len(batches)-1] = append(batches[len(batches)-1], todo[i])
		n += len(claims[todo[i]])
	}
	found := make([]map[string]*pageCheck, len(batches))
	shared := make([]map[diag.Diagnostic]int, len(batches)) // site-wide findings each batch reports
	var wg sync.WaitGroup
	for i, batch := range batches {
		wg.Go(func() { found[i], shared[i] = checkBatch(batch, claims, inv, cfg, baseCount) })
	}
	wg.Wait()

	cc.mu.Lock()
	cc.base = base
	for _, m := range found {
		for f, pc := range m {
			checks[f] = pc
			if byPage {
				cc.pages[f] = pc
			}
		}
	}
	for f := range cc.pages {
		if len(claims[f]) == 0 || !byPage {
			delete(cc.pages, f)
		}
	}
	cc.mu.Unlock()

	var diags diag.List
	marks := make(map[string][]Mark, len(files))
	for _, f := range files {
		pc := checks[f]
		diags = append(diags, pc.diags...)
		if len(pc.marks) > 0 {
			marks[f] = pc.marks
		}
	}
	// Without ignore values and rules every check reports all of the
	// check of no claims; with them, as many as every batch reports.
	stands := baseCount
	if !byPage {
		stands = maps.Clone(baseCount)
		for _, sh := range shared {
			for d, n := range stands {
				stands[d] = min(n, sh[d])
			}
		}
	}
	for _, d := range base.diags {
		if stands[d] > 0 {
			stands[d]--
			diags = append(diags, d)
		}
	}
	return diags, marks
}

// checkBatch checks the claims of the pages files at once and splits the
// outcome by page; the findings also in base (a count of each) are
// counted apart.
func checkBatch(files []string, claims map[string][]validate.Claim, inv *validate.Inventory, cfg *site.Config, base map[diag.Diagnostic]int) (map[string]*pageCheck, map[diag.Diagnostic]int) {
	var all []validate.Claim
	if len(files) == 1 {
		all = claims[files[0]]
	} else {
		n := 0
		for _, f := range files {
			n += len(claims[f])
		}
		all = make([]validate.Claim, 0, n)
		for _, f := range files {
			all = append(all, claims[f]...)
		}
	}
	rep := validate.Check(all, inv, cfg)
	pages := make(map[string]*pageCheck, len(files))
	for _, f := range files {
		pages[f] = &pageCheck{claims: claims[f], inv: inv, cfg: cfg}
	}
	page := func(file string) *pageCheck {
		if pc := pages[file]; pc != nil {
			return pc
		}
		return pages[files[0]] // a finding of no page of the batch: none so far
	}
	for _, r := range rep.Results {
		if r.Claim.Kind == facts.Invalid {
			continue
		}
		m := Mark{At: strconv.Itoa(r.Claim.Pos.Line) + ":" + strconv.Itoa(r.Claim.Pos.Col), Verdict: r.Verdict.String(), Message: r.Message}
		if r.Verdict == validate.Verified && len(r.Config) > 0 {
			m.Source = r.Config[0].Pos.String()
		}
		pc := page(r.Claim.Pos.File)
		pc.marks = append(pc.marks, m)
	}
	shared := map[diag.Diagnostic]int{}
	for _, d := range rep.Diags {
		if shared[d] < base[d] {
			shared[d]++
			continue
		}
		pc := page(d.Pos.File)
		pc.diags = append(pc.diags, d)
	}
	return pages, shared
}

func hostsOf(inv *validate.Inventory) []string {
	if inv == nil {
		return nil
	}
	return inv.Hosts()
}
