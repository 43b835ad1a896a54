package validate

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// TestMutations checks the example site (the repository's own site.toml,
// content/ and infra/) the way CI would after a config change: for every
// port, IP, subnet and host literal in infra/ it changes the value in a
// copy of the tree, checks again, and expects every runbook claim that
// stated the old value, and now states a value the config no longer has
// anywhere, to be reported stale, naming the new value. It logs the
// recall (caught / expected) and each miss, fails below 85%, and fails on
// any stale finding in the unmutated tree.
func TestMutations(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"site.toml", "content", "infra"} {
		if _, err := os.Stat(filepath.Join(repo, p)); err != nil {
			t.Skipf("example site incomplete: %v", err)
		}
	}
	dir := t.TempDir()
	for _, p := range []string{"site.toml", "content", "infra"} {
		if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(filepath.Join(repo, p))); err != nil {
			if err := copyFile(filepath.Join(repo, p), filepath.Join(dir, p)); err != nil {
				t.Fatal(err)
			}
		}
	}
	cfg, err := site.Load(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	pages := readPages(t, cfg)
	check := func() (*Report, *Inventory) {
		inv, _ := LoadInventory(cfg)
		var claims []Claim
		for _, p := range pages {
			claims = append(claims, inv.Claims(p.rel, p.src, parseMD(p.src))...)
		}
		return Check(claims, inv, cfg), inv
	}
	base, inv := check()
	for _, r := range base.Results {
		if r.Verdict == Stale {
			t.Errorf("unmutated example: %s: %s", r.Claim.Pos, r.Message)
		}
	}

	caught, fixed, expected, mutations := 0, 0, 0, 0
	for _, f := range inv.Facts {
		if f.Source != "nix" && f.Source != "caddy" || f.Kind == facts.HostPort || f.Kind == facts.URL {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Pos.File))
		orig, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		off, ok := literalAt(orig, f.Pos, f.Value)
		if !ok {
			continue // a placeholder or computed value: its literal is mutated where it stands
		}
		nv := mutate(f.Kind, f.Value, inv)
		if nv == "" {
			continue
		}
		mut := append(append(append([]byte{}, orig[:off]...), nv...), orig[off+len(f.Value):]...)
		if err := os.WriteFile(path, mut, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, minv := check()
		os.WriteFile(path, orig, 0o644)
		mutations++
		for i, r := range base.Results {
			c := r.Claim
			if r.Verdict != Verified || c.Kind != f.Kind || c.Value != f.Value || len(minv.byValue[key{c.Kind, c.Value}]) > 0 {
				continue
			}
			expected++
			got := rep.Results[i]
			switch {
			case got.Verdict == Stale && strings.Contains(got.Message, nv):
				caught++
				fixed++
			case got.Verdict == Stale:
				caught++
				t.Logf("%s → %s at %s: %s stale, but suggests another subject's value: %s", f.Value, nv, f.Pos, c.Pos, got.Message)
			default:
				t.Logf("%s → %s at %s: %s %s missed: %s (%s) in %q", f.Value, nv, f.Pos, c.Pos, c.Value, got.Verdict, got.Rule, c.Context)
			}
		}
	}
	t.Logf("mutation recall: %d of %d claims reported stale, %d of them suggesting the new value (%d literals mutated)", caught, expected, fixed, mutations)
	if expected > 0 && float64(caught) < 0.85*float64(expected) {
		t.Errorf("mutation recall %d/%d below 0.85", caught, expected)
	}
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

// literalAt finds value written at (or, after a quote, just after) pos.
func literalAt(src []byte, pos facts.Pos, value string) (int, bool) {
	ls := lineStarts(src)
	if pos.Line < 1 || pos.Line > len(ls) {
		return 0, false
	}
	off := ls[pos.Line-1] + pos.Col - 1
	for _, o := range []int{off, off + 1} {
		if o >= 0 && o+len(value) <= len(src) && string(src[o:o+len(value)]) == value {
			return o, true
		}
	}
	return 0, false
}

// mutate returns a value of kind k close to v that the config does not
// define: the next free port, another host in the same /24, the subnet
// next door, a renamed first label.
func mutate(k facts.Kind, v string, inv *Inventory) string {
	free := func(s string) bool { return len(inv.byValue[key{k, s}]) == 0 }
	switch k {
	case facts.Port:
		n, _ := strconv.Atoi(v)
		for d := 1; d < 100; d++ {
			if s := strconv.Itoa(n + d); n+d < 65536 && free(s) {
				return s
			}
		}
	case facts.IP:
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is4() || special(a) {
			return ""
		}
		b := a.As4()
		for d := 1; d < 200; d++ {
			b[3] = byte((int(a.As4()[3])+d)%250 + 2)
			if s := netip.AddrFrom4(b).String(); free(s) {
				return s
			}
		}
	case facts.CIDR:
		p, err := netip.ParsePrefix(v)
		if err != nil || !p.Addr().Is4() || p.Bits() != 24 {
			return ""
		}
		b := p.Addr().As4()
		b[2]++
		return netip.PrefixFrom(netip.AddrFrom4(b), 24).String()
	case facts.Host:
		if !strings.Contains(v, ".") || strings.HasPrefix(v, "*") {
			return ""
		}
		return "x" + v
	}
	return ""
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return fmt.Errorf("%w", err)
	}
	return os.WriteFile(to, b, 0o644)
}
