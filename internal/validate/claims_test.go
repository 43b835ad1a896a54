package validate

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/docsite/docsite/internal/facts"
)

func dump(claims []Claim) string {
	var b strings.Builder
	dumpClaims(&b, claims)
	return b.String()
}

// TestClaimsConcurrent: pages extracted at the same time, by extractors
// that come from and go back to the pool in any order, give what they
// give one by one.
func TestClaimsConcurrent(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	inv := labelledInventory(t)
	type page struct {
		name string
		src  []byte
		want string
	}
	var pages []page
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pg := page{name: filepath.Base(p), src: src}
		pg.want = dump(inv.Claims(pg.name, src, parseMD(src)))
		pages = append(pages, pg)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 5 {
				for i := range pages {
					pg := pages[(i+g+r)%len(pages)]
					if got := dump(inv.Claims(pg.name, pg.src, parseMD(pg.src))); got != pg.want {
						t.Errorf("%s: claims differ when extracted concurrently", pg.name)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestClaimsFunc: ClaimsFunc hands over what Claims returns, and the
// slices Claims returned stay as they were while the pooled buffer
// ClaimsFunc lends is reused for other pages.
func TestClaimsFunc(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(labelledDir, "*.md"))
	inv := labelledInventory(t)
	var kept [][]Claim
	var wants []string
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name, doc := filepath.Base(p), parseMD(src)
		cs := inv.Claims(name, src, doc)
		want := dump(cs)
		kept, wants = append(kept, cs), append(wants, want)
		calls := 0
		inv.ClaimsFunc(name, src, doc, func(lent []Claim) {
			calls++
			if got := dump(lent); got != want {
				t.Errorf("%s: ClaimsFunc gives\n%s\nClaims gives\n%s", name, got, want)
			}
		})
		if calls != 1 {
			t.Errorf("%s: ClaimsFunc called f %d times, want 1", name, calls)
		}
	}
	for i, cs := range kept {
		if got := dump(cs); got != wants[i] {
			t.Errorf("%s: claims changed after later pages were extracted", paths[i])
		}
	}
	if len(kept) == 0 {
		t.Fatal("no labelled pages")
	}
}

// TestNearest: nearest ranks a sentence's words as a stable sort by
// distance from the claim would (clausePenalty more for each separator
// between, and for each "and" between a claim and a word after it), keeping the first of each word, up to maxNear of them; alias
// keys (after the sentence's words, at any offset) merge in by distance
// too.
func TestNearest(t *testing.T) {
	ref := func(words []string, offs, seps, joins []int, at int) []string {
		type wd struct {
			w string
			d int
		}
		var all []wd
		for i, w := range words {
			d := offs[i] - at
			if d < 0 {
				d = -d
			}
			for _, s := range seps {
				if s >= min(at, offs[i]) && s < max(at, offs[i]) {
					d += clausePenalty
				}
			}
			for _, j := range joins {
				if offs[i] > at && j >= at && j < offs[i] {
					d += clausePenalty // "and" after the claim
				}
			}
			all = append(all, wd{w, d})
		}
		slices.SortStableFunc(all, func(a, b wd) int { return a.d - b.d })
		var out []string
		for _, e := range all {
			if !slices.Contains(out, e.w) && len(out) < maxNear {
				out = append(out, e.w)
			}
		}
		return out
	}
	r := rand.New(rand.NewPCG(3, 4))
	x := new(extractor)
	for range 20000 {
		vocab := 1 + r.IntN(100)
		n := r.IntN(maxScan - 8)
		var cw ctxWords
		off := 0
		for range n {
			off += r.IntN(3) // words at one offset: a token's parts
			if r.IntN(8) == 0 {
				off++
				cw.seps = append(cw.seps, off) // a comma between words
				off++
			}
			if r.IntN(8) == 0 {
				off++
				cw.joins = append(cw.joins, off) // an "and" between words
				off += 4
			}
			cw.words = append(cw.words, fmt.Sprint("w", r.IntN(vocab)))
			cw.offs = append(cw.offs, off)
		}
		cw.prose = len(cw.words)
		for range r.IntN(4) {
			cw.words = append(cw.words, fmt.Sprint("alias", r.IntN(3)))
			cw.offs = append(cw.offs, r.IntN(off+2))
		}
		at := r.IntN(off + 3)
		want := ref(cw.words, cw.offs, cw.seps, cw.joins, at)
		if got := x.nearest(cw, at); !slices.Equal(got, want) {
			t.Fatalf("nearest(%v at %v, %d) =\n%v, want\n%v", cw.words, cw.offs, at, got, want)
		}
	}
}

// TestNearestLongSentence: a claim in a sentence of thousands of words
// looks at the nearest maxScan of them only, so a log pasted as one
// paragraph costs each claim the same as a short sentence.
func TestNearestLongSentence(t *testing.T) {
	var cw ctxWords
	for i := range 100000 {
		cw.words = append(cw.words, fmt.Sprint("w", i))
		cw.offs = append(cw.offs, 10*i)
	}
	cw.prose = len(cw.words)
	got := new(extractor).nearest(cw, 500000)
	if len(got) != maxNear || got[0] != "w50000" || got[1] != "w49999" || got[2] != "w50001" {
		t.Errorf("nearest = %v…, want the %d words around w50000, nearest first", got[:min(len(got), 3)], maxNear)
	}
	// Few distinct words repeated: the scan stops after maxScan.
	for i := range cw.words {
		cw.words[i] = fmt.Sprint("w", i%5)
	}
	cw.words[len(cw.words)-1] = "far"
	if got := new(extractor).nearest(cw, 0); slices.Contains(got, "far") || len(got) != 5 {
		t.Errorf("nearest = %v, want w0…w4 and not the word 100,000 words away", got)
	}
}

// TestClaimContextOffset: a claim knows where it stands in its context,
// whatever spaces, line breaks and repeats come before it.
func TestClaimContextOffset(t *testing.T) {
	src := []byte("# Ports\n\nJellyfin is on\n  port 8096,   and\u00a0again port 8096 and  192.168.50.4\tthere,\nport 8096 — again.\n\n```\nss -tlnp  192.168.50.4:8096   0.0.0.0:*\n```\n")
	claims := Claims("p.md", src, parseMD(src))
	if len(claims) != 5 {
		t.Fatalf("%d claims, want 5:\n%s", len(claims), dump(claims))
	}
	last := map[string]int{}
	for _, c := range claims {
		if c.ctxAt == 0 {
			t.Errorf("%s %q: no offset in its context %q", c.Pos, c.Raw, c.Context)
			continue
		}
		if !strings.HasPrefix(c.Context[c.ctxAt-1:], c.Raw) {
			t.Errorf("%s %q: offset %d of %q is not the claim", c.Pos, c.Raw, c.ctxAt-1, c.Context)
		}
		if c.ctxAt <= last[c.Context] {
			t.Errorf("%s %q: offset %d is not after the claim before it", c.Pos, c.Raw, c.ctxAt-1)
		}
		last[c.Context] = c.ctxAt
	}
}

// TestClaimInLongSentence: a stale claim at the end of a sentence of
// thousands of words is judged and worded as in a short one.
func TestClaimInLongSentence(t *testing.T) {
	inv, cfg := labelledInventory(t), labelledConfig(t)
	verdict := func(page string) string {
		src := []byte(page)
		rep := Check(inv.Claims("p.md", src, parseMD(src)), inv, cfg)
		var msgs []string
		for _, d := range rep.Diags {
			msgs = append(msgs, d.Message)
		}
		return strings.Join(msgs, "\n")
	}
	short := verdict("# Media\n\nJellyfin listens on port 8097.\n")
	long := verdict("# Media\n\n" + strings.Repeat("lorem ipsum\n", 5000) + "and Jellyfin listens on port 8097.\n")
	if !strings.HasPrefix(short, "Jellyfin port 8097 is stale") || long != short {
		t.Errorf("short sentence: %s\nlong sentence: %s\nwant the same stale finding", short, long)
	}
}

// TestClaimsUnicodeSeparators: text copied from a wiki or a word
// processor (no-break and narrow spaces, curly quotes, dashes) states
// the same claims as its ASCII spelling, at the right columns.
func TestClaimsUnicodeSeparators(t *testing.T) {
	for _, c := range []struct {
		text string
		col  int
	}{
		{"Jellyfin listens on port\u00a08096.", 27},
		{"Jellyfin:\u202fport\u202f8096.", 20},
		{"Jellyfin (“port 8096”).", 19},
		{"Jellyfin—port 8096.", 17},
		{"Jellyfin ──port 8096──► bee", 21},
	} {
		src := []byte("# Media\n\n" + c.text + "\n")
		claims := Claims("p.md", src, parseMD(src))
		if len(claims) != 1 || claims[0].Kind != facts.Port || claims[0].Raw != "8096" || claims[0].Pos.Col != c.col || !slices.Contains(claims[0].Near, "jellyfin") {
			t.Errorf("%q: claims\n%s\nwant port 8096 at column %d about jellyfin", c.text, dump(claims), c.col)
		}
	}
}

// TestClaimsStrikethrough: struck text is what no longer holds: its
// values are not claims, and the claims after it are still found where
// they stand.
func TestClaimsStrikethrough(t *testing.T) {
	src := []byte("# Media\n\nJellyfin ~~port 8097 on 192.168.50.5~~ port 8096, see <http://192.168.50.4:8096>.\n")
	claims := Claims("p.md", src, parseMD(src))
	var got []string
	for _, c := range claims {
		got = append(got, fmt.Sprintf("%d:%d %s", c.Pos.Line, c.Pos.Col, c.Raw))
	}
	want := []string{"3:45 8096", "3:56 http://192.168.50.4:8096"}
	if !slices.Equal(got, want) {
		t.Errorf("claims %q, want %q:\n%s", got, want, dump(claims))
	}
}

// TestHTMLText: an HTML block's text keeps its offsets; tags, comments,
// character references and the content of script and style are blanked
// (line breaks kept), a "<" that opens no tag is text.
func TestHTMLText(t *testing.T) {
	for _, c := range []struct {
		in    string
		blank []string // what is blanked, all else stays
	}{
		{"<td>Jellyfin</td><td>8096</td>", []string{"<td>", "</td>"}},
		{"a &amp; b &#39;c&#x27; &nosemicolon x", []string{"&amp;", "&#39;", "&#x27;"}},
		{"<!-- port 1 -->x<!-- open", []string{"<!-- port 1 -->", "<!-- open"}},
		{"<script>\nvar a = '1.2.3.4';\n</script>y", []string{"<script>", "var a = '1.2.3.4';", "</script>"}},
		{"<STYLE>.x{color:#fff}</STYLE>", []string{"<STYLE>", ".x{color:#fff}", "</STYLE>"}},
		{"<script\ntype=x>1.2.3.4</p></SCRIPT >z", []string{"<script", "type=x>", "1.2.3.4</p>", "</SCRIPT >"}},
		{"a < b and <3 <a href=\"http://x/\">link</a>", []string{"<a href=\"http://x/\">", "</a>"}},
		{"<div\nclass=x>z", []string{"<div", "class=x>"}},
		{"<unterminated", []string{"<unterminated"}},
	} {
		want := c.in
		for _, b := range c.blank {
			want = strings.ReplaceAll(want, b, strings.Repeat(" ", len(b)))
		}
		if got := htmlText(c.in); got != want {
			t.Errorf("htmlText(%q) =\n%q, want\n%q", c.in, got, want)
		}
	}
}

// TestHTMLLinks: href and src values, quoted either way or not, are
// found at their offsets; other attributes and text are not links.
func TestHTMLLinks(t *testing.T) {
	s := `<a href="http://a/x" title="http://t/">y</a> <IMG SRC='http://b/' alt=z><img src=http://c/ class=d> data-href="no" <p>href="text"</p>`
	var got []string
	for _, l := range htmlLinks(nil, s, 100) {
		if s[l.src-100:l.src-100+len(l.dest)] != l.dest {
			t.Errorf("%q is not at offset %d", l.dest, l.src)
		}
		got = append(got, l.dest)
	}
	if want := []string{"http://a/x", "http://b/", "http://c/"}; !slices.Equal(got, want) {
		t.Errorf("htmlLinks = %q, want %q", got, want)
	}
}
