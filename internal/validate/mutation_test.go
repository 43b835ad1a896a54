package validate

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/nix"
	"github.com/docsite/docsite/internal/site"
)

// mutationFloor is the recall TestMutationRecall must keep on the example
// site: mutations caught (a stale error at a runbook line that states the
// value, naming the mutated config line) over mutations made. Every
// mutation is caught: where another config place still agrees with the
// runbook, the conflict between the two places is what makes the claim
// stale (see conflict.go). A drop is a regression.
const mutationFloor = 1.0

// TestMutationRecall is what CI would see after a config change the
// runbooks did not follow. It copies the example site (the repository's own
// site.toml, content/ and infra/) into a temporary folder and checks it once:
// that run must be clean. The facts the runbooks state are the config facts
// the verified claims were judged against. Then, one config position at a
// time, it changes a literal those facts come from, checks again, and
// expects a stale error at a runbook line that states the value, whose
// message names the changed config line (file:line).
//
// Config positions are found in the text, not taken from the facts: a
// fact's position is where the value is used (a Caddy site address filled by
// @miniIp@, an interpolation of config.flags.beeIp), while its literal may
// stand in an mkOption default two files away. So every literal that looks
// like a port, IP, subnet or host name is a candidate; changing it and
// diffing the inventory shows which facts it feeds, and only candidates that
// feed a stated fact are mutations. The placeholder bindings of
// substituteAll/replaceVars calls are mutated too, by giving the name its
// own value at the binding (inherit (config.flags) miniIp → miniIp = "…").
//
// A mutation is counted unless every claim stating its value is a bare
// machine name: renaming networking.hostName = "bee" alone leaves the flake
// attribute and the machines/bee folder, so "bee" in prose is still right.
// Recall is logged by kind and by source, split by whether the stated value
// is gone from the config or another config place still has it (a config
// now at odds with itself), with every miss, so the numbers can be quoted;
// the test fails below mutationFloor.
func TestMutationRecall(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"site.toml", "content", "infra"} {
		if _, err := os.Stat(filepath.Join(repo, p)); err != nil {
			t.Skipf("example site incomplete: %v", err)
		}
	}
	copySite := func() string {
		dir := t.TempDir()
		toml, err := os.ReadFile(filepath.Join(repo, "site.toml"))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "site.toml"), toml, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"content", "infra"} {
			if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join(repo, p))); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	base := copySite()
	cfg, err := site.Load(filepath.Join(base, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	pages := readPages(t, cfg)

	clean, inv := checkSite(t, base, pages)
	if n := clean.Count(Stale); n > 0 {
		for _, r := range clean.Results {
			if r.Verdict == Stale {
				t.Errorf("unmutated example: %s: %s", r.Claim.Pos, r.Message)
			}
		}
		t.Fatalf("the unmutated example has %d stale claims; mutations would prove nothing", n)
	}

	// The stated facts, and for each the verified claims judged against it.
	stated := map[factID][]int{}
	for i, r := range clean.Results {
		if r.Verdict != Verified {
			continue
		}
		for _, f := range r.Config {
			id := idOf(f)
			if !slices.Contains(stated[id], i) {
				stated[id] = append(stated[id], i)
			}
		}
	}
	if len(stated) == 0 {
		t.Fatal("no runbook claim is verified against the config")
	}

	cands := candidates(t, base, inv, stated)
	if len(cands) == 0 {
		t.Fatal("no config literal found for the stated facts")
	}

	// Each worker mutates its own copy of the site, one candidate at a
	// time, and restores the file afterwards.
	outcomes := make([]*outcome, len(cands))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(cands)); w++ {
		dir := copySite()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outcomes[i] = tryMutation(dir, pages, &cands[i], clean, inv, stated)
			}
		}()
	}
	for i := range cands {
		next <- i
	}
	close(next)
	wg.Wait()

	type tally struct{ caught, n int }
	var total, staleAny, inConfig, suggests, gone, still tally
	byKind := map[string]*tally{}
	bySource := map[string]*tally{}
	kinds := []string{"port", "ip", "cidr", "host"}
	sources := []string{"nix", "caddy", "mkOption default", "placeholder"}
	for _, k := range kinds {
		byKind[k] = &tally{}
	}
	for _, s := range sources {
		bySource[s] = &tally{}
	}
	var misses, notExpected []string
	otherStale := 0
	for i, o := range outcomes {
		if o == nil {
			continue // feeds no stated fact
		}
		m := &cands[i]
		if o.err != "" {
			t.Errorf("%s: %s → %s: %s", m.pos(), m.old, m.new, o.err)
			continue
		}
		if o.bare {
			notExpected = append(notExpected, fmt.Sprintf("%s %s → %s (stated only as a bare machine name, %d times)", m.pos(), m.old, m.new, len(o.lines)))
			continue
		}
		otherStale += o.otherStale
		total.n++
		staleAny.n++
		byKind[m.kind.String()].n++
		bySource[m.source].n++
		if o.caught {
			total.caught++
			byKind[m.kind.String()].caught++
			bySource[m.source].caught++
		}
		if o.staleAtLine {
			staleAny.caught++
		}
		if o.inConfig {
			inConfig.caught++
		}
		if o.suggestsNew {
			suggests.caught++
		}
		class := &still
		if o.gone {
			class = &gone
		}
		class.n++
		if o.caught {
			class.caught++
		}
		if !o.caught {
			where := "another config place still has the value"
			if o.gone {
				where = "the value is gone from the config"
			}
			lines := o.lines
			if len(lines) > 8 {
				lines = append(lines[:8:8], fmt.Sprintf("and %d more", len(o.lines)-8))
			}
			misses = append(misses, fmt.Sprintf("%s %s %s %s → %s (%s): %s\n\tstated at %s", m.source, m.kind, m.pos(), m.old, m.new, where, o.why, strings.Join(lines, ", ")))
		}
		if testing.Verbose() {
			t.Logf("%s %s %s %s → %s: caught=%v (%d stating lines, %d other stale)", m.source, m.kind, m.pos(), m.old, m.new, o.caught, len(o.lines), o.otherStale)
		}
	}
	t.Logf("%d candidate literals and bindings, %d feeding a fact a runbook states", len(cands), total.n+len(notExpected))
	frac := func(t *tally) string { return fmt.Sprintf("%d/%d", t.caught, t.n) }
	var ks, ss []string
	for _, k := range kinds {
		ks = append(ks, k+" "+frac(byKind[k]))
	}
	for _, s := range sources {
		ss = append(ss, s+" "+frac(bySource[s]))
	}
	t.Logf("mutation recall: caught %d / mutated %d (by kind: %s; by source: %s)", total.caught, total.n, strings.Join(ks, ", "), strings.Join(ss, ", "))
	t.Logf("when the stated value is gone from the config: caught %s; when another config place still has it: caught %s", frac(&gone), frac(&still))
	t.Logf("stale at a stating line: %d / %d (the mutated position among its config facts: %d, in its message: %d, suggesting the new value: %d)",
		staleAny.caught, total.n, inConfig.caught, total.caught, suggests.caught)
	t.Logf("stale claims at lines that do not state a mutated value, over all mutations: %d", otherStale)
	for _, m := range misses {
		t.Logf("missed: %s", m)
	}
	// A machine's networking.hostName renamed alone leaves its flake
	// attribute and machines/<name> folder, which the prose names: "bee"
	// is still a machine of the config, so this is not counted.
	for _, m := range notExpected {
		t.Logf("not counted: %s", m)
	}
	if total.n == 0 {
		t.Fatal("no mutation fed a stated fact")
	}
	if r := float64(total.caught) / float64(total.n); r < mutationFloor {
		t.Errorf("mutation recall %.3f (%d/%d) is below the floor %.3f", r, total.caught, total.n, mutationFloor)
	}
}

// checkSite runs the whole check on the site at root, as docsite check does.
func checkSite(t *testing.T, root string, pages []mdPage) (*Report, *Inventory) {
	cfg, err := site.Load(filepath.Join(root, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := LoadInventory(cfg)
	return checkPages(cfg, inv, pages), inv
}

func checkPages(cfg *site.Config, inv *Inventory, pages []mdPage) *Report {
	var claims []Claim
	for _, p := range pages {
		claims = append(claims, inv.Claims(p.rel, p.src, parseMD(p.src))...)
	}
	return Check(claims, inv, cfg)
}

// factID identifies a fact of one inventory.
type factID struct {
	pos         facts.Pos
	kind        facts.Kind
	value, path string
}

func idOf(f facts.Fact) factID { return factID{f.Pos, f.Kind, f.Value, f.Path} }

// lineKey identifies a fact across a mutation: a changed literal may shift
// the columns after it and rename the Caddy site in a path, but a fact whose
// value it does not feed keeps its file, line, kind and value.
type lineKey struct {
	file  string
	line  int
	kind  facts.Kind
	value string
}

func lineKeyOf(f facts.Fact) lineKey { return lineKey{f.Pos.File, f.Pos.Line, f.Kind, f.Value} }

// A candidate is one config position and the edit that changes its value.
type candidate struct {
	file      string // slash path relative to the site root
	line, col int
	edits     []edit // applied last first
	kind      facts.Kind
	old, new  string // as shown in the log
	// lit is the new text, lower case, as it shows in the values of the
	// facts the literal feeds.
	lit    string
	source string // nix, caddy, mkOption default, placeholder
}

type edit struct {
	off, end int
	text     string
}

func (m *candidate) pos() string { return fmt.Sprintf("%s:%d:%d", m.file, m.line, m.col) }

func (m *candidate) apply(src []byte) []byte {
	out := bytes.Clone(src)
	es := slices.Clone(m.edits)
	sort.Slice(es, func(i, j int) bool { return es[i].off > es[j].off })
	for _, e := range es {
		out = append(out[:e.off:e.off], append([]byte(e.text), out[e.end:]...)...)
	}
	return out
}

var (
	reIPLit    = regexp.MustCompile(`\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,3})?`)
	reNumLit   = regexp.MustCompile(`\d+`)
	reHostLit  = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+`)
	reLabelLit = regexp.MustCompile(`[A-Za-z][A-Za-z0-9-]*\.(?:@[A-Za-z_][A-Za-z0-9_]*@|\$\{)`)
	reNameLit  = regexp.MustCompile(`"([A-Za-z][A-Za-z0-9-]*)"`)
	reDefault  = regexp.MustCompile(`\bdefault\s*=`)
)

// candidates lists the config literals that may feed a stated fact: text
// that reads as a port, IP, subnet or host name whose value is (part of)
// one, and every placeholder binding. Whether it really feeds one is
// found by mutating it.
func candidates(t *testing.T, root string, inv *Inventory, stated map[factID][]int) []candidate {
	var statedFacts []facts.Fact
	for _, f := range inv.Facts {
		if _, ok := stated[idOf(f)]; ok {
			statedFacts = append(statedFacts, f)
		}
	}
	ports, ips, hosts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range statedFacts {
		add := func(k facts.Kind, v string) {
			switch k {
			case facts.Port:
				ports[v] = true
			case facts.IP, facts.CIDR:
				ips[v] = true
			case facts.Host:
				hosts[v] = true
			}
		}
		add(f.Kind, f.Value)
		for _, p := range parts(f.Kind, f.Value) {
			add(p.kind, p.value)
		}
	}
	hostFeeds := func(h string) bool {
		for s := range hosts {
			if s == h || strings.HasSuffix(s, "."+h) {
				return true
			}
		}
		return false
	}
	labelFeeds := func(l string) bool {
		for s := range hosts {
			if strings.HasPrefix(s, l+".") {
				return true
			}
		}
		return false
	}

	var out []candidate
	for _, rel := range inv.Sources {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		ls := lineStarts(src)
		at := func(off int) (int, int) {
			l := sort.Search(len(ls), func(i int) bool { return ls[i] > off })
			return l, off - ls[l-1] + 1
		}
		source := func(off int) string {
			line, _ := at(off)
			text := string(src[ls[line-1]:])
			if i := strings.IndexByte(text, '\n'); i >= 0 {
				text = text[:i]
			}
			switch {
			case !strings.HasSuffix(rel, ".nix"):
				return "caddy"
			case reDefault.MatchString(text) && bytes.Contains(src, []byte("mkOption")):
				return "mkOption default"
			}
			for _, f := range inv.Facts {
				if f.Pos.File == rel && f.Pos.Line == line && f.Source == "caddy" {
					return "caddy" // Caddy text inside a Nix string
				}
			}
			return "nix"
		}
		seen := map[int]bool{}
		// addLit adds the literal src[off:end] → nv; show is how the log
		// writes the value ("jellyfin.…" for a label).
		addLit := func(off, end int, k facts.Kind, nv, show string) {
			if nv == "" || seen[off] {
				return
			}
			seen[off] = true
			line, col := at(off)
			out = append(out, candidate{file: rel, line: line, col: col, kind: k,
				old: string(src[off:end]) + show, new: nv + show, lit: strings.ToLower(nv + strings.TrimSuffix(show, "…")),
				edits: []edit{{off, end, nv}}, source: source(off)})
		}
		// not reports whether the byte at i is outside src or not in set.
		not := func(i int, set string) bool {
			return i < 0 || i >= len(src) || !strings.ContainsRune(set, rune(src[i]))
		}
		const word = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
		ipSpans := reIPLit.FindAllIndex(src, -1)
		for _, sp := range ipSpans {
			s, e := sp[0], sp[1]
			if !not(s-1, word+".") || !not(e, word+".") {
				continue
			}
			lit := string(src[s:e])
			if strings.Contains(lit, "/") {
				if v, ok := facts.Normalize(facts.CIDR, lit); ok && ips[v] {
					addLit(s, e, facts.CIDR, freeCIDR(inv, lit), "")
				}
				continue
			}
			if v, ok := facts.Normalize(facts.IP, lit); ok && ips[v] {
				addLit(s, e, facts.IP, freeIP(inv, v), "")
			}
		}
		inIP := func(off int) bool {
			for _, sp := range ipSpans {
				if off >= sp[0] && off < sp[1] {
					return true
				}
			}
			return false
		}
		for _, sp := range reNumLit.FindAllIndex(src, -1) {
			s, e := sp[0], sp[1]
			if inIP(s) || !not(s-1, word+".-") || !not(e, word+"-") || e < len(src)-1 && src[e] == '.' && src[e+1] >= '0' && src[e+1] <= '9' {
				continue
			}
			if lit := string(src[s:e]); ports[lit] {
				addLit(s, e, facts.Port, freePort(inv, lit), "")
			}
		}
		for _, sp := range reHostLit.FindAllIndex(src, -1) {
			s, e := sp[0], sp[1]
			lit := string(src[s:e])
			if !not(s-1, word+".-@") || inIP(s) {
				continue
			}
			if h, ok := facts.Normalize(facts.Host, lit); ok && hostFeeds(h) {
				first, rest, _ := strings.Cut(lit, ".")
				addLit(s, e, facts.Host, freeHost(inv, first, "."+rest), "")
			}
		}
		for _, sp := range reLabelLit.FindAllIndex(src, -1) {
			s := sp[0]
			if !not(s-1, word+".-") {
				continue
			}
			e := s + bytes.IndexByte(src[s:], '.')
			label := string(src[s:e])
			if labelFeeds(strings.ToLower(label)) {
				addLit(s, e, facts.Host, freeLabel(label, hosts), ".…")
			}
		}
		for _, sp := range reNameLit.FindAllSubmatchIndex(src, -1) {
			s, e := sp[2], sp[3]
			name := string(src[s:e])
			if hosts[strings.ToLower(name)] && len(inv.Lookup(facts.Host, strings.ToLower(name))) > 0 {
				addLit(s, e, facts.Host, freeHost(inv, name, ""), "")
			}
		}
	}
	return append(out, bindingCandidates(t, root, inv)...)
}

// bindingCandidates gives each placeholder binding of a template its own
// value at the binding: `inherit (config.flags) beeIp miniIp;` becomes
// `inherit (config.flags) beeIp ; miniIp = "192.168.50.5";`, on the same
// line so every other position stays put.
func bindingCandidates(t *testing.T, root string, inv *Inventory) []candidate {
	var files []*nix.File
	srcs := map[string][]byte{}
	for _, rel := range inv.Sources {
		if !strings.HasSuffix(rel, ".nix") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		f, err := nix.ParseFile(rel, src)
		if err != nil {
			continue
		}
		srcs[rel] = src
		files = append(files, f)
	}
	var out []candidate
	seen := map[facts.Pos]bool{}
	for _, tm := range nix.Evaluate(files).Templates {
		for _, b := range tm.Bindings {
			src, ok := srcs[b.Pos.File]
			if !ok || seen[b.Pos] {
				continue
			}
			seen[b.Pos] = true
			ls := lineStarts(src)
			if b.Pos.Line < 1 || b.Pos.Line > len(ls) {
				continue
			}
			off := ls[b.Pos.Line-1] + b.Pos.Col - 1
			if off < 0 || off+len(b.Name) > len(src) || string(src[off:off+len(b.Name)]) != b.Name {
				t.Logf("binding %s at %s: the name is not written there; not mutated", b.Name, b.Pos)
				continue
			}
			var k facts.Kind
			var nv string
			if v, ok := facts.Normalize(facts.IP, b.Value); ok {
				k, nv = facts.IP, freeIP(inv, v)
			} else if _, ok := facts.Normalize(facts.CIDR, b.Value); ok && strings.Contains(b.Value, "/") {
				k, nv = facts.CIDR, freeCIDR(inv, b.Value)
			} else if _, ok := facts.Normalize(facts.Port, b.Value); ok {
				k, nv = facts.Port, freePort(inv, b.Value)
			} else if h, ok := facts.Normalize(facts.Host, b.Value); ok {
				first, rest, _ := strings.Cut(h, ".")
				if rest != "" {
					rest = "." + rest
				}
				k, nv = facts.Host, freeHost(inv, first, rest)
			}
			if nv == "" {
				continue
			}
			m := candidate{file: b.Pos.File, line: b.Pos.Line, col: b.Pos.Col, kind: k, old: "@" + b.Name + "@ = " + b.Value,
				new: "@" + b.Name + "@ = " + nv, lit: strings.ToLower(nv), source: "placeholder"}
			rest := src[off+len(b.Name):]
			eq := bytes.IndexByte(rest, '=')
			semi := bytes.IndexByte(rest, ';')
			nl := bytes.IndexByte(rest, '\n')
			if semi < 0 || nl >= 0 && semi > nl {
				t.Logf("binding %s at %s: no ';' on its line; not mutated", b.Name, b.Pos)
				continue
			}
			end := off + len(b.Name) + semi
			if eq >= 0 && eq < semi && len(bytes.TrimSpace(rest[:eq])) == 0 {
				// name = expr; → name = "value";
				m.edits = []edit{{off + len(b.Name) + eq + 1, end, ` "` + nv + `"`}}
			} else {
				// inherit (…) … name …; → inherit (…) … …; name = "value";
				m.edits = []edit{{off, off + len(b.Name), ""}, {end + 1, end + 1, " " + b.Name + ` = "` + nv + `";`}}
			}
			out = append(out, m)
		}
	}
	return out
}

// The free* functions pick a new value close to the old one that the config
// does not define: a change a person could make.

func freePort(inv *Inventory, v string) string {
	n, _ := strconv.Atoi(v)
	for d := 1; d < 1000; d++ {
		if s := strconv.Itoa(n + d); n+d < 65536 && len(inv.Lookup(facts.Port, s)) == 0 {
			return s
		}
	}
	return ""
}

func freeIP(inv *Inventory, v string) string {
	a, err := netip.ParseAddr(v)
	if err != nil || !a.Is4() {
		return ""
	}
	b := a.As4()
	for d := 1; d < 254; d++ {
		b[3] = byte((int(a.As4()[3])-1+d)%254 + 1) // 1..254, same /24
		if s := netip.AddrFrom4(b).String(); len(inv.Lookup(facts.IP, s)) == 0 {
			return s
		}
	}
	return ""
}

func freeCIDR(inv *Inventory, v string) string {
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() || p.Bits() > 24 {
		return ""
	}
	b := p.Addr().As4()
	for d := 1; d < 255; d++ {
		b[2] = p.Addr().As4()[2] + byte(d)
		if s := netip.PrefixFrom(netip.AddrFrom4(b), p.Bits()).String(); len(inv.Lookup(facts.CIDR, s)) == 0 {
			return s
		}
	}
	return ""
}

// freeHost renames the first label: home.example.net → home2.example.net.
func freeHost(inv *Inventory, first, rest string) string {
	for n := 2; n < 100; n++ {
		s := first + strconv.Itoa(n) + rest
		if len(inv.Lookup(facts.Host, strings.ToLower(s))) == 0 {
			return s
		}
	}
	return ""
}

// freeLabel renames a label written before a placeholder
// (jellyfin.@externalDomain@ → jellyfin2.@externalDomain@).
func freeLabel(label string, hosts map[string]bool) string {
	for n := 2; n < 100; n++ {
		s := label + strconv.Itoa(n)
		taken := false
		for h := range hosts {
			if strings.HasPrefix(h, strings.ToLower(s)+".") {
				taken = true
			}
		}
		if !taken {
			return s
		}
	}
	return ""
}

// An outcome is what one mutation did to the check.
type outcome struct {
	caught      bool     // stale at a stating line, naming the mutated position
	staleAtLine bool     // stale at a stating line, naming any position
	inConfig    bool     // … with the mutated position among its config facts
	suggestsNew bool     // … and suggesting the new value
	gone        bool     // a stating claim's value is now nowhere in the config
	bare        bool     // every stating claim is a bare machine name ("bee")
	lines       []string // the stating claims: file:line:col value
	otherStale  int      // stale claims at lines that do not state the value
	why         string   // for a miss: what the stating lines got instead
	err         string
}

// tryMutation applies m in dir, and reports nil when the mutation feeds no
// stated fact, else whether the check caught it.
func tryMutation(dir string, pages []mdPage, m *candidate, clean *Report, inv *Inventory, stated map[factID][]int) *outcome {
	path := filepath.Join(dir, filepath.FromSlash(m.file))
	orig, err := os.ReadFile(path)
	if err != nil {
		return &outcome{err: err.Error()}
	}
	if err := os.WriteFile(path, m.apply(orig), 0o644); err != nil {
		return &outcome{err: err.Error()}
	}
	defer os.WriteFile(path, orig, 0o644)
	cfg, err := site.Load(filepath.Join(dir, "site.toml"))
	if err != nil {
		return &outcome{err: err.Error()}
	}
	minv, _ := LoadInventory(cfg)

	// The facts the literal feeds: those of the clean inventory that no
	// longer stand at their line with their value.
	count := map[lineKey]int{}
	for _, f := range minv.Facts {
		count[lineKeyOf(f)]++
	}
	for _, f := range inv.Facts {
		count[lineKeyOf(f)]--
	}
	fed := false
	for _, f := range minv.Facts {
		if strings.Contains(f.Value, m.lit) {
			fed = true
		}
	}
	if !fed {
		return nil // the literal feeds no fact's value (a comment, an attribute name)
	}
	o := &outcome{}
	stating := map[int]bool{}
	for _, f := range inv.Facts {
		if count[lineKeyOf(f)] >= 0 {
			continue
		}
		for _, i := range stated[idOf(f)] {
			stating[i] = true
		}
	}
	o.bare = true
	for i := range stating {
		c := clean.Results[i].Claim
		o.bare = o.bare && c.Bare
		if len(inv.Lookup(c.Kind, c.Value)) > 0 && len(minv.Lookup(c.Kind, c.Value)) == 0 {
			o.gone = true // the runbook states a value the config no longer has
		}
	}
	if len(stating) == 0 {
		return nil // feeds only facts no runbook states
	}

	type line struct {
		file string
		n    int
	}
	lines := map[line]bool{}
	var idx []int
	for i := range stating {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		c := clean.Results[i].Claim
		lines[line{c.Pos.File, c.Pos.Line}] = true
		o.lines = append(o.lines, c.Pos.String()+" "+c.Raw)
	}
	rep := checkPages(cfg, minv, pages)
	want := fmt.Sprintf("%s:%d:", m.file, m.line)
	verdicts := map[string]bool{}
	for _, r := range rep.Results {
		at := lines[line{r.Claim.Pos.File, r.Claim.Pos.Line}]
		if r.Verdict != Stale {
			if at && len(verdicts) < 4 {
				verdicts[fmt.Sprintf("%s %s %s (%s)", r.Claim.Pos, r.Claim.Raw, r.Verdict, r.Rule)] = true
			}
			continue
		}
		if !at {
			o.otherStale++
			continue
		}
		o.staleAtLine = true
		if strings.Contains(strings.ToLower(r.Message), m.lit) {
			o.suggestsNew = true
		}
		for _, f := range r.Config {
			if f.Pos.File == m.file && f.Pos.Line == m.line {
				o.inConfig = true
			}
		}
		if strings.Contains(r.Message, want) {
			o.caught = true
		} else if o.why == "" {
			o.why = "stale, but naming another position: " + r.Claim.Pos.String() + ": " + r.Message
		}
	}
	if !o.staleAtLine {
		var vs []string
		for v := range verdicts {
			vs = append(vs, v)
		}
		sort.Strings(vs)
		o.why = "no stale claim at those lines; e.g. " + strings.Join(vs, "; ")
	}
	return o
}

type mdPage struct {
	rel string
	src []byte
}

// readPages reads the content folder with front matter blanked, as the
// build hands pages to validation.
func readPages(t *testing.T, cfg *site.Config) []mdPage {
	var ps []mdPage
	filepath.WalkDir(cfg.Content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, mdPage{cfg.Rel(p), blankFrontMatter(src)})
		}
		return nil
	})
	return ps
}

func blankFrontMatter(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src
	}
	end := bytes.Index(src[4:], []byte("\n---\n"))
	if end < 0 {
		return src
	}
	out := bytes.Clone(src)
	for i := 0; i < end+8; i++ {
		if out[i] != '\n' {
			out[i] = ' '
		}
	}
	return out
}
