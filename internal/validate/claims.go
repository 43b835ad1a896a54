package validate

import (
	"bytes"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

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
// aliases. A nil inventory knows no names.
func (inv *Inventory) Claims(file string, src []byte, doc ast.Node) []Claim {
	x := &extractor{file: file, src: src, lines: lineStarts(src)}
	if inv != nil {
		x.sc.known = inv.knownHost
		x.sc.maxKnown = inv.maxHost
		x.aliases = inv.aliases
	}
	x.page = pageWords(file)
	// Claims gather in a reused buffer and leave in a slice of their exact
	// size: callers keep every page's claims to the end of a build, and
	// growing by appends copied each claim several times and kept up to
	// twice the room.
	buf := claimBufs.Get().(*[]Claim)
	x.claims = (*buf)[:0]
	x.block(doc)
	x.finish()
	var out []Claim
	if len(x.claims) > 0 {
		out = slices.Clone(x.claims)
	}
	if cap(x.claims) <= 1<<12 {
		clear(x.claims)
		*buf = x.claims[:0]
		claimBufs.Put(buf)
	}
	return out
}

var claimBufs = sync.Pool{New: func() any { return new([]Claim) }}

type heading struct {
	level int
	words []string
}

type region struct {
	start, end int
	d          *Directive
}

type extractor struct {
	file    string
	src     []byte
	lines   []int
	sc      scanner
	aliases []alias
	page    []string

	headings []heading
	pending  *Directive // docsite-ignore waiting for its block
	cover    *Directive // the directive covering the block being walked
	open     *region
	regions  []region
	claims   []Claim
	leadIn   ast.Node // the paragraph before a code block

	lastCtx, lastNorm string // the last context add saw, normalized
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
	switch c := c.(type) {
	case *ast.Heading:
		f := x.inline(c)
		x.text(f, nil, false)
		words := x.contextWords(f.text.String()).words
		for len(x.headings) > 0 && x.headings[len(x.headings)-1].level >= c.Level {
			x.headings = x.headings[:len(x.headings)-1]
		}
		x.headings = append(x.headings, heading{c.Level, dropStop(words)})
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		x.code(c)
		return
	case *east.Table:
		x.table(c)
		return
	}
	if c.FirstChild() != nil && c.FirstChild().Type() == ast.TypeInline {
		x.text(x.inline(c), nil, false)
		return
	}
	if c.FirstChild() == nil && c.Lines().Len() > 0 {
		// a block with raw lines and no inline children
		f := &flat{}
		for i := 0; i < c.Lines().Len(); i++ {
			s := c.Lines().At(i)
			f.add(x.src, s.Start, s.Stop)
			f.sep(" ")
		}
		x.text(f, nil, false)
		return
	}
	x.block(c)
}

// flat is the text of a block's inlines laid end to end, with a map back
// to source offsets so positions stay byte-exact.
type flat struct {
	text   strings.Builder
	pieces []piece
	links  []linkDest
}

type piece struct{ at, src int } // flat offset at → source offset src; src < 0: no source

type linkDest struct {
	dest string
	src  int // source offset of the destination, or -1
}

func (f *flat) add(src []byte, start, stop int) {
	if stop <= start {
		return
	}
	f.pieces = append(f.pieces, piece{f.text.Len(), start})
	f.text.Write(src[start:stop])
}

func (f *flat) sep(s string) {
	f.pieces = append(f.pieces, piece{f.text.Len(), -1})
	f.text.WriteString(s)
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
func (x *extractor) inline(n ast.Node) *flat {
	f := &flat{}
	cursor := 0
	if lines := n.Lines(); lines.Len() > 0 {
		cursor = lines.At(0).Start
		// The text is about as long as the lines: one allocation.
		f.text.Grow(lines.At(lines.Len()-1).Stop - cursor + 8)
	}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				f.add(x.src, c.Segment.Start, c.Segment.Stop)
				cursor = max(cursor, c.Segment.Stop)
				if c.SoftLineBreak() || c.HardLineBreak() {
					f.sep(" ")
				}
			case *ast.String:
				f.sep(string(c.Value))
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					s := c.Segments.At(i)
					x.comments(s.Start, s.Stop, false)
					cursor = max(cursor, s.Stop)
				}
				f.sep(" ")
			case *ast.AutoLink:
				label := c.Label(x.src)
				if i := bytes.Index(x.src[cursor:], label); i >= 0 {
					f.add(x.src, cursor+i, cursor+i+len(label))
					cursor += i + len(label)
				}
			case *ast.Link:
				walk(c)
				f.links = append(f.links, x.dest(c.Destination, &cursor))
			case *ast.Image:
				walk(c)
				f.links = append(f.links, x.dest(c.Destination, &cursor))
			case *east.FootnoteLink, *east.FootnoteBacklink:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return f
}

// dest finds a link destination in the source after cursor.
func (x *extractor) dest(d []byte, cursor *int) linkDest {
	if len(d) == 0 {
		return linkDest{src: -1}
	}
	if i := bytes.Index(x.src[*cursor:], d); i >= 0 {
		at := *cursor + i
		*cursor = at + len(d)
		return linkDest{string(d), at}
	}
	return linkDest{string(d), -1}
}

// text scans a flattened block sentence by sentence. near, when set, is
// used as the claim words instead of the sentence's (table cells).
func (x *extractor) text(f *flat, near func(off int) ([]string, string), port bool) {
	s := f.text.String()
	for _, sent := range sentences(s) {
		x.sc.out = x.sc.out[:0]
		x.sc.scan(s[sent.start:sent.end], port)
		if len(x.sc.out) == 0 {
			continue
		}
		ctx := s[sent.start:sent.end]
		ws := x.contextWords(ctx)
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
			var nw []string
			c := ctx
			if near != nil {
				nw, c = near(fd.start)
			} else {
				nw = ws.nearest(fd.start)
			}
			x.add(fd, srcAt, raw, c, nw)
		}
	}
	for _, l := range f.links {
		if l.src < 0 {
			continue
		}
		x.sc.out = x.sc.out[:0]
		x.sc.scan(l.dest, false)
		if len(x.sc.out) == 0 {
			continue
		}
		ctx := strings.TrimSpace(s)
		ws := x.contextWords(ctx)
		for _, fd := range x.sc.out {
			x.add(fd, l.src+fd.start, l.dest[fd.start:fd.end], ctx, ws.nearest(len(ctx)))
		}
	}
}

func (x *extractor) add(fd found, at int, raw, ctx string, near []string) {
	// Claims of one sentence share its context string.
	if ctx != x.lastCtx {
		x.lastCtx, x.lastNorm = ctx, normalizeSpace(ctx)
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
	}
	if len(x.headings) > 0 {
		c.Heading = x.headings[len(x.headings)-1].words
	}
	c.Subjects = subjectsOf(near, x.headings, x.page)
	// Near is where Subjects starts; capped, so that an append to either
	// copies rather than writes into the other.
	c.Near = c.Subjects[:len(near):len(near)]
	x.claims = append(x.claims, c)
}

// normalizeSpace is strings.Join(strings.Fields(s), " "), returning s
// itself, not a copy, when it is that already (as most sentences are).
func normalizeSpace(s string) string {
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
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
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
// from Jellyfin:") counts as part of each line's sentence.
func (x *extractor) code(c ast.Node) {
	var leadNear []string
	if x.leadIn != nil {
		text := string(blockText(x.leadIn, x.src))
		leadNear = x.contextWords(text).nearest(len(text))
	}
	lines := c.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := string(x.src[seg.Start:seg.Stop])
		x.comments(seg.Start, seg.Stop, true)
		x.sc.out = x.sc.out[:0]
		x.sc.scan(line, false)
		if len(x.sc.out) == 0 {
			continue
		}
		ws := x.contextWords(line)
		for _, fd := range x.sc.out {
			near := appendNew(ws.nearest(fd.start), leadNear)
			x.add(fd, seg.Start+fd.start, line[fd.start:fd.end], line, near)
			x.claims[len(x.claims)-1].Code = true
		}
	}
}

// table scans each cell; a cell's words are its own, then the row's first
// cell, then the other cells, then its column header. A column whose
// header says "port" makes bare numbers in it ports.
func (x *extractor) table(t *east.Table) {
	var header []string
	var headerWords [][]string
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []*flat
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, x.inline(c))
		}
		texts := make([]string, len(cells))
		words := make([][]string, len(cells))
		for i, f := range cells {
			texts[i] = f.text.String()
			words[i] = dropStop(x.contextWords(texts[i]).nearest(0))
		}
		if _, ok := r.(*east.TableHeader); ok {
			header, headerWords = texts, words
		}
		row := strings.Join(texts, " | ")
		for i, f := range cells {
			near := slices.Clone(words[i])
			if i > 0 {
				near = appendNew(near, words[0])
			}
			for j := range words {
				near = appendNew(near, words[j])
			}
			if i < len(headerWords) {
				near = appendNew(near, headerWords[i])
			}
			near = x.withAliases(row, near)
			port := false
			if i < len(header) && r.Kind() != east.KindTableHeader {
				for _, w := range facts.Words(header[i]) {
					if w == "port" || w == "ports" {
						port = true
					}
				}
			}
			x.text(f, func(int) ([]string, string) { return near, row }, port)
		}
	}
}

// comments looks for docsite directives in src[start:stop]. inCode is set
// for code lines: a directive there is text, not a comment.
func (x *extractor) comments(start, stop int, inCode bool) {
	if inCode {
		return
	}
	s := string(x.src[start:stop])
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
	var buf []byte
	start := -1
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		if start < 0 {
			start = s.Start
		}
		buf = append(buf, x.src[s.Start:s.Stop]...)
	}
	if h.HasClosure() {
		c := h.ClosureLine
		buf = append(buf, x.src[c.Start:c.Stop]...)
	}
	if start < 0 {
		return
	}
	// Lines are contiguous in the source for an HTML block.
	end := start + len(buf)
	if end > len(x.src) {
		end = len(x.src)
	}
	x.comments(start, end, false)
}

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
	i := sort.SearchInts(x.lines, off+1) - 1
	if i < 0 {
		i = 0
	}
	return facts.Pos{File: x.file, Line: i + 1, Col: off - x.lines[i] + 1}
}

func lineStarts(src []byte) []int {
	ls := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i, c := range src {
		if c == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

// blockText is the raw source text of a block's lines.
func blockText(n ast.Node, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		b = append(b, src[s.Start:s.Stop]...)
	}
	return b
}

type span struct{ start, end int }

// sentences splits text at ". ", "! ", "? " (a dot inside a host name or
// version is not followed by a space) and at ";", which joins clauses
// about different things.
func sentences(s string) []span {
	var out []span
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ';' || (c == '.' || c == '!' || c == '?') && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\n') {
			out = append(out, span{start, i + 1})
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, span{start, len(s)})
	}
	return out
}

// ctxWords are the subject words of a sentence with their offsets.
type ctxWords struct {
	words []string
	offs  []int
}

// contextWords splits a sentence into subject words: each token's words
// (facts.Words), adjacent pairs joined with "-" ("Matrix Synapse" →
// matrix-synapse, so it meets the config's matrix-synapse), and alias keys
// for alias phrases found in the sentence.
func (x *extractor) contextWords(s string) ctxWords {
	var cw ctxWords
	prev, prevEnd := "", -2
	for i := 0; i < len(s); {
		if !wordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && (wordByte(s[j]) || s[j] == '.' && j+1 < len(s) && wordByte(s[j+1])) {
			j++
		}
		tok := s[i:j]
		if tok[0] >= '0' && tok[0] <= '9' || hexish(tok) {
			prev, i = "", j // part of a value (fd00:50::3), not a word
			continue
		}
		cw.addProse(tok, i)
		lw := strings.ToLower(tok)
		if isWord(lw) && len(lw) > 1 && !stopWords[lw] && prev != "" && i == prevEnd+1 && s[prevEnd] == ' ' {
			cw.words = append(cw.words, prev+"-"+lw)
			cw.offs = append(cw.offs, i)
		}
		if isWord(lw) && len(lw) > 1 && !stopWords[lw] {
			prev, prevEnd = lw, j
		} else {
			prev = ""
		}
		i = j
	}
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
		before := i == 0 || !wordByte(s[i-1])
		after := i+len(p) >= len(s) || !wordByte(s[i+len(p)])
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
func (cw *ctxWords) addProse(tok string, off int) {
	add := func(w string) {
		if len(w) > 1 && !stopWords[w] && !isDigits(w) {
			cw.words = append(cw.words, w)
			cw.offs = append(cw.offs, off)
		}
	}
	if strings.Contains(tok, ".") {
		for _, w := range facts.Words(tok) { // a dotted name: jellyfin.home.example.net
			add(w)
		}
		return
	}
	lower := strings.ToLower(tok)
	add(lower)
	if strings.ContainsAny(tok, "-_") || tok[0] >= 'a' && tok[0] <= 'z' && lower != tok {
		for _, w := range facts.Words(tok) {
			if w != lower {
				add(w)
			}
		}
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

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

// nearest returns the words ordered by distance from offset at, deduplicated.
func (cw ctxWords) nearest(at int) []string {
	type wd struct {
		w string
		d int
	}
	byDist := make([]wd, len(cw.words))
	for i, w := range cw.words {
		d := cw.offs[i] - at
		if d < 0 {
			d = -d
		}
		byDist[i] = wd{w, d}
	}
	slices.SortStableFunc(byDist, func(a, b wd) int { return a.d - b.d })
	out := make([]string, 0, len(byDist))
	var seen map[string]bool // for long sentences only: a linear search is cheaper up to dozens of words
	if len(byDist) > 48 {
		seen = make(map[string]bool, len(byDist))
	}
	for _, e := range byDist {
		if seen != nil {
			if seen[e.w] {
				continue
			}
			seen[e.w] = true
		} else if slices.Contains(out, e.w) {
			continue
		}
		out = append(out, e.w)
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

func dropStop(ws []string) []string {
	out := ws[:0:0]
	for _, w := range ws {
		if !stopWords[w] && !isDigits(w) && len(w) > 1 {
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

// stopWords never count as subjects: grammar, and words so generic in
// infrastructure prose that sharing them says nothing (port, ip, server…).
var stopWords = set(
	"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "from", "with", "by", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "as", "if", "then", "than", "so", "not", "no", "yes", "but", "via", "into", "onto", "over", "under", "after", "before", "when", "while", "where", "which", "who", "what", "how", "why", "all", "any", "each", "every", "both", "some", "only", "also", "just", "can", "could", "should", "would", "will", "must", "may", "might", "do", "does", "did", "has", "have", "had", "we", "you", "they", "he", "she", "our", "your", "their", "my", "me", "us", "them", "there", "here", "up", "down", "out", "see", "note", "e", "g", "i", "eg", "ie", "etc", "new", "old", "now", "same", "other", "more", "most", "less", "very", "one", "two", "per",
	"port", "ports", "ip", "ips", "ipv4", "ipv6", "v4", "v6", "addr", "address", "addresses", "server", "servers", "service", "services", "host", "hosts", "hostname", "hostnames", "http", "https", "tcp", "udp", "url", "urls", "web", "listen", "listens", "listening", "bind", "binds", "local", "localhost", "default", "enable", "enabled", "true", "false", "set", "run", "runs", "running", "use", "uses", "using", "used", "config", "configuration", "configured", "network", "networking", "example", "www", "com", "org", "net", "io", "proxy", "proxies", "reverse", "reverse_proxy", "upstream", "upstreams", "nixos", "nix", "caddy", "caddyfile", "let", "inherit", "lib", "pkgs", "mkoption", "mkdefault", "mkforce", "mkif", "options", "option", "settings", "flags", "value", "values", "extraconfig", "virtualhosts", "templates", "template", "modules", "module", "machines", "machine", "infra", "docs", "content", "md", "subnet", "cidr", "range", "name", "names", "site", "sites", "page", "file", "files", "text", "line", "via", "access", "accessible", "connect", "connects", "open", "opens", "check", "curl", "sudo", "systemctl", "ss", "netstat", "tlnp", "tulpn", "ping", "dig", "nslookup", "log", "logs", "error", "warning", "info", "debug", "get", "post", "ok", "status", "listen_port", "user", "users", "root", "admin", "internet", "public", "private", "interface", "interfaces", "inside", "outside", "both", "either", "forward", "forwards", "forwarding", "handled", "handles", "handle", "route", "routes", "routing", "request", "requests", "client", "clients", "itself", "themselves", "reach", "reaches", "reachable", "serves", "serve", "served", "test", "only", "anything", "everything", "nothing", "else", "instead", "already", "directly", "through", "form", "would", "way", "case", "first", "second", "hop", "hops", "side",
)
