package validate

import (
	"bytes"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/docsite/docsite/internal/facts"
)

// A Claim is a fact a runbook states: a value of some kind at a position,
// with the words around it that say what it is about.
type Claim struct {
	Kind   facts.Kind `json:"kind"`
	Value  string     `json:"value"` // canonical (facts.Normalize)
	Raw    string     `json:"raw"`   // as written
	Pos    facts.Pos  `json:"pos"`   // of the first byte of Raw in the .md
	Offset int        `json:"offset"`
	// Subjects are the words the claim is about, most telling first: the
	// words of its sentence, list item or table row (nearest first), then
	// its headings, then the page name. Stop words are left out.
	Subjects []string `json:"subjects"`
	// Near, Heading and Page split Subjects by where the words come from;
	// only Near and the nearest heading are evidence enough for "stale".
	Near    []string `json:"-"`
	Heading []string `json:"-"`
	Page    []string `json:"-"`
	// Context is the sentence, list item, table row or code line.
	Context string `json:"context"`
	// ctxAt is 1 + the offset of Raw in Context, 0 where it is not known
	// (table cells, link destinations): what looks around the claim in
	// its context looks there, not through a whole pasted log.
	ctxAt int
	// Code is set for claims in code blocks, where the words next to a
	// value are arguments rather than what it is about.
	Code bool `json:"code,omitempty"`
	// Bare marks a single-label host ("bee") found because the inventory
	// knows the name.
	Bare bool `json:"bare,omitempty"`
	// Suppressed points at the ignore comment covering the claim.
	Suppressed *Directive `json:"-"`
	// Directive is set, with Kind facts.Invalid, on the entries Claims adds
	// for docsite-ignore comments, so Check can report malformed ones and
	// ones that suppress nothing.
	Directive *Directive `json:"-"`
}

// A Directive is a docsite-ignore comment in a page.
type Directive struct {
	Pos    facts.Pos
	Form   string // "ignore", "ignore-start", "ignore-end"
	Reason string
	// Problem, when set, is why the comment is not a valid directive; it is
	// reported as a warning and suppresses nothing.
	Problem string
}

// Claims extracts the claims of one page from its goldmark AST. file is the
// page's path as diagnostics print it (content/mini-vm.md). Bare host names
// ("bee") are claims only when an inventory knows them; use
// Inventory.Claims for those and for [validate.aliases].
func Claims(file string, src []byte, doc ast.Node) []Claim {
	var inv *Inventory
	return inv.Claims(file, src, doc)
}

// Claims is the package-level Claims with the inventory's host names and
// aliases. A nil inventory knows no names. The claims' strings are slices
// of src, which must not change while they are in use (as goldmark's
// nodes need it unchanged too).
func (inv *Inventory) Claims(file string, src []byte, doc ast.Node) []Claim {
	// Claims leave in a slice of their exact size: callers keep every
	// page's claims, and growing by appends copied each claim several
	// times and kept up to twice the room.
	var out []Claim
	inv.ClaimsFunc(file, src, doc, func(cs []Claim) {
		if len(cs) > 0 {
			out = slices.Clone(cs)
		}
	})
	return out
}

// ClaimsFunc is Claims for a caller that is done with the claims when f
// returns (a build judging each page as it goes): f gets them in a buffer
// that is reused once it returns, so f must copy what it keeps.
func (inv *Inventory) ClaimsFunc(file string, src []byte, doc ast.Node, f func([]Claim)) {
	// An extractor's buffers are reused from page to page: a build extracts
	// a thousand pages, and allocating the scratch space anew for each cost
	// more than the scanning.
	x := extractors.Get().(*extractor)
	x.start(file, src)
	if inv != nil {
		x.sc.known = inv.knownHost
		x.sc.maxKnown = inv.maxHost
		x.sc.words = x.hostFilter(inv)
		x.aliases = inv.aliases
	}
	x.page = pageWords(file)
	x.block(doc)
	x.finish()
	f(x.claims)
	x.stop()
	extractors.Put(x)
}

var extractors = sync.Pool{New: func() any { return new(extractor) }}

// start readies x for a page. x is new or was stopped, so its buffers
// are empty and keep their capacity.
func (x *extractor) start(file string, src []byte) {
	x.file, x.src = file, src
	// The page as a string, not a copy (src does not change; see
	// Inventory.Claims): code lines, comments and the text of blocks
	// written in one piece are slices of it.
	x.ssrc = unsafe.String(unsafe.SliceData(src), len(src))
	x.lines = append(x.lines[:0], 0)
}

// hostFilter returns the set of the inventory's single-label host names,
// kept with the pooled extractor from page to page of one inventory.
func (x *extractor) hostFilter(inv *Inventory) *wordSet {
	f := x.filter
	if f == nil || f.inv != inv || f.n != len(inv.hosts) {
		var names []string
		for h := range inv.hosts {
			if strings.IndexByte(h, '.') < 0 {
				names = append(names, h)
			}
		}
		f = &hostFilter{inv: inv, n: len(inv.hosts), words: newWordSet(names)}
		x.filter = f
	}
	return f.words
}

// A hostFilter is the wordSet of an inventory's hosts, with what says
// whether it still is: the inventory, and the number of its hosts (which
// only grow).
type hostFilter struct {
	inv   *Inventory
	n     int
	words *wordSet
}

// stop drops what x holds of the page and of the inventory (but the
// host filter), so that a pooled extractor keeps no page alive; a buffer
// that grew large on a huge page is let go.
func (x *extractor) stop() {
	clear(x.headings)
	clear(x.regions)
	clear(x.claims)
	x.scratch.drop()
	if cap(x.scratch.text) > 1<<16 {
		x.scratch = scratch{}
	}
	*x = extractor{
		lines:    x.lines[:0],
		sc:       scanner{out: x.sc.out[:0], low: x.sc.low[:0]},
		headings: x.headings[:0],
		regions:  x.regions[:0],
		claims:   x.claims[:0],
		scratch:  x.scratch,
		filter:   x.filter,
	}
	if cap(x.claims) > 1<<12 {
		x.claims = nil
	}
	if cap(x.lines) > 1<<14 {
		x.lines = nil
	}
	if cap(x.sc.out) > 1<<10 || cap(x.sc.low) > 1<<14 {
		x.sc = scanner{}
	}
}

type heading struct {
	level int
	words []string
}

type region struct {
	start, end int
	d          *Directive
}

type extractor struct {
	file string
	src  []byte
	ssrc string // src as a string
	// lines are the offsets of the lines of src found so far (pos finds
	// more); linesDone is set when they are all.
	lines     []int
	linesDone bool
	sc        scanner
	aliases   []alias
	page      []string

	headings []heading
	pending  *Directive // docsite-ignore waiting for its block
	cover    *Directive // the directive covering the block being walked
	open     *region
	regions  []region
	claims   []Claim
	leadIn   ast.Node // the paragraph before a code block

	lastCtx, lastNorm string // the last context add saw, normalized
	// norm maps offsets of lastCtx to offsets of lastNorm, walking on
	// from where the previous claim of the context left it.
	norm struct {
		from, to int
		space    bool // a space run is pending: the next word adds one
	}
	// Claims with the same near words under the same headings share one
	// Subjects slice (no one writes to a claim's slices): last is the
	// previous claim's, headGen counts changes of the headings.
	lastSubjects []string
	lastNear     int
	lastGen      int
	headGen      int

	words   arena
	scratch scratch
	filter  *hostFilter
}

// scratch holds buffers reused from block to block and page to page;
// nothing in them outlives the call that filled them.
type scratch struct {
	pieces   []piece
	links    []linkDest
	text     []byte
	spans    []span
	cw       ctxWords
	alias    []wordDist
	near     []string // nearest's result
	seen     map[string]struct{}
	lead     []string // a code block's lead-in words
	cell     []string // a table cell's words
	rowWords []string // the words of a table row's cells, back to back
	rowEnds  []int
	header   []string // a table header's words, back to back
	hdrEnds  []int
	cells    []flat
	texts    []string
	portCol  []bool
}

// drop clears the strings the buffers point at (they are slices of a page).
func (s *scratch) drop() {
	clear(s.pieces[:cap(s.pieces)])
	clear(s.links[:cap(s.links)])
	clear(s.cw.words[:cap(s.cw.words)])
	clear(s.cw.tmp[:cap(s.cw.tmp)])
	clear(s.alias[:cap(s.alias)])
	clear(s.near[:cap(s.near)])
	clear(s.lead[:cap(s.lead)])
	clear(s.cell[:cap(s.cell)])
	clear(s.rowWords[:cap(s.rowWords)])
	clear(s.header[:cap(s.header)])
	clear(s.cells[:cap(s.cells)])
	clear(s.texts[:cap(s.texts)])
}

// An arena hands out strings built in shared blocks: the lower-case and
// joined words of a page, which its claims keep, cost one allocation per
// block instead of one each. A block is never written to where a string
// was handed out.
type arena struct {
	b strings.Builder
}

// lower returns s in lower case: s itself when it is already.
func (a *arena) lower(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			return strings.ToLower(s)
		} else if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s
	}
	return a.make(s, "", "", true)
}

// appendWords appends facts.Words(s) to dst, the lower-case words made in
// a's blocks.
func (a *arena) appendWords(dst []string, s string) []string {
	base := len(dst)
	facts.SplitWords(s, func(w string) { dst = a.addWord(dst, base, w) })
	return dst
}

// addWord adds w in lower case to dst unless dst[base:] has it.
func (a *arena) addWord(dst []string, base int, w string) []string {
	if w == "" {
		return dst
	}
	w = a.lower(w)
	if slices.Contains(dst[base:], w) {
		return dst
	}
	return append(dst, w)
}

// join returns p+sep+q.
func (a *arena) join(p, sep, q string) string {
	return a.make(p, sep, q, false)
}

// reserve makes room for n bytes in the current block.
func (a *arena) reserve(n int) {
	if a.b.Cap()-a.b.Len() < n {
		// A new block; the old one stays as long as its strings do.
		a.b = strings.Builder{}
		a.b.Grow(max(n, 512))
	}
}

func (a *arena) make(p, sep, q string, lower bool) string {
	a.reserve(len(p) + len(sep) + len(q))
	at := a.b.Len()
	if lower {
		for i := 0; i < len(p); i++ {
			c := p[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			a.b.WriteByte(c)
		}
	} else {
		a.b.WriteString(p)
	}
	a.b.WriteString(sep)
	a.b.WriteString(q)
	return a.b.String()[at:]
}

// block walks a block node and its descendants.
func (x *extractor) block(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock {
			continue
		}
		if h, ok := c.(*ast.HTMLBlock); ok {
			x.htmlBlock(h)
			continue
		}
		saved := x.cover
		if x.pending != nil {
			x.cover, x.pending = x.pending, nil
		}
		x.leaf(c)
		x.cover = saved
		if _, ok := c.(*ast.Paragraph); ok {
			x.leadIn = c
		} else if c.Kind() != ast.KindFencedCodeBlock && c.Kind() != ast.KindCodeBlock {
			x.leadIn = nil
		}
	}
}

func (x *extractor) leaf(c ast.Node) {
	x.scratch.pieces = x.scratch.pieces[:0]
	x.scratch.links = x.scratch.links[:0]
	switch c := c.(type) {
	case *ast.Heading:
		f := x.inline(c)
		x.text(&f, nil, false)
		words := x.contextWords(f.text).words
		for len(x.headings) > 0 && x.headings[len(x.headings)-1].level >= c.Level {
			x.headings = x.headings[:len(x.headings)-1]
		}
		x.headings = append(x.headings, heading{c.Level, dropStop(words)})
		x.headGen++
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		x.code(c)
		return
	case *east.Table:
		x.table(c)
		return
	}
	if c.FirstChild() != nil && c.FirstChild().Type() == ast.TypeInline {
		f := x.inline(c)
		x.text(&f, nil, false)
		return
	}
	if c.FirstChild() == nil && c.Lines().Len() > 0 {
		// a block with raw lines and no inline children
		b := x.builder()
		for i := 0; i < c.Lines().Len(); i++ {
			s := c.Lines().At(i)
			b.add(s.Start, s.Stop)
			b.sep(space)
		}
		f := b.done()
		x.text(&f, nil, false)
		return
	}
	x.block(c)
}

// flat is the text of a block's inlines laid end to end, with a map back
// to source offsets so positions stay byte-exact.
type flat struct {
	text   string
	pieces []piece
	links  []linkDest
}

type piece struct{ at, src int } // flat offset at → source offset src; src < 0: no source

type linkDest struct {
	dest string
	src  int // source offset of the destination, or -1
}

// A flatBuilder lays a flat out in the extractor's scratch buffers.
type flatBuilder struct {
	x          *extractor
	p0, l0     int // where the flat's pieces and links start in the scratch
	contiguous bool
}

func (x *extractor) builder() flatBuilder {
	x.scratch.text = x.scratch.text[:0]
	return flatBuilder{x: x, p0: len(x.scratch.pieces), l0: len(x.scratch.links), contiguous: true}
}

func (b *flatBuilder) add(start, stop int) {
	if stop <= start {
		return
	}
	s := &b.x.scratch
	if n := len(s.pieces); n > b.p0 {
		last := s.pieces[n-1]
		b.contiguous = b.contiguous && last.src >= 0 && last.src+len(s.text)-last.at == start
	}
	s.pieces = append(s.pieces, piece{len(s.text), start})
	s.text = append(s.text, b.x.src[start:stop]...)
}

func (b *flatBuilder) sep(sep []byte) {
	s := &b.x.scratch
	s.pieces = append(s.pieces, piece{len(s.text), -1})
	s.text = append(s.text, sep...)
	b.contiguous = false
}

// done returns the flat. Its text is a slice of the page when it is one
// run of the source, as most table cells and one-line paragraphs are, so
// that it costs nothing.
func (b *flatBuilder) done() flat {
	s := &b.x.scratch
	f := flat{pieces: s.pieces[b.p0:len(s.pieces):len(s.pieces)], links: s.links[b.l0:len(s.links):len(s.links)]}
	switch {
	case len(s.text) == 0:
	case b.contiguous:
		at := f.pieces[0].src
		f.text = b.x.ssrc[at : at+len(s.text)]
	default:
		f.text = string(s.text)
	}
	return f
}

// srcOff maps a flat offset to a source offset.
func (f *flat) srcOff(at int) int {
	i := sort.Search(len(f.pieces), func(i int) bool { return f.pieces[i].at > at }) - 1
	if i < 0 || f.pieces[i].src < 0 {
		return -1
	}
	return f.pieces[i].src + at - f.pieces[i].at
}

// inline flattens the inline children of n.
func (x *extractor) inline(n ast.Node) flat {
	b := x.builder()
	cursor := 0
	if lines := n.Lines(); lines.Len() > 0 {
		cursor = lines.At(0).Start
	}
	x.walkInline(n, &b, &cursor)
	// Links were appended while the pieces grew: the flat's are the last.
	return b.done()
}

var space = []byte(" ")

func (x *extractor) walkInline(n ast.Node, b *flatBuilder, cursor *int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.add(c.Segment.Start, c.Segment.Stop)
			*cursor = max(*cursor, c.Segment.Stop)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.sep(space)
			}
		case *ast.String:
			b.sep(c.Value)
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				s := c.Segments.At(i)
				x.comments(s.Start, s.Stop, false)
				x.scratch.links = htmlLinks(x.scratch.links, x.ssrc[s.Start:s.Stop], s.Start)
				*cursor = max(*cursor, s.Stop)
			}
			b.sep(space)
		case *ast.AutoLink:
			label := c.Label(x.src)
			if i := bytes.Index(x.src[*cursor:], label); i >= 0 {
				b.add(*cursor+i, *cursor+i+len(label))
				*cursor += i + len(label)
			}
		case *ast.Link:
			x.walkInline(c, b, cursor)
			x.scratch.links = append(x.scratch.links, x.dest(c.Destination, cursor))
		case *ast.Image:
			x.walkInline(c, b, cursor)
			x.scratch.links = append(x.scratch.links, x.dest(c.Destination, cursor))
		case *east.FootnoteLink, *east.FootnoteBacklink:
		case *east.Strikethrough:
			// "~~port 8097~~ port 8096": struck text is what no longer
			// holds, not a claim; its words stay out of the sentence too.
			ast.Walk(c, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if t, ok := n.(*ast.Text); ok && entering {
					*cursor = max(*cursor, t.Segment.Stop)
				}
				return ast.WalkContinue, nil
			})
			b.sep(space)
		default:
			x.walkInline(c, b, cursor)
		}
	}
}

// dest finds a link destination in the source after cursor.
func (x *extractor) dest(d []byte, cursor *int) linkDest {
	if len(d) == 0 {
		return linkDest{src: -1}
	}
	if i := bytes.Index(x.src[*cursor:], d); i >= 0 {
		at := *cursor + i
		*cursor = at + len(d)
		return linkDest{x.ssrc[at : at+len(d)], at}
	}
	return linkDest{src: -1} // not looked at
}

// A cellCtx is what the claims of a table cell are about: its words and
// its row.
type cellCtx struct {
	near   []string
	texts  []string // the row's cells
	row    string
	joined bool
}

func (c *cellCtx) context() string {
	if !c.joined {
		c.row, c.joined = strings.Join(c.texts, " | "), true
	}
	return c.row
}

// text scans a flattened block sentence by sentence. cell, when set, gives
// the claim words and context instead of the sentence's (table cells).
func (x *extractor) text(f *flat, cell *cellCtx, port bool) {
	s := f.text
	x.scratch.spans = sentences(x.scratch.spans[:0], s)
	start := pcNone
	if port {
		start = pcPort
	}
	carry := pcNone // a labelled list the last sentence left open
	for _, sent := range x.scratch.spans {
		x.sc.out = x.sc.out[:0]
		state := start
		if carry == pcLabels && sent.start > 0 && s[sent.start-1] == ';' {
			state = pcLabels
		}
		carry = x.sc.scan(s[sent.start:sent.end], state)
		if len(x.sc.out) == 0 {
			continue
		}
		ctx := s[sent.start:sent.end]
		var ws ctxWords
		if cell == nil {
			ws = x.contextWords(ctx)
		}
		for _, fd := range x.sc.out {
			srcAt := f.srcOff(sent.start + fd.start)
			if srcAt < 0 {
				continue
			}
			raw := ctx[fd.start:fd.end]
			if srcAt+len(raw) > len(x.src) || string(x.src[srcAt:srcAt+len(raw)]) != raw {
				// The value runs across inline nodes that are apart in
				// the source (A`.local`): not something the page states.
				continue
			}
			if cell != nil {
				x.add(fd, srcAt, raw, cell.context(), -1, cell.near)
			} else {
				x.add(fd, srcAt, raw, ctx, fd.start, x.nearest(ws, fd.start))
			}
		}
	}
	for _, l := range f.links {
		if l.src < 0 {
			continue
		}
		x.sc.out = x.sc.out[:0]
		x.sc.scan(l.dest, pcNone)
		if len(x.sc.out) == 0 {
			continue
		}
		ctx := strings.TrimSpace(s)
		ws := x.contextWords(ctx)
		for _, fd := range x.sc.out {
			x.add(fd, l.src+fd.start, l.dest[fd.start:fd.end], ctx, -1, x.nearest(ws, len(ctx)))
		}
	}
}

// add adds a claim at offset at of the page; ctxAt is its offset in ctx,
// or -1.
func (x *extractor) add(fd found, at int, raw, ctx string, ctxAt int, near []string) {
	// Claims of one sentence share its context string.
	if ctx != x.lastCtx {
		x.lastCtx, x.lastNorm = ctx, x.words.normalizeSpace(ctx)
		x.norm.from, x.norm.to, x.norm.space = 0, 0, false
	}
	if ctxAt >= 0 {
		ctxAt = x.normOffset(ctxAt)
		if ctxAt > len(x.lastNorm) || !strings.HasPrefix(x.lastNorm[ctxAt:], raw) {
			ctxAt = -1 // a value with a line break inside: not worth mapping
		}
	}
	c := Claim{
		Kind:       fd.kind,
		Value:      fd.value,
		Raw:        raw,
		Pos:        x.pos(at),
		Offset:     at,
		Page:       x.page,
		Context:    x.lastNorm,
		Bare:       fd.bare,
		Suppressed: x.cover,
		ctxAt:      ctxAt + 1,
	}
	if len(x.headings) > 0 {
		c.Heading = x.headings[len(x.headings)-1].words
	}
	if x.lastSubjects != nil && x.lastGen == x.headGen && x.lastNear == len(near) && slices.Equal(near, x.lastSubjects[:len(near)]) {
		c.Subjects = x.lastSubjects
	} else {
		c.Subjects = subjectsOf(near, x.headings, x.page)
		x.lastSubjects, x.lastNear, x.lastGen = c.Subjects, len(near), x.headGen
	}
	// Near is where Subjects starts; capped, so that an append to either
	// copies rather than writes into the other.
	c.Near = c.Subjects[:len(near):len(near)]
	x.claims = append(x.claims, c)
}

// normOffset maps offset p of x.lastCtx, the first byte of a claim, to
// its offset in x.lastNorm: the spaces normalizeSpace drops before it are
// counted off. The claims of a context come left to right, so the walk
// goes on from the last one's offset.
func (x *extractor) normOffset(p int) int {
	s, n := x.lastCtx, &x.norm
	if len(s) == len(x.lastNorm) {
		return p // normalizeSpace had nothing to do
	}
	if p < n.from {
		n.from, n.to, n.space = 0, 0, false
	}
	for n.from < p {
		r, size := rune(s[n.from]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[n.from:])
		}
		if r < utf8.RuneSelf && asciiSpace(byte(r)) || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			n.space = n.to > 0
		} else {
			if n.space {
				n.to++
				n.space = false
			}
			n.to += size
		}
		n.from += size
	}
	if n.space {
		return n.to + 1
	}
	return n.to
}

// normalizeSpace is strings.Join(strings.Fields(s), " "), returning s
// itself, not a copy, when it is that already (as most sentences are).
func normalizeSpace(s string) string {
	if spaced(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// spaced reports whether s is strings.Join(strings.Fields(s), " ").
func spaced(s string) bool {
	clean := len(s) > 0 && s[0] != ' ' && s[len(s)-1] != ' '
	for i := 0; clean && i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			clean = s[i-1] != ' '
		case '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0:
			clean = false
		default:
			// Other Unicode spaces (U+2000…, U+3000) start with 0xE1–0xE3.
			clean = c < 0xE1 || c > 0xE3
		}
	}
	return clean
}

// normalizeSpace is the package's normalizeSpace, with the copy, when s
// is ASCII, made in a's blocks.
func (a *arena) normalizeSpace(s string) string {
	if spaced(s) {
		return s
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.Join(strings.Fields(s), " ")
		}
		if !asciiSpace(s[i]) && (i == 0 || asciiSpace(s[i-1])) && n > 0 {
			n++ // the space before a field
		}
		if !asciiSpace(s[i]) {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	a.reserve(n)
	at := a.b.Len()
	for i := 0; i < len(s); {
		for i < len(s) && asciiSpace(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !asciiSpace(s[j]) {
			j++
		}
		if j > i {
			if a.b.Len() > at {
				a.b.WriteByte(' ')
			}
			a.b.WriteString(s[i:j])
		}
		i = j
	}
	return a.b.String()[at:]
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// subjectsOf lists near, then the words of the headings (nearest first),
// then the page's, each word once after near. The lists are short: a
// linear search beats a map.
func subjectsOf(near []string, hs []heading, page []string) []string {
	n := len(near) + len(page)
	for _, h := range hs {
		n += len(h.words)
	}
	out := make([]string, len(near), n)
	copy(out, near)
	var seen map[string]bool // for long lists only
	if n > 64 {
		seen = make(map[string]bool, n)
		for _, w := range near {
			seen[w] = true
		}
	}
	add := func(ws []string) {
		for _, w := range ws {
			if seen != nil {
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			} else if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	for i := len(hs) - 1; i >= 0; i-- {
		add(hs[i].words)
	}
	add(page)
	return slices.Clip(out)
}

// code scans a code block line by line; the paragraph before it ("Example
// from Jellyfin:") counts as part of each line's sentence, after a first
// comment line that names the file the block comes from ("#
// machines/mini-vm/jellyfin.nix").
func (x *extractor) code(c ast.Node) {
	leadDone := false
	lines := c.Lines()
	file := ""
	if lines.Len() > 0 {
		seg := lines.At(0)
		if l := strings.TrimSpace(x.ssrc[seg.Start:seg.Stop]); (strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//")) &&
			(strings.Contains(l, ".nix") || strings.Contains(l, "Caddyfile")) {
			file = l
		}
	}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := x.ssrc[seg.Start:seg.Stop]
		x.sc.out = x.sc.out[:0]
		x.sc.scan(line, pcNone)
		if len(x.sc.out) == 0 {
			continue
		}
		if !leadDone {
			// The lead-in's words, read once a line has a claim.
			leadDone = true
			x.scratch.lead = x.scratch.lead[:0]
			if file != "" {
				x.scratch.lead = append(x.scratch.lead, x.nearest(x.contextWords(file), len(file))...)
			}
			if x.leadIn != nil {
				text := x.blockText(x.leadIn)
				x.scratch.lead = appendNew(x.scratch.lead, x.nearest(x.contextWords(text), len(text)))
			}
		}
		ws := x.contextWords(line)
		ws.seps, ws.joins = nil, nil // a command's commas and words are not clauses
		for _, fd := range x.sc.out {
			near := appendNew(x.nearest(ws, fd.start), x.scratch.lead)
			x.add(fd, seg.Start+fd.start, line[fd.start:fd.end], line, fd.start, near)
			x.claims[len(x.claims)-1].Code = true
		}
	}
}

// table scans each cell; a cell's words are its own, then the row's first
// cell, then the other cells, then its column header. A column whose
// header says "port" makes bare numbers in it ports.
func (x *extractor) table(t *east.Table) {
	sc := &x.scratch
	// header's words are sc.header[hdrEnds[i-1]:hdrEnds[i]]; portCol[i]
	// is set when column i's header says "port".
	sc.header, sc.hdrEnds, sc.portCol = sc.header[:0], sc.hdrEnds[:0], sc.portCol[:0]
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		sc.cells = sc.cells[:0]
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			sc.cells = append(sc.cells, x.inline(c))
		}
		sc.texts = sc.texts[:0]
		sc.rowWords, sc.rowEnds = sc.rowWords[:0], sc.rowEnds[:0]
		for _, f := range sc.cells {
			sc.texts = append(sc.texts, f.text)
			sc.rowWords = appendNotStop(sc.rowWords, x.nearest(x.contextWords(f.text), 0))
			sc.rowEnds = append(sc.rowEnds, len(sc.rowWords))
		}
		words := func(i int) []string {
			if i == 0 {
				return sc.rowWords[:sc.rowEnds[0]]
			}
			return sc.rowWords[sc.rowEnds[i-1]:sc.rowEnds[i]]
		}
		header := r.Kind() == east.KindTableHeader
		if header {
			sc.header = append(sc.header, sc.rowWords...)
			sc.hdrEnds = append(sc.hdrEnds, sc.rowEnds...)
			for _, f := range sc.cells {
				port := false
				sc.cw.tmp = x.words.appendWords(sc.cw.tmp[:0], f.text)
				for _, w := range sc.cw.tmp {
					if w == "port" || w == "ports" {
						port = true
					}
				}
				sc.portCol = append(sc.portCol, port)
			}
		}
		// The row, the context of every claim in it, is joined when the
		// first one is found (or for aliases, which look for phrases in it).
		cell := cellCtx{texts: sc.texts}
		if len(x.aliases) > 0 {
			cell.context()
		}
		for i := range sc.cells {
			near := append(sc.cell[:0], words(i)...)
			if i > 0 {
				near = appendNew(near, words(0))
			}
			for j := range sc.cells {
				near = appendNew(near, words(j))
			}
			if i < len(sc.hdrEnds) {
				lo := 0
				if i > 0 {
					lo = sc.hdrEnds[i-1]
				}
				near = appendNew(near, sc.header[lo:sc.hdrEnds[i]])
			}
			if len(x.aliases) > 0 {
				near = x.withAliases(cell.row, near)
			}
			sc.cell, cell.near = near, near
			port := i < len(sc.portCol) && !header && sc.portCol[i]
			x.text(&sc.cells[i], &cell, port)
		}
	}
}

// comments looks for docsite directives in src[start:stop]. inCode is set
// for code lines: a directive there is text, not a comment.
func (x *extractor) comments(start, stop int, inCode bool) {
	if inCode {
		return
	}
	s := x.ssrc[start:stop]
	for off := 0; ; {
		i := strings.Index(s[off:], "<!--")
		if i < 0 {
			return
		}
		i += off
		end := len(s)
		if j := strings.Index(s[i+4:], "-->"); j >= 0 {
			end = i + 4 + j
		}
		x.directive(strings.TrimSpace(s[i+4:end]), start+i)
		off = end
		if off >= len(s) {
			return
		}
	}
}

func (x *extractor) htmlBlock(h *ast.HTMLBlock) {
	lines := h.Lines()
	if lines.Len() == 0 {
		return
	}
	// Lines are contiguous in the source for an HTML block: it runs from
	// its first line to its last, or to its closure line.
	start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	if h.HasClosure() {
		end = h.ClosureLine.Stop
	}
	end = min(end, len(x.src))
	x.comments(start, end, false)
	// The text between the tags (a <summary>, the cells of a pasted
	// <table>) is what a reader sees wherever the runbook is read, on
	// GitHub, in an editor's preview, here with unsafe_html: it states
	// claims like a paragraph. A
	// docsite-ignore before the block covers it when it states any;
	// else it covers the next block, as before HTML was read ("<details>"
	// opening a log to ignore).
	text := htmlText(x.ssrc[start:end])
	if strings.TrimSpace(text) == "" {
		return
	}
	x.scratch.links = htmlLinks(x.scratch.links[:0], x.ssrc[start:end], start)
	f := flat{text: text, pieces: []piece{{0, start}}, links: x.scratch.links}
	saved, n := x.cover, len(x.claims)
	if x.pending != nil {
		x.cover = x.pending
	}
	x.text(&f, nil, false)
	x.cover = saved
	if len(x.claims) > n {
		x.pending = nil
	}
}

// htmlText returns s, HTML, with all but its text blanked byte for byte
// (line breaks kept): tags, comments, the content of script and style
// elements, and character references, so that offsets stay the source's.
func htmlText(s string) string {
	b := []byte(s)
	blank := func(i, j int) int {
		for k := i; k < j; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
		return j
	}
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case strings.HasPrefix(s[i:], "<!--"):
			end := len(s)
			if j := strings.Index(s[i+4:], "-->"); j >= 0 {
				end = i + 4 + j + 3
			}
			i = blank(i, end)
		case c == '<' && i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!' || s[i+1] == '?'):
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				i = blank(i, len(s))
				continue
			}
			name := s[i+1 : i+j]
			if k := strings.IndexAny(name, " \t\r\n/"); k >= 0 {
				name = name[:k]
			}
			name = strings.ToLower(name)
			end := i + j + 1
			if name == "script" || name == "style" {
				// Their content is code, not text: up to the closing tag.
				k := end
				for {
					c := strings.Index(s[k:], "</")
					if c < 0 {
						k = len(s)
						break
					}
					k += c
					if len(s)-k-2 >= len(name) && strings.EqualFold(s[k+2:k+2+len(name)], name) {
						break
					}
					k += 2
				}
				end = k
			}
			i = blank(i, end)
		case c == '&':
			j := i + 1
			for j < len(s) && j-i <= 32 && (isLetter(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '#') {
				j++
			}
			if j < len(s) && s[j] == ';' && j > i+1 {
				i = blank(i, j+1)
			} else {
				i++
			}
		default:
			i++
		}
	}
	return string(b)
}

// htmlLinks appends the href and src values of the tags in s, HTML at
// source offset base: they are link targets as a Markdown link's are.
func htmlLinks(dst []linkDest, s string, base int) []linkDest {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' || i+1 >= len(s) || !isLetter(s[i+1]) {
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		tag := s[i : i+end]
		for j := 0; j < len(tag); j++ {
			if j > 0 && tag[j-1] != ' ' && tag[j-1] != '\t' && tag[j-1] != '\n' {
				continue
			}
			rest, ok := "", false
			for _, a := range []string{"href", "src"} {
				if len(tag)-j > len(a) && strings.EqualFold(tag[j:j+len(a)], a) {
					rest, ok = tag[j+len(a):], true
					break
				}
			}
			rest = strings.TrimLeft(rest, " \t")
			if !ok || !strings.HasPrefix(rest, "=") {
				continue
			}
			rest = strings.TrimLeft(rest[1:], " \t")
			v := rest
			if v != "" && (v[0] == '"' || v[0] == '\'') {
				if k := strings.IndexByte(v[1:], v[0]); k >= 0 {
					v = v[1 : 1+k]
				} else {
					v = v[1:]
				}
			} else if k := strings.IndexAny(v, " \t\n"); k >= 0 {
				v = v[:k]
			}
			if v != "" {
				at := i + len(tag) - len(rest)
				if rest[0] == '"' || rest[0] == '\'' {
					at++
				}
				dst = append(dst, linkDest{v, base + at})
			}
		}
		i += end
	}
	return dst
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// directive parses the body of an HTML comment at source offset at.
func (x *extractor) directive(body string, at int) {
	lb := strings.ToLower(body)
	if !strings.HasPrefix(lb, "docsite") {
		return
	}
	d := &Directive{Pos: x.pos(at)}
	x.claims = append(x.claims, Claim{Pos: d.Pos, Offset: at, Directive: d})
	rest := strings.TrimSpace(body[len("docsite"):])
	form := ""
	for _, f := range []string{"-ignore-start", "-ignore-end", "-ignore"} {
		if strings.HasPrefix(strings.ToLower(rest), f) {
			form, rest = f[1:], rest[len(f):]
			break
		}
	}
	d.Form = form
	switch {
	case form == "":
		d.Problem = "malformed docsite comment: want <!-- docsite-ignore: reason -->, <!-- docsite-ignore-start: reason --> or <!-- docsite-ignore-end -->"
		return
	case rest != "" && rest[0] != ':' && rest[0] != ' ' && rest[0] != '\t':
		d.Problem = "malformed docsite comment " + quote(body) + ": want docsite-ignore, docsite-ignore-start or docsite-ignore-end"
		return
	}
	rest = strings.TrimSpace(rest)
	if form == "ignore-end" {
		if x.open == nil {
			d.Problem = "docsite-ignore-end without a docsite-ignore-start"
			return
		}
		x.open.end = at
		x.regions = append(x.regions, *x.open)
		x.open = nil
		return
	}
	if !strings.HasPrefix(rest, ":") {
		if rest == "" {
			d.Problem = "docsite-" + form + " needs a reason: <!-- docsite-" + form + ": why this is not checked -->"
		} else {
			d.Problem = "malformed docsite-" + form + ": write a colon before the reason: <!-- docsite-" + form + ": " + rest + " -->"
		}
		return
	}
	d.Reason = strings.TrimSpace(rest[1:])
	if d.Reason == "" {
		d.Problem = "docsite-" + form + " needs a reason after the colon"
		return
	}
	if form == "ignore" {
		x.pending = d
		return
	}
	if x.open != nil {
		d.Problem = "docsite-ignore-start inside another docsite-ignore-start region (at " + x.open.d.Pos.String() + ")"
		return
	}
	x.open = &region{start: at, end: len(x.src), d: d}
}

// finish closes an unterminated region and applies regions to the claims.
func (x *extractor) finish() {
	if x.open != nil {
		x.regions = append(x.regions, *x.open)
		x.open.d.Problem = "docsite-ignore-start without a docsite-ignore-end: the region runs to the end of the page"
		// An unclosed region still suppresses to the end of the page: a
		// warning, not a flood of findings.
		x.open = nil
	}
	if x.pending != nil {
		// A docsite-ignore at the end of the page covers nothing; Check
		// reports it as unused.
		x.pending = nil
	}
	for _, r := range x.regions {
		for i := range x.claims {
			c := &x.claims[i]
			if c.Directive == nil && c.Suppressed == nil && c.Offset >= r.start && c.Offset < r.end {
				c.Suppressed = r.d
			}
		}
	}
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return "\"" + s + "\""
}

// pos turns a source offset into a position.
func (x *extractor) pos(off int) facts.Pos {
	// Lines are found as far as a claim needs them: the rest of a page
	// after its last claim is not read.
	for !x.linesDone && x.lines[len(x.lines)-1] <= off {
		from := x.lines[len(x.lines)-1]
		k := bytes.IndexByte(x.src[from:], '\n')
		if k < 0 {
			x.linesDone = true
			break
		}
		x.lines = append(x.lines, from+k+1)
	}
	i := sort.SearchInts(x.lines, off+1) - 1
	if i < 0 {
		i = 0
	}
	return facts.Pos{File: x.file, Line: i + 1, Col: off - x.lines[i] + 1}
}

// lineStarts returns the offsets at which src's lines start.
func lineStarts(src []byte) []int {
	ls := []int{0}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return ls
		}
		i += j + 1
		ls = append(ls, i)
	}
}

// blockText is the raw source text of a block's lines.
func (x *extractor) blockText(n ast.Node) string {
	lines := n.Lines()
	if lines.Len() == 0 {
		return ""
	}
	contiguous := true
	for i := 1; i < lines.Len(); i++ {
		contiguous = contiguous && lines.At(i).Start == lines.At(i-1).Stop
	}
	if contiguous {
		return x.ssrc[lines.At(0).Start:lines.At(lines.Len()-1).Stop]
	}
	b := x.scratch.text[:0]
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		b = append(b, x.src[s.Start:s.Stop]...)
	}
	x.scratch.text = b
	return string(b)
}

type span struct{ start, end int }

// sentences splits text at ". ", "! ", "? " (a dot inside a host name or
// version is not followed by a space) and at ";", which joins clauses
// about different things.
//
// It appends the sentences to out.
func sentences(out []span, s string) []span {
	// The candidates are found with strings.IndexByte, which reads many
	// bytes at a time: next[k] is where the next ends[k] is, or len(s).
	const ends = ";.!?"
	var next [len(ends)]int
	for k := range next {
		next[k] = indexFrom(s, 0, ends[k])
	}
	start := 0
	for {
		i, which := len(s), -1
		for k, at := range next {
			if at < i {
				i, which = at, k
			}
		}
		if which < 0 {
			break
		}
		if c := s[i]; c == ';' || i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\n') {
			out = append(out, span{start, i + 1})
			start = i + 1
		}
		next[which] = indexFrom(s, i+1, ends[which])
	}
	if start < len(s) {
		out = append(out, span{start, len(s)})
	}
	return out
}

// indexFrom is the index of the first c in s at or after i, or len(s).
func indexFrom(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return len(s)
}

// ctxWords are the subject words of a sentence with their offsets.
type ctxWords struct {
	words []string
	offs  []int
	prose int // words[:prose] are the sentence's, in offset order; the rest alias keys
	// seps are the offsets of the sentence's clause separators (commas,
	// semicolons, dashes), in order; nil in code. Brackets are not: the
	// words either side of "(192.168.50.1)" are one clause.
	seps []int
	// joins are the offsets of "and" and "or": a word after a claim and
	// a join is about what follows ("Jellyfin listens on 8096 and Matrix
	// Synapse on 8008"), so it counts as another clause for that claim.
	joins []int
	a     *arena
	tmp   []string // facts.Words of a token
}

// contextWords splits a sentence into subject words: each token's words
// (facts.Words), adjacent pairs joined with "-" ("Matrix Synapse" →
// matrix-synapse, so it meets the config's matrix-synapse), and alias keys
// for alias phrases found in the sentence.
//
// The words are in x's scratch space until the next call.
func (x *extractor) contextWords(s string) ctxWords {
	cw := x.scratch.cw
	cw.words, cw.offs, cw.seps, cw.joins, cw.a = cw.words[:0], cw.offs[:0], cw.seps[:0], cw.joins[:0], &x.words
	defer func() { x.scratch.cw = cw }()
	prev, prevEnd := "", -2
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && !wordByte(c) {
			if c == ',' || c == ';' {
				cw.seps = append(cw.seps, i)
			}
			i++
			continue
		} else if c >= utf8.RuneSelf {
			if n := wordAt(s, i); n < 0 {
				if r, _ := utf8.DecodeRuneInString(s[i:]); r == '—' || r == '–' {
					cw.seps = append(cw.seps, i)
				}
				i -= n
				continue
			}
		}
		j := i
		for j < len(s) {
			c := s[j]
			if c >= utf8.RuneSelf {
				n := wordAt(s, j)
				if n < 0 {
					break
				}
				j += n
			} else if wordByte(c) || c == '.' && j+1 < len(s) && wordAt(s, j+1) > 0 {
				j++ // most words are ASCII: no call
			} else {
				break
			}
		}
		tok := s[i:j]
		if tok[0] >= '0' && tok[0] <= '9' || hexish(tok) {
			prev, i = "", j // part of a value (fd00:50::3), not a word
			continue
		}
		lw, stop := cw.addProse(tok, i)
		if lw == "and" || lw == "or" {
			cw.joins = append(cw.joins, i)
		}
		word := len(lw) > 1 && !stop && isWord(lw)
		if word && prev != "" && (i == prevEnd+1 && s[prevEnd] == ' ' || oneSpace(s[prevEnd:i])) {
			cw.words = append(cw.words, x.words.join(prev, "-", lw))
			cw.offs = append(cw.offs, i)
		}
		if word {
			prev, prevEnd = lw, j
		} else {
			prev = ""
		}
		i = j
	}
	cw.prose = len(cw.words)
	if len(x.aliases) > 0 {
		ls := strings.ToLower(s)
		for _, a := range x.aliases {
			for _, p := range a.phrases {
				if k := indexWord(ls, p); k >= 0 {
					cw.words = append(cw.words, a.key)
					cw.offs = append(cw.offs, k)
				}
			}
		}
	}
	return cw
}

func (x *extractor) withAliases(s string, near []string) []string {
	ls := strings.ToLower(s)
	for _, a := range x.aliases {
		for _, p := range a.phrases {
			if indexWord(ls, p) >= 0 {
				near = appendNew(near, []string{a.key})
			}
		}
	}
	return near
}

// indexWord finds phrase p in s at word boundaries.
func indexWord(s, p string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return -1
		}
		i += off
		before := i == 0 || wordBefore(s, i) <= 0
		after := i+len(p) >= len(s) || wordAt(s, i+len(p)) <= 0
		if before && after {
			return i
		}
		off = i + 1
	}
}

// addProse adds the subject words of one token of prose at offset off:
// the token in lower case ("WireGuard" → wireguard, as Nix spells it), its
// hyphenated parts (mini-vm → mini, vm) and, for identifiers written
// lowerCamel (miniIp), their camel-case parts.
//
// It returns tok in lower case and, when that is longer than a letter,
// whether it is a stop word.
func (cw *ctxWords) addProse(tok string, off int) (lower string, stop bool) {
	lower = cw.a.lower(tok)
	if len(lower) > 1 {
		stop = isStop(lower)
	}
	if strings.IndexByte(tok, '.') >= 0 {
		cw.tmp = cw.a.appendWords(cw.tmp[:0], tok)
		for _, w := range cw.tmp { // a dotted name: jellyfin.home.example.net
			cw.add(w, off)
		}
		return lower, stop
	}
	if len(lower) > 1 && !stop && !isDigits(lower) {
		cw.words = append(cw.words, lower)
		cw.offs = append(cw.offs, off)
	}
	if hasDashOrUnderscore(tok) || tok[0] >= 'a' && tok[0] <= 'z' && lower != tok {
		cw.tmp = cw.a.appendWords(cw.tmp[:0], tok)
		for _, w := range cw.tmp {
			if w != lower {
				cw.add(w, off)
			}
		}
	}
	return lower, stop
}

func hasDashOrUnderscore(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '-' || s[i] == '_' {
			return true
		}
	}
	return false
}

func (cw *ctxWords) add(w string, off int) {
	if len(w) > 1 && !isDigits(w) && !isStop(w) {
		cw.words = append(cw.words, w)
		cw.offs = append(cw.offs, off)
	}
}

// hexish reports whether s is hex digits with at least one digit: a piece
// of an address or hash, not a word.
func hexish(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return false
		}
	}
	return digit
}

// wordAt returns the length of the word character at s[i], or minus the
// length of the character there if it is none: words are what
// facts.Words makes them, so a non-breaking space, a dash or a quote
// ends one as a plain space does.
func wordAt(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if wordByte(c) {
			return 1
		}
		return -1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if facts.IsWordRune(r) {
		return n
	}
	return -n
}

// wordBefore is wordAt for the character that ends at s[i-1].
func wordBefore(s string, i int) int {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	if facts.IsWordRune(r) {
		return n
	}
	return -n
}

// oneSpace reports whether s is one space, a plain or a non-breaking one:
// the gap between the words of a name ("Mac mini").
func oneSpace(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && (r == ' ' || r == '\u00a0' || r == '\u202f')
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

// A claim's near words are capped: in a sentence of thousands of words
// (a log pasted as one paragraph) the far ones are not about it, and
// ranking every word for every claim made such a page quadratic (20,000
// words: 4 s). Runbook sentences stay well under both caps.
const (
	maxNear = 64  // distinct words a claim keeps
	maxScan = 512 // word occurrences looked at, nearest first
	// clausePenalty is how much farther, in bytes, a word is for each
	// comma, semicolon or dash between it and the claim.
	clausePenalty = 24
)

type wordDist struct {
	w string
	d int
}

// nearest returns the distinct words of cw by distance from offset at
// (clauses apart adding to it), nearest first, ties in sentence order;
// at most maxNear of them, from the maxScan nearest occurrences. The
// result is in x's scratch space until the next call.
func (x *extractor) nearest(cw ctxWords, at int) []string {
	out := x.scratch.near[:0]
	seen := x.scratch.seen
	defer func() {
		x.scratch.near = out
		clear(seen)
	}()
	add := func(w string) {
		if len(out) == maxNear {
			return
		}
		if len(out) < 16 { // a scan beats the map for the first few
			if slices.Contains(out, w) {
				return
			}
		} else {
			if seen == nil {
				seen = make(map[string]struct{}, maxNear)
				x.scratch.seen = seen
			}
			if len(seen) == 0 {
				for _, o := range out {
					seen[o] = struct{}{}
				}
			}
			if _, ok := seen[w]; ok {
				return
			}
			seen[w] = struct{}{}
		}
		out = append(out, w)
	}
	// A word in another clause ("Synapse: port 8008, Jellyfin: port
	// 8097") counts as clausePenalty bytes farther per separator between.
	clause := func(off int) int {
		n, _ := slices.BinarySearch(cw.seps, off)
		return n
	}
	atClause := clause(at)
	atJoin, _ := slices.BinarySearch(cw.joins, at)
	dist := func(off int) int {
		d := off - at
		if off < at {
			d = at - off
		}
		if len(cw.seps) > 0 {
			c := clause(off) - atClause
			d += clausePenalty * max(c, -c)
		}
		if off > at && len(cw.joins) > atJoin {
			n, _ := slices.BinarySearch(cw.joins, off)
			d += clausePenalty * (n - atJoin)
		}
		return d
	}
	// Alias keys come after the sentence's words, at the offsets of their
	// phrases: few, so sorted apart and merged in. At a tie the word
	// that comes first in cw comes first, as a stable sort by distance
	// would have it.
	words, offs := cw.words[:cw.prose], cw.offs[:cw.prose]
	alias := x.scratch.alias[:0]
	for i := cw.prose; i < len(cw.words); i++ {
		alias = append(alias, wordDist{cw.words[i], dist(cw.offs[i])})
	}
	slices.SortStableFunc(alias, func(a, b wordDist) int { return a.d - b.d })
	x.scratch.alias = alias
	// The sentence's words are in offset order: walk out from at, taking
	// the nearer side; the words at one offset go in sentence order.
	r, _ := slices.BinarySearch(offs, at)
	l := r - 1
	// The distance of each side's next word, -1 when that side is done;
	// worked out again only for the side that moved.
	side := func(i int) int {
		if i < 0 || i >= len(words) {
			return -1
		}
		return dist(offs[i])
	}
	dl, dr := side(l), side(r)
	for n := 0; n < maxScan && len(out) < maxNear && (dl >= 0 || dr >= 0); {
		d := dr
		if dr < 0 || dl >= 0 && dl <= dr {
			d = dl
		}
		for len(alias) > 0 && alias[0].d < d {
			add(alias[0].w)
			alias = alias[1:]
		}
		if d == dl {
			g := l
			for g > 0 && offs[g-1] == offs[l] {
				g--
			}
			for k := g; k <= l; k++ {
				add(words[k])
			}
			n += l - g + 1
			l = g - 1
			dl = side(l)
		} else {
			add(words[r])
			n++
			r++
			dr = side(r)
		}
	}
	for _, a := range alias {
		add(a.w)
	}
	return out
}

func appendNew(dst, src []string) []string {
	for _, w := range src {
		if !slices.Contains(dst, w) {
			dst = append(dst, w)
		}
	}
	return dst
}

// appendNotStop appends the words of ws dropStop keeps to dst.
func appendNotStop(dst, ws []string) []string {
	for _, w := range ws {
		if len(w) > 1 && !isStop(w) && !isDigits(w) {
			dst = append(dst, w)
		}
	}
	return dst
}

func dropStop(ws []string) []string {
	out := ws[:0:0]
	for _, w := range ws {
		if len(w) > 1 && !isStop(w) && !isDigits(w) {
			out = append(out, w)
		}
	}
	return out
}

// pageWords are the subject words of a page's file name: mini-vm.md →
// mini-vm, mini, vm; ops/bee/index.md → bee.
func pageWords(file string) []string {
	base := path.Base(strings.ReplaceAll(file, "\\", "/"))
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" || name == "_index" || name == "README" || name == "readme" {
		name = path.Base(path.Dir(strings.ReplaceAll(file, "\\", "/")))
	}
	return dropStop(facts.Words(name))
}

// isStop is stopWords[w], without the map.
func isStop(w string) bool {
	return stopSet.has(w)
}

var stopSet = newWordSet(slices.Collect(maps.Keys(stopWords)))

// stopWords never count as subjects: grammar, and words so generic in
// infrastructure prose that sharing them says nothing (port, ip, server…).
var stopWords = set(
	"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "with", "by", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "as", "if", "then", "than", "so", "not", "no", "yes", "but", "via", "into", "onto", "over", "under", "after", "before", "when", "while", "where", "which", "who", "what", "how", "why", "all", "any", "each", "every", "both", "some", "only", "also", "just", "can", "could", "should", "would", "will", "must", "may", "might", "do", "does", "did", "has", "have", "had", "we", "you", "they", "he", "she", "our", "your", "their", "my", "me", "us", "them", "there", "here", "up", "down", "out", "see", "note", "e", "g", "i", "eg", "ie", "etc", "new", "old", "now", "same", "other", "more", "most", "less", "very", "one", "two", "per",
	"port", "ports", "ip", "ips", "ipv4", "ipv6", "v4", "v6", "addr", "address", "addresses", "server", "servers", "service", "services", "host", "hosts", "hostname", "hostnames", "http", "https", "tcp", "udp", "url", "urls", "web", "listen", "listens", "listening", "bind", "binds", "local", "localhost", "default", "enable", "enabled", "true", "false", "set", "run", "runs", "running", "use", "uses", "using", "used", "config", "configuration", "configured", "network", "networking", "example", "www", "com", "org", "net", "io", "proxy", "proxies", "reverse", "reverse_proxy", "upstream", "upstreams", "nixos", "nix", "caddy", "caddyfile", "let", "inherit", "lib", "pkgs", "mkoption", "mkdefault", "mkforce", "mkif", "options", "option", "settings", "flags", "value", "values", "extraconfig", "virtualhosts", "templates", "template", "modules", "module", "machines", "machine", "infra", "docs", "content", "md", "subnet", "cidr", "range", "name", "names", "site", "sites", "page", "file", "files", "text", "line", "via", "access", "accessible", "connect", "connects", "open", "opens", "check", "curl", "sudo", "systemctl", "ss", "netstat", "tlnp", "tulpn", "ping", "dig", "nslookup", "log", "logs", "error", "warning", "info", "debug", "get", "post", "ok", "status", "listen_port", "user", "users", "root", "admin", "internet", "public", "private", "interface", "interfaces", "inside", "outside", "both", "either", "forward", "forwards", "forwarding", "handled", "handles", "handle", "route", "routes", "routing", "request", "requests", "client", "clients", "itself", "themselves", "reach", "reaches", "reachable", "serves", "serve", "served", "test", "only", "anything", "everything", "nothing", "else", "instead", "already", "directly", "through", "form", "would", "way", "case", "first", "second", "hop", "hops", "side",
)
