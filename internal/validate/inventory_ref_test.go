package validate

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// TestInventoryMatchesReference: NewInventory indexes the facts of this
// repository's config, of the test configs, and of $DOCSITE_CORPUS when
// set, exactly as the plain implementation below does.
func TestInventoryMatchesReference(t *testing.T) {
	roots := []string{"../..", "testdata/badinput"}
	if c := os.Getenv("DOCSITE_CORPUS"); c != "" {
		roots = append(roots, c)
	}
	for _, root := range roots {
		cfg, err := site.Find(root)
		if err != nil {
			t.Fatal(err)
		}
		inv, _ := LoadInventory(cfg)
		if len(inv.Facts) == 0 {
			t.Fatalf("%s: no facts", root)
		}
		// StartInventory: the host names at once, the rest once built.
		started, ds := StartInventory(cfg)
		if !reflect.DeepEqual(started.hosts, inv.hosts) || started.maxHost != inv.maxHost || !reflect.DeepEqual(started.aliases, inv.aliases) {
			t.Errorf("%s: StartInventory's hosts differ", root)
		}
		started.Claims("content/x.md", []byte("mini at 192.168.50.4:8096\n"), parseMD([]byte("mini at 192.168.50.4:8096\n")))
		started.wait()
		if !reflect.DeepEqual(ds, inv.Diags) || !reflect.DeepEqual(started.Skipped, inv.Skipped) || !reflect.DeepEqual(started.Sources, inv.Sources) {
			t.Errorf("%s: StartInventory's diagnostics or sources differ", root)
		}
		compareInventories(t, root, started, inv)
		aliases := cfg.Validate.Aliases
		if aliases == nil {
			aliases = map[string][]string{"mini": {"Mac mini"}, "bee": {" The Bee "}}
		}
		// Facts twice over: every entry of the second half repeats one of
		// the first, so many values exceed the scan of repeats.
		fs := slices.Concat(inv.Facts, inv.Facts, inv.Facts[:len(inv.Facts)/3])
		for _, fs := range [][]facts.Fact{inv.Facts, fs} {
			got, want := NewInventory(fs, aliases), refNewInventory(fs, aliases)
			compareInventories(t, root, got, want)
		}
	}
}

func compareInventories(t *testing.T, root string, got, want *Inventory) {
	t.Helper()
	if len(got.entries) != len(want.entries) {
		t.Fatalf("%s: %d entries, want %d", root, len(got.entries), len(want.entries))
	}
	for i := range got.entries {
		g, w := got.entries[i], want.entries[i]
		if g.kind != w.kind || g.value != w.value || g.fact != w.fact || g.derived != w.derived ||
			!slices.Equal(g.words, w.words) || !slices.Equal(g.strong, w.strong) || !slices.Equal(g.path, w.path) {
			t.Fatalf("%s: entry %d:\n got %+v\nwant %+v", root, i, g, w)
		}
	}
	for name, pair := range map[string][2]any{
		"byValue": {got.byValue, want.byValue}, "byWord": {got.byWord, want.byWord},
		"byPath": {got.byPath, want.byPath}, "byAttr": {got.byAttr, want.byAttr},
		"byValueWord": {got.byValueWord, want.byValueWord}, "hosts": {got.hosts, want.hosts},
		"maxHost": {got.maxHost, want.maxHost}, "domains": {got.domains, want.domains},
		"common": {got.common, want.common}, "known": {got.known, want.known},
		"aliases": {got.aliases, want.aliases},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s: %s differs", root, name)
		}
	}
}

// refNewInventory is NewInventory as it was before its words were
// memoized and cut from blocks: the reference the fast one must equal.
func refNewInventory(fs []facts.Fact, aliases map[string][]string) *Inventory {
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
		prim, own := refPrimaryWords(memo, f, words)
		strong, own := refStrongWords(prim), refStrongWords(own)
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

// primaryWords are the words of a fact that name what it is: from its
// attribute or directive path and its note (Caddy site and matcher names),
// and, in withFile only, its file path (machines/mini-vm/jellyfin.nix).
// Words only from comments nearby ("the router does not forward 22") can
// verify a claim but are too loose to call one stale.
func refPrimaryWords(m wordMemo, f *facts.Fact, words []string) (withFile, own []string) {
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
func refStrongWords(ws []string) []string {
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

// BenchmarkNewInventory indexes the facts of $DOCSITE_CORPUS (see
// BenchmarkCorpus), the reference implementation beside the fast one.
func BenchmarkNewInventory(b *testing.B) {
	cfg := corpusConfig(b)
	inv, _ := LoadInventory(cfg)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			NewInventory(inv.Facts, cfg.Validate.Aliases)
		}
	})
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			refNewInventory(inv.Facts, cfg.Validate.Aliases)
		}
	})
}

// BenchmarkLoadInventory loads the inventory of $DOCSITE_CORPUS afresh, as
// a build does.
func BenchmarkLoadInventory(b *testing.B) {
	cfg := corpusConfig(b)
	for b.Loop() {
		LoadInventory(cfg)
	}
}

// TestAppendWordsIndexer: the indexer's appendWords splits as facts.Words
// does, after words already in the block.
func TestAppendWordsIndexer(t *testing.T) {
	const alphabet = "aAzZbB09Ip-_. \"/@:sSIPsURLéÜ—"
	r := rand.New(rand.NewPCG(1, 2))
	cases := []string{"", "café", "Ünï-Code", "nixosConfigurations.node000", "HTTPPort", "internalIPs", "URLsFor", "a--b_c-", "_x_", "node7", "IP", "ABc", "ABs", "ABsX", "mini-vm.orb.local"}
	rs := []rune(alphabet)
	for range 200000 {
		b := make([]rune, r.IntN(16))
		for i := range b {
			b[i] = rs[r.IntN(len(rs))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		var dst []string
		dst = append(make([]string, 0, len(s)+1), "x")
		appendWords(s, &dst, 1, strings.ToLower)
		if got, want := dst[1:], facts.Words(s); !slices.Equal(got, want) {
			t.Fatalf("appendWords(%q) = %q, facts.Words = %q", s, got, want)
		}
	}
}

// TestMachineDir: machineDir finds the folder after machines/, hosts/ or
// nixosConfigurations/ as splitting the path into segments does.
func TestMachineDir(t *testing.T) {
	ref := func(file string) string {
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
	for _, f := range []string{"", "machines", "machines/bee", "machines/bee/", "machines/Bee/x.nix", "infra/hosts/mini-vm/a/b.nix",
		"machines/-x/hosts/ok/c.nix", "machines//a.nix", "a/nixosConfigurations/n1.lan/x", "hosts/machines/x/y", "/machines/a/b", "machines/a b/c"} {
		if got, want := machineDir(f), ref(f); got != want {
			t.Errorf("machineDir(%q) = %q, want %q", f, got, want)
		}
	}
}

// BenchmarkStartInventory measures what a build waits for before it can
// extract claims: StartInventory's return (the indexes are left to
// finish after the timer stops).
func BenchmarkStartInventory(b *testing.B) {
	cfg := corpusConfig(b)
	for b.Loop() {
		inv, _ := StartInventory(cfg)
		b.StopTimer()
		inv.wait()
		b.StartTimer()
	}
}

// TestWalkDir: walkDir visits what site.WalkDir visits, in its order,
// with the same entry types, through a linked root, and skips as it
// does.
func TestWalkDir(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"b/x.nix", "a/c/d.nix", "a/Caddyfile", "z", "a/c/e/f.nix", "m/n/o/p.nix"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink("b", filepath.Join(root, "link-dir"))
	os.Symlink("z", filepath.Join(root, "link-file"))
	os.Symlink("nowhere", filepath.Join(root, "a", "dangling"))
	linked := filepath.Join(t.TempDir(), "linked")
	os.Symlink(root, linked)
	os.Mkdir(filepath.Join(root, "closed"), 0o000)
	defer os.Chmod(filepath.Join(root, "closed"), 0o755)
	walk := func(w func(string, fs.WalkDirFunc) error, dir string) string {
		var sb strings.Builder
		err := w(dir, func(p string, d fs.DirEntry, err error) error {
			fmt.Fprintf(&sb, "%s", p)
			if d != nil {
				fmt.Fprintf(&sb, " %s %v %v", d.Name(), d.Type(), d.IsDir())
			}
			fmt.Fprintf(&sb, " %v\n", err != nil)
			switch {
			case d != nil && d.Name() == "c":
				return filepath.SkipDir
			case d != nil && d.Name() == "o.nix", d != nil && d.Name() == "n":
				return filepath.SkipDir // a folder's rest; a file's folder
			}
			return nil
		})
		fmt.Fprintf(&sb, "-> %v\n", err)
		return sb.String()
	}
	for _, dir := range []string{root, linked, filepath.Join(root, "missing"), filepath.Join(root, "z")} {
		if got, want := walk(walkDir, dir), walk(site.WalkDir, dir); got != want {
			t.Errorf("walkDir(%s):\n%s\nsite.WalkDir:\n%s", dir, got, want)
		}
	}
}
