// Package build turns a site's Markdown into HTML pages.
//
// A build runs in two passes over the content folder. Pass 1 reads every
// page's front matter and headings (in parallel; its parser skips the
// inline content of paragraphs, see outliner) and keeps only that
// metadata; pass 2 parses each page in full, hands its AST to
// Options.PageHook (validation), rewrites, checks and records its links
// against the metadata of every other page, renders it through the theme
// and writes it. No pass holds more than one AST per worker, so memory stays flat as
// the site grows.
//
// Pages and URLs: every .md file under the content folder is a page;
// folders are sections, and a folder's index.md (or _index.md, or
// README.md) is its section page. mini-vm.md is written to
// mini-vm/index.html. Every internal URL is relative, so the site works
// from any host, port or path prefix, and links end in "index.html"
// ("../mini-vm/index.html") so that it also works opened from disk, where a
// link to a folder shows a listing; pretty_links = true in site.toml writes
// "../mini-vm/" instead. The 404 page is the one exception: servers show it
// at any depth, so its links start with base_path.
//
// Output safety: on disk, pages are written into a staging folder next to
// the output folder; Result.Publish swaps it in only when the caller
// decides the build is good, so a failed build leaves the previous site in
// place byte for byte. The output folder's .docsite-manifest lists every
// file docsite wrote there; a rebuild deletes only those. An output folder
// that is the site root, the content, theme or static folder, or holds one
// of them, is refused; so is one holding files the manifest does not list,
// unless Options.Force, in which case those files are carried over into
// the new site, never deleted or overwritten.
package build

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/rawio"
	"github.com/docsite/docsite/internal/site"
)

// Options control a build.
type Options struct {
	// Drafts includes pages marked draft.
	Drafts bool
	// Serve renders pages for the dev server: each includes the live
	// reload script ({{.Serve}} in templates).
	Serve bool
	// Force allows building into an output folder that holds files docsite
	// did not write. They are kept, never deleted or overwritten.
	Force bool
	// Output receives the built files. nil builds on disk into a staging
	// folder next to the configured output folder (see Result.Publish).
	Output Output
	// PageHook, if set, is called for every page after parsing and before
	// rendering, possibly from several goroutines at once. src is the
	// page's file with its front matter blanked, so offsets in doc are
	// offsets in the file; page.Source is the path to report.
	PageHook func(page *Page, src []byte, doc ast.Node)
	// MarkClaims, if set, returns the spans of a page's source that state
	// facts (called like PageHook, after it). Each is rendered wrapped in
	// <span class="ds-claim" data-claim="LINE:COL">, where that is cheap:
	// within one text or code span.
	MarkClaims func(page *Page, src []byte, doc ast.Node) []Span
	// Workers is how many pages are processed at once; 0 means twice
	// GOMAXPROCS.
	Workers int
	// CheckOnly builds for the findings alone (docsite check): pages are
	// read and parsed, PageHook runs, links and anchors are checked and
	// Result.Diags is what a full build reports, but nothing is rendered,
	// highlighted, indexed or written. Output and MarkClaims are ignored
	// and Result.Files is empty. Files that would be copied are only
	// opened, to report the unreadable ones. The theme is still loaded,
	// so a broken one is a ConfigError as in a full build.
	CheckOnly bool
}

// Builder builds a site. It keeps the metadata of its last build into
// memory so the dev server can rebuild after a change (see Update). A
// Builder is for one goroutine at a time; the work inside a build is
// spread over Options.Workers goroutines.
type Builder struct {
	cfg   *site.Config
	opts  Options
	md    goldmark.Markdown
	outln outliner // pass 1's parser: headings only
	theme *themeSet
	state *buildState // of the last build into memory, for Update
}

// ConfigError is a problem with the site's setup rather than its content:
// an output folder docsite must not write to, a broken theme. Nothing was
// built. The command line exits with status 2 for it.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// New prepares a Builder: it parses the theme's templates.
func New(cfg *site.Config, opts Options) (*Builder, error) {
	th, err := loadTheme(cfg.Theme)
	if err != nil {
		return nil, &ConfigError{Msg: err.Error()}
	}
	return &Builder{cfg: cfg, opts: opts, md: NewMarkdown(cfg.UnsafeHTML), outln: newOutliner(cfg.UnsafeHTML), theme: th}, nil
}

// Build builds the site described by cfg.
func Build(cfg *site.Config, opts Options) (*Result, error) {
	b, err := New(cfg, opts)
	if err != nil {
		return nil, err
	}
	return b.Build()
}

// Result is a finished build.
type Result struct {
	Pages []*Page   // every page, in navigation order
	Diags diag.List // broken links, bad front matter, unreadable files…
	Files []string  // every file written, relative to the output root

	staged *stagedDir // nil unless built on disk
}

// Build reads and renders the whole site.
func (b *Builder) Build() (*Result, error) {
	out := b.opts.Output
	var staged *stagedDir
	if b.opts.CheckOnly {
		out = discardOutput{}
	} else if out == nil {
		var err error
		if staged, err = stage(b.cfg, b.opts.Force); err != nil {
			return nil, err
		}
		out = staged
	}
	res, err := b.build(out)
	if err != nil {
		if staged != nil {
			staged.discard()
		}
		return nil, err
	}
	res.staged = staged
	return res, nil
}

// discardOutput is where a CheckOnly build "writes": nowhere. Nothing
// reaches it; it stands in so that no staging folder is made.
type discardOutput struct{}

func (discardOutput) WriteFile(string, []byte) error { return nil }

// recorder wraps an Output and remembers what was written.
type recorder struct {
	Output
	mu    sync.Mutex
	files []string
}

func (r *recorder) WriteFile(name string, data []byte) error {
	if err := r.Output.WriteFile(name, data); err != nil {
		return err
	}
	r.mu.Lock()
	r.files = append(r.files, name)
	r.mu.Unlock()
	return nil
}

func (b *Builder) build(dst Output) (*Result, error) {
	res, st, err := b.run(dst, nil)
	if err != nil {
		return nil, err
	}
	if m, ok := dst.(*MemOutput); ok {
		st.out = m
		b.state = st
	}
	return res, nil
}

// run builds the site into dst. With prev (the state of the build whose
// files dst already holds), only pages and files that changed since, and
// the pages that show or link to them, are read and rendered again.
func (b *Builder) run(dst Output, prev *buildState) (*Result, *buildState, error) {
	out := &recorder{Output: dst}
	cfg := b.cfg
	mdFiles, otherFiles, outside, err := walkContent(cfg)
	if err != nil {
		return nil, nil, err
	}
	staticFiles := walkStatic(cfg)
	// File stamps are needed only for a later Update: builds into memory.
	_, stamps := dst.(*MemOutput)
	st := &buildState{
		pages:  make(map[string]*Page, len(mdFiles)),
		stamps: map[string]stamp{},
		texts:  map[string]string{},
		diags:  map[string]diag.List{},
	}
	var diags diag.List
	for _, f := range outside {
		diags = append(diags, diag.Diagnostic{
			Pos:      facts.Pos{File: cfg.Rel(filepath.Join(cfg.Content, filepath.FromSlash(f)))},
			Severity: diag.Warning,
			Rule:     "outside-site",
			Message:  "symbolic link to a file outside the site; not published (copy the file in if it is meant to be public)",
		})
	}

	// Pass 1: metadata of every page; with prev, of changed pages only.
	pages := make([]*Page, len(mdFiles))
	var scan []*Page
	changed := map[string]bool{}
	for i, f := range mdFiles {
		abs := filepath.Join(cfg.Content, filepath.FromSlash(f))
		file, kind, section := outputFile(f)
		stmp := prev.stamp(abs, "content/"+f, stamps)
		st.stamps["content/"+f] = stmp
		if old := prev.page(f, stmp); old != nil {
			p := *old
			p.File, p.Kind, p.Section, p.broken = file, kind, section, len(p.scanDiags) > 0
			pages[i] = &p
			continue
		}
		pages[i] = &Page{
			Source:  cfg.Rel(abs),
			Path:    f,
			File:    file,
			Kind:    kind,
			Section: section,
			abs:     abs,
		}
		scan = append(scan, pages[i])
		changed[f] = true
	}
	b.parallel(len(scan), func(i int) { b.scan(scan[i]) })
	for _, p := range pages {
		diags = append(diags, p.scanDiags...)
		st.pages[p.Path] = p
	}
	if prev != nil {
		for f := range prev.pages {
			if st.pages[f] == nil {
				changed[f] = true // removed
			}
		}
	}

	ix := newIndex(cfg, b.opts.Drafts, pages, otherFiles, &diags)
	for _, f := range staticFiles {
		ix.static[f] = true
	}
	st.nav = ix.signature()

	// Pass 2: render and write pages, copy the other files.
	rendered := ix.order
	todo := rendered
	if prev != nil && prev.nav == st.nav {
		todo = nil
		moved := prev.moved(changed, st.pages)
		for _, p := range rendered {
			if changed[p.Path] || linksTo(p, moved) {
				todo = append(todo, p)
			}
		}
	}
	texts := make([]string, len(todo))
	pageDiags := make([]diag.List, len(todo))
	writeErrs := make([]error, len(todo))
	b.parallel(len(todo), func(i int) {
		texts[i], pageDiags[i], writeErrs[i] = b.render(todo[i], ix, out)
	})
	for i, p := range todo {
		if writeErrs[i] != nil {
			return nil, nil, writeErrs[i]
		}
		st.texts[p.Path], st.diags[p.Path] = texts[i], pageDiags[i]
	}
	allTexts := make([]string, len(rendered))
	for i, p := range rendered {
		if _, ok := st.texts[p.Path]; !ok && prev != nil {
			st.texts[p.Path], st.diags[p.Path] = prev.texts[p.Path], prev.diags[p.Path]
		}
		allTexts[i] = st.texts[p.Path]
		diags = append(diags, st.diags[p.Path]...)
	}

	type copyJob struct{ src, name, key string }
	var copies []copyJob
	// A copied file must not land where a page, the search index or
	// another copied file does: which would win is a matter of timing.
	taken := make(map[string]string, len(rendered)+len(otherFiles)+len(staticFiles))
	for _, p := range append(rendered, ix.notFound) {
		taken[p.File] = "the page built from " + cmp.Or(p.Source, p.Path)
	}
	taken["search-index.js"] = "the search index"
	addCopy := func(dir, f, key string) {
		src := filepath.Join(dir, filepath.FromSlash(f))
		if what, ok := taken[f]; ok {
			diags = append(diags, diag.Diagnostic{Pos: facts.Pos{File: cfg.Rel(src)}, Severity: diag.Error,
				Message: fmt.Sprintf("would be written to %s, as is %s", f, what), Rule: "duplicate-file"})
			return
		}
		taken[f] = cfg.Rel(src)
		copies = append(copies, copyJob{src, f, key})
	}
	for _, f := range otherFiles {
		addCopy(cfg.Content, f, "content/"+f)
	}
	for _, f := range staticFiles {
		addCopy(cfg.Static, f, "static/"+f)
	}
	copyErrs := make([]error, len(copies))
	b.parallel(len(copies), func(i int) {
		c := copies[i]
		stmp := prev.stamp(c.src, c.key, stamps)
		if prev != nil && stmp.valid && prev.stamps[c.key] == stmp {
			out.mu.Lock()
			out.files = append(out.files, c.name) // unchanged, already in dst
			out.mu.Unlock()
			copyErrs[i] = prev.copyErrs[c.key]
		} else if b.opts.CheckOnly {
			copyErrs[i] = checkReadable(c.src)
		} else {
			copyErrs[i] = copyFile(out, c.src, c.name)
		}
		st.mu.Lock()
		st.stamps[c.key] = stmp
		st.mu.Unlock()
	})
	st.copyErrs = map[string]error{}
	for i, err := range copyErrs {
		var re *readError
		switch {
		case errors.As(err, &re):
			st.copyErrs[copies[i].key] = err
			diags = append(diags, diag.Diagnostic{Pos: facts.Pos{File: cfg.Rel(re.path)}, Severity: diag.Error, Message: "cannot read: " + re.err.Error(), Rule: "unreadable-source"})
		case err != nil:
			return nil, nil, err
		}
	}

	if b.opts.CheckOnly {
		diags.Sort()
		return &Result{Pages: rendered, Diags: diags}, st, nil
	}

	// The 404 page, the theme's assets, highlighting styles, search index.
	if prev == nil || prev.nav != st.nav {
		if err := b.renderPage(ix.notFound, ix, out, ""); err != nil {
			return nil, nil, err
		}
	} else {
		out.files = append(out.files, ix.notFound.File)
	}
	if err := b.theme.writeAssets(out, ix.written()); err != nil {
		return nil, nil, err
	}
	if !ix.has("assets/chroma.css") {
		if err := out.WriteFile("assets/chroma.css", chromaCSS); err != nil {
			return nil, nil, err
		}
	}
	if err := out.WriteFile("search-index.js", st.searchIndex(prev, ix, rendered, allTexts)); err != nil {
		return nil, nil, err
	}
	if prev != nil {
		done := make(map[*Page]bool, len(todo))
		for _, p := range todo {
			done[p] = true
		}
		for _, p := range rendered {
			if !done[p] && !p.broken {
				out.files = append(out.files, p.File) // unchanged, already in dst
			}
		}
	}
	diags.Sort()
	slices.Sort(out.files)
	out.files = slices.Compact(out.files)
	st.files = out.files
	return &Result{Pages: rendered, Diags: diags, Files: out.files}, st, nil
}

// retains reports whether out may keep the slice WriteFile is given (so
// a pooled buffer must be copied first). Only the staging folder is known
// not to.
func retains(out Output) bool {
	if r, ok := out.(*recorder); ok {
		out = r.Output
	}
	_, onDisk := out.(*stagedDir)
	return !onDisk
}

// parallel calls f(0…n-1) on the builder's workers.
func (b *Builder) parallel(n int, f func(i int)) {
	workers := b.opts.Workers
	if workers <= 0 {
		// Twice the cores: a worker waiting on mkdir or write (a few
		// hundred microseconds each on some file systems, a quarter of a
		// page's time) leaves its core to another.
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	// Workers take the next index from a counter rather than a channel:
	// no handoff, no wakeups, just one atomic add per item.
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render is pass 2 for one page: parse, hook, check links, render, write.
// It returns the page's plain text for the search index.
func (b *Builder) render(p *Page, ix *siteIndex, out Output) (string, diag.List, error) {
	if p.broken {
		return "", nil, nil
	}
	var (
		body []byte
		doc  ast.Node
		lc   = &linkContext{page: p, resolver: ix}
	)
	if p.abs != "" {
		body, p.body = p.body, nil // kept by pass 1, freed as soon as used
		meta := p.meta
		if body == nil {
			var d *diag.Diagnostic
			var fm frontMatter
			if body, fm, _, d = p.read(); d != nil && d.Severity == diag.Error { // changed since pass 1
				return "", diag.List{*d}, nil
			}
			meta = fm.meta
		}
		pc := parser.NewContext()
		pc.Set(linkContextKey, lc)
		doc = b.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
		hooked := b.opts.PageHook != nil || b.opts.MarkClaims != nil && !b.opts.CheckOnly
		var added []ast.Node
		if hooked && len(meta) > 0 {
			added = addMeta(doc, body, meta)
		}
		if b.opts.PageHook != nil {
			b.opts.PageHook(p, body, doc)
		}
		if b.opts.MarkClaims != nil && !b.opts.CheckOnly {
			markClaims(doc, body, b.opts.MarkClaims(p, body, doc))
		}
		for _, m := range added {
			doc.RemoveChild(doc, m) // the layout shows title and description
		}
		// The layout prints the title as the page's <h1>.
		if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			doc.RemoveChild(doc, h)
		}
	}
	if b.opts.CheckOnly {
		// Links were checked while parsing; the rest is rendering.
		return "", lc.diags, nil
	}
	txt := ""
	content := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(content)
	content.Reset()
	if doc != nil {
		txt = searchText(doc, body)
		if err := b.md.Renderer().Render(content, body, doc); err != nil {
			return "", nil, fmt.Errorf("%s: rendering: %w", p.Source, err)
		}
	}
	return txt, lc.diags, b.renderPage(p, ix, out, template.HTML(content.String()))
}

// renderPage executes the layout for p's kind and writes the result.
func (b *Builder) renderPage(p *Page, ix *siteIndex, out Output, content template.HTML) error {
	data := b.data(p, ix, content)
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if b.theme.fast[p.Kind] {
		buf.Write(appendLayout(buf.AvailableBuffer(), data))
	} else if err := b.theme.layouts[p.Kind].Execute(buf, data); err != nil {
		return &ConfigError{Msg: fmt.Sprintf("theme: layouts/%s.html: rendering %s: %v", p.Kind, p.File, err)}
	}
	html := buf.Bytes()
	if retains(out) {
		html = slices.Clone(html) // buf goes back to the pool
	}
	return out.WriteFile(p.File, html)
}

// walkContent lists the Markdown files and other files under the content
// folder, as slash paths relative to it, sorted. Hidden files and
// folders, node_modules, Nix result links and docsite's own folders
// (output, theme, static, when they lie inside the content folder) are
// skipped. Links to files outside the site root are listed in outside and
// not published: a stray link in docs/ must not put ~/.ssh on the LAN.
func walkContent(cfg *site.Config) (md, other, outside []string, err error) {
	skip := map[string]bool{cfg.Output: true, cfg.Theme: true, cfg.Static: true}
	err = site.WalkDir(cfg.Content, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == cfg.Content {
				return err
			}
			return nil // reported when the file is read
		}
		name := d.Name()
		if p != cfg.Content && (strings.HasPrefix(name, ".") || name == "node_modules" || skip[p] ||
			(cfg.Content == cfg.Root && (strings.HasPrefix(name, "result") || name == site.FileName))) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link to a folder is not followed; a dangling link is kept,
			// so that reading it reports the problem.
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return nil
			}
			if !insideRoot(cfg.Root, p) {
				rel, _ := filepath.Rel(cfg.Content, p)
				outside = append(outside, filepath.ToSlash(rel))
				return nil
			}
		}
		rel, _ := filepath.Rel(cfg.Content, p)
		rel = filepath.ToSlash(rel)
		if strings.EqualFold(path.Ext(name), ".md") {
			md = append(md, rel)
		} else {
			other = append(other, rel)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, &ConfigError{Msg: fmt.Sprintf("content folder: %v", err)}
	}
	return md, other, outside, nil
}

// insideRoot reports whether the symbolic link p resolves to a file under
// root (a dangling link counts as inside: reading it reports the problem).
func insideRoot(root, p string) bool {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return true
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// walkStatic lists the files under the static folder, if there is one.
func walkStatic(cfg *site.Config) []string {
	var files []string
	site.WalkDir(cfg.Static, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(cfg.Static, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	return files
}

// readError is a source file that could not be read: a diagnostic, where
// a failure to write is an error of the build.
type readError struct {
	path string
	err  error
}

func (e *readError) Error() string { return e.path + ": " + e.err.Error() }

func copyFile(out Output, src, name string) error {
	data, _, err := rawio.ReadFile(src)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return &readError{src, err}
	}
	return out.WriteFile(name, data)
}

// checkReadable is copyFile for a CheckOnly build: the error copyFile
// would report for reading src, without reading it.
func checkReadable(src string) error {
	f, err := os.Open(src)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return &readError{src, err}
	}
	f.Close()
	return nil
}
