package validate

import (
	"net/netip"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// An Inventory is what the config defines: facts indexed by value and by
// subject word, so matching a claim costs a few map lookups.
type Inventory struct {
	Facts   []facts.Fact    // as the readers produced them
	Skipped []facts.Skipped // sources that could not be read
	Sources []string        // sources read, relative to the site root
	Diags   diag.List       // warnings found while loading

	entries []entry
	byValue map[key][]int
	byWord  map[kindWord][]int // by strong word
	byPath  map[kindWord][]int // by strong word of the fact's own path or note
	byAttr  map[kindWord][]int // by strong word of a Nix attribute path
	// byValueWord finds the entries of a value that have a word (strong
	// or not): the test for "verified".
	byValueWord map[valueWord][]int
	hosts       map[string]bool // host names a bare word may refer to
	maxHost     int             // length of the longest name in hosts
	domains     map[string]bool // parent domains of the config's hosts
	common      map[string]bool // words on so many facts that they tell nothing
	known       map[string]bool // every subject word of every fact
	aliases     []alias
	// fileHosts and templateHosts name the machines each config file and
	// each template belongs to (see setMachines).
	fileHosts, templateHosts map[string][]string
	relOnce                  sync.Once
	rel                      *relations
	parts                    [][]key // of each fact, from newInventory for index
	// ready, when not nil, is closed once index has built the entries
	// and indexes on another goroutine (StartInventory).
	ready chan struct{}
}

type key struct {
	kind  facts.Kind
	value string
}

type valueWord struct {
	kind        facts.Kind
	value, word string
}

type kindWord struct {
	kind facts.Kind
	word string
}

// entry is a fact, or a part of one (the port of a host:port), as matched.
type entry struct {
	kind    facts.Kind
	value   string
	fact    int // index in Inventory.Facts
	words   []string
	strong  []string // words that are not merely parts of a compound (mini of mini-vm)
	path    []string // the strong words of the fact's path and note: what it is
	derived bool
}

type alias struct {
	key     string
	phrases []string // lower case
}

// NewInventory indexes facts. aliases is [validate.aliases]: subject word →
// phrases that mean it in prose.
func NewInventory(fs []facts.Fact, aliases map[string][]string) *Inventory {
	inv := newInventory(fs, aliases)
	inv.index()
	return inv
}

// newInventory returns an inventory of fs with its aliases and host names
// (all Claims needs), not yet indexed for Check (see index).
func newInventory(fs []facts.Fact, aliases map[string][]string) *Inventory {
	n := len(fs)
	inv := &Inventory{
		Facts: fs,
		// Sizes as a generated tree of 5,000 facts needs them: a value
		// has two facts, a (value, word) pair one.
		byValue:     make(map[key][]int, n/2),
		byWord:      make(map[kindWord][]int, n/4),
		byPath:      make(map[kindWord][]int, n/4),
		byAttr:      map[kindWord][]int{},
		byValueWord: make(map[valueWord][]int, 2*n),
		hosts:       make(map[string]bool, n/8),
		domains:     map[string]bool{},
		common:      map[string]bool{},
		known:       make(map[string]bool, min(n, 256)),
		entries:     make([]entry, 0, n+n/8),
	}
	keys := make([]string, 0, len(aliases))
	for k := range aliases {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := alias{key: strings.ToLower(k)}
		for _, p := range aliases[k] {
			if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
				a.phrases = append(a.phrases, p)
			}
		}
		inv.aliases = append(inv.aliases, a)
	}
	// Host names: the machines the files are in (machines/<name>/…), and
	// every value of kind host, whole or part of a host:port or URL.
	// The parts of host:ports and URLs, kept for index.
	inv.parts = make([][]key, n)
	var ps []key
	lastFile := ""
	for i := range fs {
		f := &fs[i]
		if f.Pos.File != lastFile {
			lastFile = f.Pos.File
			if dir := machineDir(f.Pos.File); dir != "" {
				inv.addHost(dir)
			}
		}
		if f.Kind == facts.Host {
			inv.addHostValue(f.Value)
		}
		if f.Kind == facts.HostPort || f.Kind == facts.URL {
			start := len(ps)
			ps = appendParts(ps, f.Kind, f.Value)
			inv.parts[i] = ps[start:len(ps):len(ps)]
			for _, p := range inv.parts[i] {
				if p.kind == facts.Host {
					inv.addHostValue(p.value)
				}
			}
		}
	}
	return inv
}

// addHostValue adds a host value of the config: a host name, and a
// parent domain when it has one.
func (inv *Inventory) addHostValue(h string) {
	inv.addHost(h)
	if strings.Contains(h, ".") {
		inv.domains[parentDomain(h)] = true
	}
}

// index builds the indexes Check matches claims with. It reads the facts
// and writes only the entries and indexes, so it may run while Claims
// reads the host names.
func (inv *Inventory) index() {
	fs, n := inv.Facts, len(inv.Facts)
	ix := newIndexer(n)
	// A fact is entered once per kind, value and place (file, line and
	// path): a host:port's derived port may repeat the port fact beside
	// it. The entries of a value are few, so a scan finds the repeat; a
	// value with very many entries (a port every site uses) is looked up
	// in seen instead, which holds the entries of those values only.
	const scanMax = 32
	type seenKey struct {
		kind        facts.Kind
		value, file string
		line        int
		path        string
	}
	var seen map[seenKey]bool
	sameFact := func(e int, f *facts.Fact) bool {
		g := &fs[inv.entries[e].fact]
		return g.Pos.Line == f.Pos.Line && g.Pos.File == f.Pos.File && g.Path == f.Path
	}
	add := func(k facts.Kind, v string, i int, ws *factWordsResult, derived bool) {
		f := &fs[i]
		kv := key{k, v}
		es := inv.byValue[kv]
		if len(es) <= scanMax {
			for _, e := range es {
				if sameFact(e, f) {
					return
				}
			}
		} else if seen[seenKey{k, v, f.Pos.File, f.Pos.Line, f.Path}] {
			return
		}
		e := len(inv.entries)
		inv.entries = append(inv.entries, entry{kind: k, value: v, fact: i, words: ws.words, strong: ws.strong, path: ws.own, derived: derived})
		if es == nil {
			inv.byValue[kv] = ix.ints.one(e)
		} else {
			inv.byValue[kv] = append(es, e)
		}
		switch n := len(es) + 1; {
		case n == scanMax+1:
			if seen == nil {
				seen = map[seenKey]bool{}
			}
			for _, e := range inv.byValue[kv] {
				g := &fs[inv.entries[e].fact]
				seen[seenKey{k, v, g.Pos.File, g.Pos.Line, g.Path}] = true
			}
		case n > scanMax+1:
			seen[seenKey{k, v, f.Pos.File, f.Pos.Line, f.Path}] = true
		}
	}
	for i := range fs {
		f := &fs[i]
		ws := ix.fact(f)
		add(f.Kind, f.Value, i, &ws, false)
		for _, p := range inv.parts[i] {
			add(p.kind, p.value, i, &ws, true)
		}
	}
	// Words on more than half of the facts (a file path segment every fact
	// shares, "flags") are too common to tell subjects apart.
	df := make(map[string]int, min(n, 512))
	for i := range inv.entries {
		e := &inv.entries[i]
		if e.derived {
			continue
		}
		for _, w := range e.strong {
			df[w]++
		}
	}
	for w, c := range df {
		if n >= 8 && c*2 > n {
			inv.common[w] = true
		}
	}
	// byValueWord and known, the largest indexes, are built beside the
	// others: they read only the entries.
	var wg sync.WaitGroup
	wg.Go(func() {
		var ints intBlock
		var lastWords []string
		for i := range inv.entries {
			e := &inv.entries[i]
			// The entries of one fact share its words.
			if len(e.words) > 0 && (len(lastWords) != len(e.words) || &lastWords[0] != &e.words[0]) {
				lastWords = e.words
				for _, w := range e.words {
					inv.known[w] = true
				}
			}
			for _, w := range e.words {
				addIndex(&ints, inv.byValueWord, valueWord{e.kind, e.value, w}, i)
			}
		}
	})
	for i := range inv.entries {
		e := &inv.entries[i]
		for _, w := range e.strong {
			addIndex(&ix.ints, inv.byWord, kindWord{e.kind, w}, i)
		}
		for _, w := range e.path {
			addIndex(&ix.ints, inv.byPath, kindWord{e.kind, w}, i)
		}
		if f := &inv.Facts[e.fact]; f.Source == "nix" && len(e.path) > 0 {
			attr := ix.attr(f.Path)
			for _, w := range e.path {
				if slices.Contains(attr, w) {
					addIndex(&ix.ints, inv.byAttr, kindWord{e.kind, w}, i)
				}
			}
		}
	}
	wg.Wait()
	inv.parts = nil
}

// addIndex appends entry i to m[k]. Most keys have one entry: theirs is
// cut from the indexer's block, not allocated alone.
func addIndex[K comparable](b *intBlock, m map[K][]int, k K, i int) {
	if es, ok := m[k]; ok {
		m[k] = append(es, i)
	} else {
		m[k] = b.one(i)
	}
}

// An intBlock is where one-entry index lists are cut from.
type intBlock []int

// one returns []int{i} cut from the block.
func (b *intBlock) one(i int) []int {
	if len(*b) == cap(*b) {
		*b = make([]int, 0, 4096)
	}
	n := len(*b)
	*b = append(*b, i)
	return (*b)[n : n+1 : n+1]
}

// An indexer computes the words of an inventory's facts. The facts of a
// config repeat a few strings (attribute paths, notes, file names,
// subjects) many times, so each string is split and filtered once, and
// the word lists of the facts are cut from shared blocks rather than
// allocated one by one.
type indexer struct {
	words   map[string][]string // facts.Words
	subj    map[string][]string // subject words of a string (see factWords)
	paths   map[string]pathWords
	collect map[string][]string // see primaryWords
	attrs   map[string][]string // facts.Words(unquoted(path))
	// The last fact whose words fact computed, and them.
	prev      *facts.Fact
	prevWords factWordsResult
	file      string            // the last fact's file, and its
	dir       string            // machineDir
	base      string            // and its name without extension
	lowers    map[string]string // strings.ToLower of words with capitals
	strs      []string          // block the word lists are cut from
	ints      intBlock
}

type pathWords struct {
	words []string // the subject words of the path
	iface []string // interface names among its segments (enp2s0, wg0)
}

type factWordsResult struct {
	words, strong, own []string
}

// newIndexer returns an indexer for n facts.
func newIndexer(n int) *indexer {
	return &indexer{
		words:   make(map[string][]string, n),
		subj:    make(map[string][]string, n/2),
		paths:   make(map[string]pathWords, n/2),
		collect: make(map[string][]string, n),
		attrs:   map[string][]string{},
		lowers:  map[string]string{},
	}
}

// lower is strings.ToLower, remembered: camel-case parts (Configurations,
// Ip) recur in many strings.
func (ix *indexer) lower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			if l, ok := ix.lowers[w]; ok {
				return l
			}
			l := strings.ToLower(w)
			ix.lowers[w] = l
			return l
		}
	}
	return w
}

// split is facts.Words, remembered, its words cut from the block.
func (ix *indexer) split(s string) []string {
	if ws, ok := ix.words[s]; ok {
		return ws
	}
	start := ix.reserve(len(s))
	appendWords(s, &ix.strs, start, ix.lower)
	ws := ix.cut(start)
	ix.words[s] = ws
	return ws
}

// appendWords appends facts.Words(s) to *dst, which has room for len(s)
// more words. The words already in (*dst)[start:] are those of s so far;
// lower is strings.ToLower.
func appendWords(s string, dst *[]string, start int, lower func(string) string) {
	facts.SplitWords(s, func(w string) {
		w = lower(w)
		if !slices.Contains((*dst)[start:], w) {
			*dst = append(*dst, w)
		}
	})
}

// reserve makes room for n more strings in the block and returns where
// they start.
func (ix *indexer) reserve(n int) int {
	if cap(ix.strs)-len(ix.strs) < n {
		ix.strs = make([]string, 0, max(4096, n))
	}
	return len(ix.strs)
}

// cut returns the strings appended to the block since start.
func (ix *indexer) cut(start int) []string {
	if start == len(ix.strs) {
		return nil
	}
	return ix.strs[start:len(ix.strs):len(ix.strs)]
}

// subjectWord reports whether a word (lower case) may be a subject word:
// not a stop word, not a number, not a single letter.
func subjectWord(w string) bool {
	return w != "" && !stopWords[w] && !isDigits(w) && len(w) >= 2
}

// subject returns the subject words of one string of a fact, as
// factWords adds them (before dropping repeats).
func (ix *indexer) subject(s string) []string {
	if ws, ok := ix.subj[s]; ok {
		return ws
	}
	ws := ix.split(s)
	start := ix.reserve(len(ws))
	for _, w := range ws {
		if w = strings.ToLower(w); subjectWord(w) {
			ix.strs = append(ix.strs, w)
		}
	}
	out := ix.cut(start)
	ix.subj[s] = out
	return out
}

// segments calls fn with the non-empty segments of s between dots,
// spaces and double quotes, and with slash also slashes:
// strings.FieldsFunc without the slice.
func segments(s string, slash bool, fn func(string)) {
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' || s[i] == ' ' || s[i] == '"' || slash && s[i] == '/' {
			if start >= 0 {
				fn(s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
}

func (ix *indexer) path(p string) pathWords {
	if pw, ok := ix.paths[p]; ok {
		return pw
	}
	pw := pathWords{words: ix.subject(p)}
	start := ix.reserve(len(p))
	segments(p, false, func(seg string) {
		if hasDigit(seg) && isWord(seg) && !isDigits(seg) {
			if w := strings.ToLower(seg); subjectWord(w) {
				ix.strs = append(ix.strs, w)
			}
		}
	})
	pw.iface = ix.cut(start)
	ix.paths[p] = pw
	return pw
}

// collected is what primaryWords collects of one string: its words and
// its segments between dots, spaces, quotes and slashes, lower case.
func (ix *indexer) collected(s string) []string {
	if ws, ok := ix.collect[s]; ok {
		return ws
	}
	words := ix.split(s)
	start := ix.reserve(len(words) + len(s))
	ix.strs = append(ix.strs, words...)
	segments(s, true, func(seg string) {
		ix.strs = append(ix.strs, strings.ToLower(seg))
	})
	ws := ix.cut(start)
	ix.collect[s] = ws
	return ws
}

func (ix *indexer) attr(p string) []string {
	if ws, ok := ix.attrs[p]; ok {
		return ws
	}
	ws := ix.split(unquoted(p))
	ix.attrs[p] = ws
	return ws
}

// fact returns the words of a fact (factWords), and the strong words of
// its primaryWords with and without its file.
func (ix *indexer) fact(f *facts.Fact) factWordsResult {
	// The facts of one place come together (a Caddy site's address,
	// upstream and port): theirs are the words of the fact before.
	if p := ix.prev; p != nil && f.Path == p.Path && f.Pos.File == p.Pos.File && f.Note == p.Note && f.Source == p.Source && slices.Equal(f.Subjects, p.Subjects) {
		return ix.prevWords
	}
	ws := ix.factWords(f)
	ix.prev, ix.prevWords = f, ws
	return ws
}

func (ix *indexer) factWords(f *facts.Fact) factWordsResult {
	if f.Pos.File != ix.file {
		ix.file = f.Pos.File
		ix.dir = machineDir(f.Pos.File)
		ix.base = strings.TrimSuffix(f.Pos.File, path.Ext(f.Pos.File))
	}
	pw := ix.path(f.Path)
	n := len(pw.words) + len(pw.iface) + 1
	for _, s := range f.Subjects {
		n += len(ix.subject(s))
	}
	start := ix.reserve(3 * n)
	add := func(w string) {
		if !slices.Contains(ix.strs[start:], w) {
			ix.strs = append(ix.strs, w)
		}
	}
	for _, s := range f.Subjects {
		for _, w := range ix.subject(s) {
			add(w)
		}
	}
	for _, w := range pw.words {
		add(w)
	}
	if subjectWord(ix.dir) {
		add(ix.dir)
	}
	for _, w := range pw.iface {
		add(w)
	}
	words := ix.cut(start)

	// primaryWords
	note := f.Note
	if i := strings.Index(note, " (@"); i >= 0 {
		note = note[:i]
	}
	fpath := f.Path
	if f.Source == "caddy" && strings.Contains(fpath, "@") {
		for _, tok := range strings.Fields(fpath) {
			if m, ok := strings.CutPrefix(tok, "@"); ok && !strings.HasSuffix(m, "@") {
				fpath = strings.ReplaceAll(fpath, tok, "")
				note = strings.Replace(note, "proxies "+m+" to", "proxies to", 1)
			}
		}
	}
	cpath, cnote, cfile := ix.collected(fpath), ix.collected(note), ix.collected(ix.base)
	start = len(ix.strs)
	for _, w := range words {
		if slices.Contains(cpath, w) || slices.Contains(cnote, w) || slices.Contains(cfile, w) {
			ix.strs = append(ix.strs, w)
		}
	}
	withFile := ix.cut(start)
	start = len(ix.strs)
	for _, w := range withFile {
		if slices.Contains(cpath, w) || slices.Contains(cnote, w) {
			ix.strs = append(ix.strs, w)
		}
	}
	own := ix.cut(start)
	return factWordsResult{words: words, strong: ix.strong(withFile), own: ix.strong(own)}
}

// strong is strongWords, cutting the result from the block.
func (ix *indexer) strong(ws []string) []string {
	if !hasWeak(ws) {
		return ws
	}
	start := ix.reserve(len(ws))
	for _, w := range ws {
		if !isPartOf(w, ws) {
			ix.strs = append(ix.strs, w)
		}
	}
	return ix.cut(start)
}

// factWords are the subject words of a fact: its Subjects and the words of
// its attribute path, without stop words.
func factWords(f *facts.Fact) []string { return wordMemo(nil).factWords(f) }

// A wordMemo remembers facts.Words of the strings an inventory's facts
// repeat (paths, notes, file names, subject lists), so each is split once.
// A nil memo splits every time.
type wordMemo map[string][]string

func (m wordMemo) words(s string) []string {
	if ws, ok := m[s]; ok {
		return ws
	}
	ws := facts.Words(s)
	if m != nil {
		m[s] = ws
	}
	return ws
}

func (m wordMemo) factWords(f *facts.Fact) []string {
	ws := make([]string, 0, len(f.Subjects)+8)
	add := func(w string) {
		w = strings.ToLower(w)
		if w == "" || stopWords[w] || isDigits(w) || len(w) < 2 || slices.Contains(ws, w) {
			return
		}
		ws = append(ws, w)
	}
	for _, s := range f.Subjects {
		for _, w := range m.words(s) {
			add(w)
		}
	}
	for _, w := range m.words(f.Path) {
		add(w)
	}
	// The machine a file configures (machines/node000/…) is a subject of
	// everything in it.
	add(machineDir(f.Pos.File))
	// Interface names stay whole as prose writes them: enp2s0, wg0.
	for _, seg := range strings.FieldsFunc(f.Path, func(r rune) bool { return r == '.' || r == ' ' || r == '"' }) {
		if hasDigit(seg) && isWord(seg) && !isDigits(seg) {
			add(seg)
		}
	}
	return ws
}

// strongWords leaves out the parts of hyphenated compounds present in ws:
// a fact about mini-vm is not evidence about the mini.
func strongWords(ws []string) []string {
	weak := map[string]bool{}
	for _, w := range ws {
		if strings.ContainsAny(w, "-_") {
			for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '_' }) {
				weak[p] = true
			}
		}
	}
	if len(weak) == 0 {
		return ws
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if !weak[w] {
			out = append(out, w)
		}
	}
	return out
}

// hasWeak reports whether strongWords would leave out any of ws: whether
// one is a compound.
func hasWeak(ws []string) bool {
	for _, w := range ws {
		if strings.ContainsAny(w, "-_") && strings.Trim(w, "-_") != "" {
			return true
		}
	}
	return false
}

// isPartOf reports whether w is a part of a hyphenated compound among ws.
func isPartOf(w string, ws []string) bool {
	for _, c := range ws {
		if len(c) <= len(w) || !strings.ContainsAny(c, "-_") {
			continue
		}
		for len(c) > 0 {
			i := strings.IndexAny(c, "-_")
			if i < 0 {
				i = len(c)
			}
			if c[:i] == w {
				return true
			}
			c = c[min(i+1, len(c)):]
		}
	}
	return false
}

// unquoted drops the quoted segments of an attribute path:
// virtualHosts."status.home.example.net" names a site, not a subject.
func unquoted(p string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(p); i++ {
		if p[i] == '"' {
			in = !in
			continue
		}
		if !in {
			b.WriteByte(p[i])
		}
	}
	return b.String()
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// parts splits a host:port or URL into the values it contains, so a claim
// of one part ("port 8097") meets a config fact of the whole
// (mini-vm.orb.local:8097).
func parts(k facts.Kind, v string) []key { return appendParts(nil, k, v) }

// appendParts appends the parts of v to out.
func appendParts(out []key, k facts.Kind, v string) []key {
	hostKey := func(h string) {
		if a, err := netip.ParseAddr(h); err == nil {
			// h is canonical nearly always: no need for a new string.
			var buf [64]byte
			if string(a.AppendTo(buf[:0])) != h {
				h = a.String()
			}
			out = append(out, key{facts.IP, h})
		} else if facts.IsHostName(h) {
			out = append(out, key{facts.Host, h})
		}
	}
	switch k {
	case facts.HostPort:
		if h, p, ok := facts.SplitHostPort(v); ok {
			hostKey(h)
			out = append(out, key{facts.Port, p})
		}
	case facts.URL:
		h, p := urlHostPort(v)
		if h != "" {
			hostKey(h)
		}
		if p != "" {
			out = append(out, key{facts.Port, p})
			if h != "" {
				out = append(out, key{facts.HostPort, facts.JoinHostPort(h, p)})
			}
		}
	}
	return out
}

// urlHostPort returns the host (v6 unbracketed) and explicit port of a
// canonical URL.
func urlHostPort(u string) (host, port string) {
	i := strings.Index(u, "://")
	if i < 0 {
		return "", ""
	}
	rest := u[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	if h, p, ok := facts.SplitHostPort(rest); ok {
		return h, p
	}
	return strings.Trim(rest, "[]"), ""
}

// machineDir returns <name> for a file under machines/<name>/ or
// hosts/<name>/: the name of a machine, which prose may call by it.
func machineDir(file string) string {
	for rest := file; ; {
		seg, after, ok := strings.Cut(rest, "/")
		if !ok {
			return ""
		}
		if seg == "machines" || seg == "hosts" || seg == "nixosConfigurations" {
			// A folder, so not the last segment.
			if name, _, ok := strings.Cut(after, "/"); ok && facts.IsHostName(name) {
				return strings.ToLower(name)
			}
		}
		rest = after
	}
}

// parentDomain is the name without its first label, or the name itself
// when it has only two labels: jellyfin.example.com → example.com.
func parentDomain(h string) string {
	if strings.Count(h, ".") <= 1 {
		return h
	}
	return h[strings.IndexByte(h, '.')+1:]
}

func (inv *Inventory) addHost(h string) {
	inv.hosts[h] = true
	inv.maxHost = max(inv.maxHost, len(h))
}

// wait returns when the inventory's indexes are built (see
// StartInventory); at once for one NewInventory or LoadInventory made.
func (inv *Inventory) wait() {
	if inv != nil && inv.ready != nil {
		<-inv.ready
	}
}

// knownHost reports whether a bare word names a host of the config.
func (inv *Inventory) knownHost(name string) bool {
	return inv.hosts[name]
}

// Hosts returns the single-label host names the inventory knows, sorted.
func (inv *Inventory) Hosts() []string {
	var out []string
	for h := range inv.hosts {
		if !strings.Contains(h, ".") {
			out = append(out, h)
		}
	}
	sort.Strings(out)
	return out
}

// Lookup returns the facts whose value (or part of whose value) is v of
// kind k.
func (inv *Inventory) Lookup(k facts.Kind, v string) []facts.Fact {
	inv.wait()
	var out []facts.Fact
	for _, i := range inv.byValue[key{k, v}] {
		out = append(out, inv.Facts[inv.entries[i].fact])
	}
	return out
}

// Search returns the facts that have word among their subject words or
// contain it in their value; "" returns every fact. For `docsite facts`.
func (inv *Inventory) Search(word string) []facts.Fact {
	word = strings.ToLower(word)
	var out []facts.Fact
	for i := range inv.Facts {
		f := &inv.Facts[i]
		if word == "" || strings.Contains(f.Value, word) || slices.Contains(factWords(f), word) || strings.Contains(strings.ToLower(f.Path), word) {
			out = append(out, *f)
		}
	}
	return out
}

// Words returns the subject words a fact is matched by.
func Words(f facts.Fact) []string { return factWords(&f) }

func isExternalHost(h string, inv *Inventory) bool {
	if lanSuffix(h) {
		return false
	}
	if inv.hosts[h] {
		return false
	}
	for d := h; strings.Contains(d, "."); d = d[strings.IndexByte(d, '.')+1:] {
		if inv.domains[d] {
			return false
		}
	}
	return true
}

func lanSuffix(h string) bool {
	for _, s := range []string{".local", ".lan", ".internal", ".home.arpa", ".ts.net", ".localdomain", ".intranet", ".corp", ".private"} {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

func isExternalIP(v string) bool {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return false
	}
	if a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLoopback() || a.IsMulticast() {
		return false
	}
	if netip.MustParsePrefix("100.64.0.0/10").Contains(a) || netip.MustParsePrefix("198.18.0.0/15").Contains(a) {
		return false // CGNAT (Tailscale), benchmarking range (OrbStack's 198.19.249.x)
	}
	return true
}

// sameNetwork reports whether two IPs are close enough that one replacing
// the other is a plausible edit: same /24 (v4) or /64 (v6). Addresses of
// other networks (an OrbStack NAT next to the LAN) are other facts.
func sameNetwork(a, b string) bool {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	if err1 != nil || err2 != nil || x.Is4() != y.Is4() {
		return false
	}
	bits := 24
	if x.Is6() {
		bits = 64
	}
	p, _ := x.Prefix(bits)
	return p.Contains(y)
}

func samePrefixNet(a, b string) bool {
	x, err1 := netip.ParsePrefix(a)
	y, err2 := netip.ParsePrefix(b)
	if err1 != nil || err2 != nil || x.Addr().Is4() != y.Addr().Is4() {
		return false
	}
	// Subnets are renumbered within a larger block: 10.100.0.0/24 →
	// 10.100.1.0/24. Same /16 (v4) or /48 (v6).
	bits := 16
	if x.Addr().Is6() {
		bits = 48
	}
	p, _ := x.Addr().Prefix(bits)
	return p.Contains(y.Addr())
}

// relatedHost reports whether b could be what a stale a meant: both
// qualified, with the same number of labels, differing in exactly one
// (jf.home.example.net / jellyfin.home.example.net, grafana.example.org /
// grafana.example.net). nas.lan and nas.tail1234.ts.net are two names of
// one machine, not a rename.
func relatedHost(a, b string) bool {
	la, lb := strings.Split(a, "."), strings.Split(b, ".")
	if len(la) < 2 || len(la) != len(lb) {
		return false
	}
	diff := 0
	for i := range la {
		if la[i] != lb[i] {
			diff++
		}
	}
	return diff == 1
}
