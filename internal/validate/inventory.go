package validate

import (
	"net/netip"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

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
	inv := &Inventory{
		Facts:       fs,
		byValue:     map[key][]int{},
		byWord:      map[kindWord][]int{},
		byPath:      map[kindWord][]int{},
		byAttr:      map[kindWord][]int{},
		byValueWord: map[valueWord][]int{},
		hosts:       map[string]bool{},
		domains:     map[string]bool{},
		common:      map[string]bool{},
		known:       map[string]bool{},
	}
	memo := wordMemo{}
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

	type seenKey struct {
		kind        facts.Kind
		value, file string
		line        int
		path        string
	}
	seen := map[seenKey]bool{}
	lastFile := ""
	add := func(k facts.Kind, v string, i int, words, strong, own []string, derived bool) {
		f := &fs[i]
		sk := seenKey{k, v, f.Pos.File, f.Pos.Line, f.Path}
		if seen[sk] {
			return
		}
		seen[sk] = true
		inv.entries = append(inv.entries, entry{kind: k, value: v, fact: i, words: words, strong: strong, path: own, derived: derived})
	}
	for i := range fs {
		f := &fs[i]
		words := memo.factWords(f)
		prim, own := memo.primaryWords(f, words)
		strong, own := strongWords(prim), strongWords(own)
		add(f.Kind, f.Value, i, words, strong, own, false)
		for _, p := range parts(f.Kind, f.Value) {
			add(p.kind, p.value, i, words, strong, own, true)
		}
		if f.Pos.File != lastFile {
			lastFile = f.Pos.File
			if dir := machineDir(f.Pos.File); dir != "" {
				inv.addHost(dir)
			}
		}
	}
	// Words on more than half of the facts (a file path segment every fact
	// shares, "flags") are too common to tell subjects apart.
	df := map[string]int{}
	for _, e := range inv.entries {
		if e.derived {
			continue
		}
		for _, w := range e.strong {
			df[w]++
		}
	}
	n := len(fs)
	for w, c := range df {
		if n >= 8 && c*2 > n {
			inv.common[w] = true
		}
	}
	for i, e := range inv.entries {
		inv.byValue[key{e.kind, e.value}] = append(inv.byValue[key{e.kind, e.value}], i)
		for _, w := range e.strong {
			kw := kindWord{e.kind, w}
			inv.byWord[kw] = append(inv.byWord[kw], i)
		}
		for _, w := range e.path {
			kw := kindWord{e.kind, w}
			inv.byPath[kw] = append(inv.byPath[kw], i)
		}
		if f := &inv.Facts[e.fact]; f.Source == "nix" {
			attr := facts.Words(unquoted(f.Path))
			for _, w := range e.path {
				if slices.Contains(attr, w) {
					kw := kindWord{e.kind, w}
					inv.byAttr[kw] = append(inv.byAttr[kw], i)
				}
			}
		}
		for _, w := range e.words {
			inv.known[w] = true
			vw := valueWord{e.kind, e.value, w}
			inv.byValueWord[vw] = append(inv.byValueWord[vw], i)
		}
		if e.kind == facts.Host {
			inv.addHost(e.value)
			if strings.Contains(e.value, ".") {
				inv.domains[parentDomain(e.value)] = true
			}
		}
	}
	return inv
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

// primaryWords are the words of a fact that name what it is: from its
// attribute or directive path and its note (Caddy site and matcher names),
// and, in withFile only, its file path (machines/mini-vm/jellyfin.nix).
// Words only from comments nearby ("the router does not forward 22") can
// verify a claim but are too loose to call one stale.
func (m wordMemo) primaryWords(f *facts.Fact, words []string) (withFile, own []string) {
	// A note's parenthesis says where a placeholder was bound ("(@miniIp@
	// = 192.168.50.4 at machines/bee/caddy.nix:10:34)"): not what the
	// fact is about.
	note := f.Note
	if i := strings.Index(note, " (@"); i >= 0 {
		note = note[:i]
	}
	fpath := f.Path
	if f.Source == "caddy" {
		// "reverse_proxy @lan …" and "proxies lan to …": a named matcher
		// picks clients; it does not say what is served.
		for _, tok := range strings.Fields(fpath) {
			if m, ok := strings.CutPrefix(tok, "@"); ok && !strings.HasSuffix(m, "@") {
				fpath = strings.ReplaceAll(fpath, tok, "")
				note = strings.Replace(note, "proxies "+m+" to", "proxies to", 1)
			}
		}
	}
	// The few words of each source, in slices: a map per fact cost more
	// than the scans.
	collect := func(dst []string, src string) []string {
		dst = append(dst, m.words(src)...)
		for _, seg := range strings.FieldsFunc(src, func(r rune) bool { return r == '.' || r == ' ' || r == '"' || r == '/' }) {
			dst = append(dst, strings.ToLower(seg))
		}
		return dst
	}
	var buf [32]string
	prim := collect(collect(buf[:0], fpath), note)
	n := len(prim)
	prim = collect(prim, strings.TrimSuffix(f.Pos.File, path.Ext(f.Pos.File)))
	own = make([]string, 0, len(words))
	withFile = make([]string, 0, len(words))
	for _, w := range words {
		switch {
		case slices.Contains(prim[:n], w):
			own = append(own, w)
			withFile = append(withFile, w)
		case slices.Contains(prim[n:], w):
			withFile = append(withFile, w)
		}
	}
	return withFile, own
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
func parts(k facts.Kind, v string) []key {
	var out []key
	hostKey := func(h string) {
		if a, err := netip.ParseAddr(h); err == nil {
			out = append(out, key{facts.IP, a.String()})
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
	segs := strings.Split(file, "/")
	for i := 0; i+2 < len(segs); i++ {
		if segs[i] == "machines" || segs[i] == "hosts" || segs[i] == "nixosConfigurations" {
			if facts.IsHostName(segs[i+1]) {
				return strings.ToLower(segs[i+1])
			}
		}
	}
	return ""
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
