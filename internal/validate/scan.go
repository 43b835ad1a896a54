package validate

import (
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/docsite/docsite/internal/facts"
)

// found is one value the scanner recognised in a run of text.
type found struct {
	kind       facts.Kind
	value      string // canonical
	start, end int    // byte offsets of the raw value in the scanned text
	// bare is set for a host (or the host of a host:port) that is a single
	// label such as "bee": a claim only when the inventory knows the name.
	bare bool
}

// scanner finds IPs, CIDRs, ports, hosts, host:port pairs and URLs in
// prose, code and console output. It is a hand-written single pass over
// whitespace-separated tokens: no backtracking, no regular expressions, so
// its cost is linear in the text whatever the input.
type scanner struct {
	known    func(string) bool // bare host names the inventory knows; nil for none
	maxKnown int               // length of the longest of them
	// words, when set, holds the names known says yes to that have no
	// dot: it rules out the other words of prose without the map lookup.
	words *wordSet
	out   []found
	low   []byte // lower-case words of the current scan
	// noFastPath sends every token through token and known, for tests
	// that hold the fast paths to the slow ones.
	noFastPath bool
}

// A wordSet is a set of words, looked up with a hash of a few of their
// bytes and a probe of a small open-addressed table: several times
// cheaper than a map for the words of prose, which is most of the
// lookups extraction makes.
type wordSet struct {
	// bits has the bit of the hash of every word set: small enough to stay
	// in the cache, it answers most words that are not in the set.
	bits   [setBits / 64]uint64
	slots  []string // a power of two long, at most a quarter full
	maxLen int
}

const setBits = 1 << 13

func newWordSet(words []string) *wordSet {
	n := 64
	for n < 4*len(words) {
		n *= 2
	}
	ws := &wordSet{slots: make([]string, n)}
	for _, w := range words {
		if w == "" || ws.has(w) {
			continue
		}
		h := ws.hash(w)
		ws.bits[h/64%(setBits/64)] |= 1 << (h % 64)
		i := int(h) & (len(ws.slots) - 1)
		for ws.slots[i] != "" {
			i = (i + 1) & (len(ws.slots) - 1)
		}
		ws.slots[i] = w
		ws.maxLen = max(ws.maxLen, len(w))
	}
	return ws
}

// hash mixes the length and the first and last bytes of w, with one
// multiplication: words of prose seldom share all three.
func (ws *wordSet) hash(w string) uint {
	h := uint64(len(w))<<16 | uint64(w[0])<<8 | uint64(w[len(w)-1])
	return uint((h * 0x9e3779b97f4a7c15) >> 40)
}

// has reports whether w is in the set.
func (ws *wordSet) has(w string) bool {
	if len(w) > ws.maxLen || w == "" {
		return false
	}
	h := ws.hash(w)
	if ws.bits[h/64%(setBits/64)]&(1<<(h%64)) == 0 {
		return false
	}
	for i := int(h) & (len(ws.slots) - 1); ; i = (i + 1) & (len(ws.slots) - 1) {
		switch ws.slots[i] {
		case w:
			return true
		case "":
			return false
		}
	}
}

// classify returns tok in lower case and whether it is a word (isWord).
// The result may be a view of s.low, good until the next scan: clone it
// to keep it.
func (s *scanner) classify(tok string) (lw string, view, word bool) {
	upper, letter, other := false, false, false
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= 0x80:
			lw = strings.ToLower(tok)
			return lw, false, isWord(lw)
		case c >= 'a' && c <= 'z':
			letter = true
		case c >= 'A' && c <= 'Z':
			letter, upper = true, true
		case c >= '0' && c <= '9', c == '-', c == '_':
		default:
			other = true
		}
	}
	word = letter && !other
	if !upper {
		return tok, false, word
	}
	lw, view = s.lowerASCII(tok)
	return lw, view, word
}

// lowerASCII returns tok, ASCII, in lower case, as a view of s.low.
func (s *scanner) lowerASCII(tok string) (lw string, view bool) {
	at := len(s.low)
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		s.low = append(s.low, c)
	}
	// The bytes at s.low[at:] are not written again until the next scan
	// resets s.low (an append that grows it copies, and leaves them be).
	return unsafe.String(&s.low[at], len(tok)), true
}

// indexScheme is strings.Index(s, "://").
func indexScheme(s string) int {
	for off := 0; ; {
		k := strings.IndexByte(s[off:], ':')
		if k < 0 {
			return -1
		}
		k += off
		if k+2 < len(s) && s[k+1] == '/' && s[k+2] == '/' {
			return k
		}
		off = k + 1
	}
}

// port context states: a bare number is a port only right after "port",
// "ports", "listen", … or inside a list that started that way.
const (
	pcNone     = iota
	pcPort     // after a port word: the next number is a port
	pcPortList // after a port number: "and"/"or"/"," may introduce another
	// A port word with a colon heads a list ("Open ports:"); pcColon is
	// right after it, as pcPort, and pcLabels once a name came: then
	// "Jellyfin 8096, Synapse 8008" are ports, each number ending an
	// item (followed by a comma, "and", the end), not "the 3 services".
	pcColon
	pcLabels
	// After "and" or "or" behind a port ("listens on 8096 and Synapse on
	// 8008", "uses 29317 and the WhatsApp bridge 29318"), pcGap+n with n
	// words left: a number right away is a port, as in "80 and 443";
	// after up to three words (articles aside), one that ends the item
	// is; a fourth word ends the context ("and reads from Prometheus on
	// 9090").
	pcGap
)

// gapWords is how many words may stand between "and" and a gapped port.
const gapWords = 3

// Classes of token bytes, for a scan that sees at a token's end what
// kind of bytes it holds.
const (
	clLetter = 1 << iota // a-z, A-Z
	clUpper              // A-Z
	clDigit
	clColon
	clOther // other token bytes
	clHigh  // bytes of non-ASCII characters
)

var tokClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case !isTokByte(byte(c)):
		case c >= 'a' && c <= 'z':
			t[c] = clLetter
		case c >= 'A' && c <= 'Z':
			t[c] = clLetter | clUpper
		case c >= '0' && c <= '9':
			t[c] = clDigit
		case c == ':':
			t[c] = clColon
		case c >= utf8.RuneSelf:
			t[c] = clOther | clHigh
		default:
			t[c] = clOther
		}
	}
	return t
}()

// sepAt returns the length of the non-ASCII separator at text[i], 0 if
// there is none there: what parts tokens as a space does, so that
// "port\u00a08096", "“port 8096”" and "Jellyfin—port 8096" read as their
// ASCII spellings do.
func sepAt(text string, i int) int {
	if text[i] < utf8.RuneSelf {
		return 0
	}
	if r, n := utf8.DecodeRuneInString(text[i:]); separator(r) {
		return n
	}
	return 0
}

// separator reports whether a non-ASCII character parts tokens as a
// space does: spaces (no-break, thin, ideographic…), quotation marks,
// dashes, brackets, and the arrows and box drawing of ASCII-art
// diagrams ("bee ──443──► mini-vm").
func separator(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Pi, unicode.Pf, unicode.Pd, unicode.Ps, unicode.Pe) ||
		r >= 0x2190 && r <= 0x21FF || r >= 0x2500 && r <= 0x25FF
}

func isTokByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	switch c {
	case '.', ':', '-', '_', '[', ']', '/', '%', '*', '@', '~', '+':
		return true
	}
	return c >= 0x80 // UTF-8 continuation: keep non-ASCII words whole
}

// urlByte reports whether c can continue a URL once "scheme://" was seen.
func urlByte(c byte) bool {
	if c <= ' ' || c == 0x7f {
		return false
	}
	switch c {
	case '<', '>', '"', '\'', '`', '{', '}', '|', '\\', '^':
		return false
	}
	return true
}

// scan appends what it finds in text, starting in port-context state
// (pcPort for a table cell under a "Port" column), and returns the state
// at the end: a labelled list goes on after a semicolon.
func (s *scanner) scan(text string, state int) int {
	s.low = s.low[:0]
	prev := "" // previous word, lower case
	for i := 0; i < len(text); {
		c := text[i]
		if tokClass[c] == 0 {
			switch c {
			case ';', '!', '?', '\n':
				// A semicolon ends a clause, but not a labelled list:
				// "Ports on the nas: Grafana 3000; AdGuard 3001".
				if c != '\n' && !(c == ';' && state == pcLabels) || state == pcPortList {
					state = pcNone
				}
			}
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if n := sepAt(text, i); n > 0 {
				i += n
				continue
			}
		}
		j, mask, letters := i, uint8(0), -1
		for j < len(text) {
			cl := tokClass[text[j]]
			if cl == 0 {
				break
			}
			if cl&clLetter == 0 && letters < 0 {
				letters = j
			}
			mask |= cl
			j++
		}
		if mask&clHigh != 0 {
			// A separator inside ends the token there; so few tokens
			// hold non-ASCII that it is looked for only in those.
			for k := i; k < j; k++ {
				if n := sepAt(text, k); n > 0 {
					j, mask = k, 0
					for _, c := range []byte(text[i:j]) {
						mask |= tokClass[c]
					}
					letters = min(letters, j)
					break
				}
			}
		}
		if letters < 0 {
			letters = j
		}
		if letters > i && !s.noFastPath && plainEnd(text[letters:j]) {
			// Letters, then perhaps punctuation that token would trim,
			// as most words of prose are: no number, no URL, no value.
			tok := text[i:letters]
			lw, view := tok, false
			if mask&clUpper != 0 {
				lw, view = s.lowerASCII(tok)
			}
			next, end := state, strings.IndexByte(text[letters:j], '.') >= 0
			if end {
				next = pcNone
			}
			before, last := state, prev
			state, prev = s.word(tok, lw, view, i, state, next, end)
			prev = keepVersion(last, prev)
			if !end && strings.IndexByte(text[letters:j], ':') >= 0 {
				state = colonState(before, state)
			}
			i = j
			continue
		}
		// A URL runs past characters that end other tokens (?, #, &, =).
		url := false
		if mask&clColon != 0 {
			if k := indexScheme(text[i:j]); k > 0 && isScheme(text[i:i+k]) {
				url = true
				for j < len(text) && urlByte(text[j]) && (text[j] < utf8.RuneSelf || sepAt(text, j) == 0) {
					j++
				}
			}
		}
		state, prev = s.token(text, i, j, state, prev, url)
		i = j
	}
	return state
}

// plainEnd reports whether token would trim all of t, the end of a token
// after its letters, and t holds no "://".
func plainEnd(t string) bool {
	colon, slash := false, false
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '.', '-', '_', ']':
		case ':':
			colon = true
		case '/':
			slash = true
		default:
			return false
		}
	}
	return !(colon && slash)
}

func isScheme(s string) bool {
	switch strings.ToLower(s) {
	case "http", "https", "ws", "wss", "ftp", "sftp", "ssh", "tcp", "udp", "rtsp", "smb", "nfs", "git", "ldap", "ldaps", "mqtt", "redis", "postgres", "postgresql", "mysql", "h2c":
		return true
	}
	return false
}

// token classifies text[i:j] and returns the next port-context state and
// previous word.
func (s *scanner) token(text string, i, j, state int, prev string, url bool) (int, string) {
	tok := text[i:j]
	// Trailing punctuation belongs to the sentence, not the value.
	endSentence, colon, itemEnd := false, false, false
	for len(tok) > 0 {
		last := tok[len(tok)-1]
		if last == '.' || last == ',' || last == ':' || last == ')' || last == '-' || last == '/' || last == '_' ||
			(last == ']' && !strings.Contains(tok, "[")) {
			switch last {
			case '.':
				endSentence = true
			case ':':
				colon = true
			}
			itemEnd = itemEnd || last == '.' || last == ',' || last == ')'
			tok = tok[:len(tok)-1]
			continue
		}
		break
	}
	if tok == "" {
		return state, prev
	}
	next := state
	if endSentence {
		next = pcNone
	}

	// Numbers: ports in port context, unless a unit follows ("2 GB").
	if isDigits(tok) {
		labels := state == pcLabels || state > pcGap && state < pcGap+gapWords+1
		if state != pcNone && !unitFollows(text[j:]) && (!labels || itemEnd || listItemEnds(text[j:])) {
			if v, ok := facts.Normalize(facts.Port, tok); ok {
				s.add(facts.Port, v, i, i+len(tok), false)
				if endSentence {
					return pcNone, ""
				}
				if state == pcLabels {
					return pcLabels, ""
				}
				return pcPortList, ""
			}
		}
		if endSentence {
			return pcNone, ""
		}
		return pcNone, ""
	}

	// (url says whether text[i:j] has a scheme; trimming tok took none
	// of it away.)
	if url {
		if k := indexScheme(tok); k > 0 && isScheme(tok[:k]) {
			s.url(text, i, j)
			return pcNone, ""
		}
	}

	lw, view, word := s.classify(strings.TrimLeft(tok, "-"))
	if word {
		next, lw := s.word(tok, lw, view, i, state, next, endSentence)
		lw = keepVersion(prev, lw)
		if colon && !endSentence {
			next = colonState(state, next)
		}
		return next, lw
	}
	if k := strings.LastIndexByte(tok, '.'); k > 0 && k+2 < len(tok) && isPortWord(strings.ToLower(tok[k+1:])) {
		// services.gatus.settings.web.port = 8090, as Nix and TOML write it
		return pcPort, ""
	}
	if tok[0] == ':' && i > 1 && (text[i-1] == '"' || text[i-1] == '\'') && wordByte(text[i-2]) {
		// A quoted key's value in JSON or a log: "status":200 states no
		// port, "port":8096 does.
		if state == pcPort {
			if v, ok := facts.Normalize(facts.Port, tok[1:]); ok {
				s.add(facts.Port, v, i+1, i+len(tok), false)
			}
		}
		return pcNone, ""
	}
	s.value(tok, i, prev)
	return next, ""
}

// word handles a word of prose, tok (lw in lower case) at offset i, in
// port-context state; next is the state after it unless the word says
// otherwise.
func (s *scanner) word(tok, lw string, view bool, i, state, next int, endSentence bool) (int, string) {
	switch {
	case isPortWord(lw) && !(lw == "listen" && tok == "LISTEN"), // ss/netstat print a state, not a keyword
		tok == "TCP" || tok == "UDP", // "TCP 80 and 443"; tools print tcp in lower case, before counters
		namesPort(tok):               // jellyfinPort = 8096, server_port: 3000
		next = pcPort
		if endSentence {
			next = pcNone
		}
	case state == pcPortList && (lw == "and" || lw == "or"):
		next = pcGap + gapWords + 1
	case state > pcGap+1:
		next = state - 1
		if lw == "the" || lw == "a" || lw == "an" || lw == "its" || lw == "their" {
			next = state // "and the node exporter on 9101"
		}
	case state == pcPort && isFiller(lw), state == pcPortList && isListJoiner(lw), state == pcLabels:
		// keep the state: "listens on port", "8000 to 8010", the names
		// of a list ("Open ports: Jellyfin 8096, Synapse 8008")
	case state == pcColon:
		next = pcLabels
	default:
		next = pcNone
	}
	if s.known != nil && len(lw) > 1 && len(lw) <= s.maxKnown && (s.words == nil || s.noFastPath || s.words.has(lw)) && s.known(lw) && !stopWords[lw] && facts.IsHostName(lw) {
		if view {
			lw = strings.Clone(lw)
		}
		s.add(facts.Host, lw, i, i+len(tok), true)
	}
	if endSentence {
		next = pcNone
	}
	return next, lw
}

// keepVersion returns the previous word to remember after lw: a version
// word stays across "is" and "was", so that "the server version is
// 10.10.7.0" is a version, not an address.
func keepVersion(prev, lw string) string {
	if (lw == "is" || lw == "was") && versionWords[prev] {
		return prev
	}
	return lw
}

// value classifies a token that is neither a plain word nor a number.
func (s *scanner) value(tok string, off int, prev string) {
	if k := strings.LastIndexByte(tok, '@'); k >= 0 {
		// "dig @192.168.50.1", "ssh ivan@192.168.50.4": the address is a
		// claim. E-mail addresses, user@host and user@host:/path are not.
		rest := tok[k+1:]
		if v, ok := ipv4(rest); ok && !special(netip.MustParseAddr(v)) {
			s.add(facts.IP, v, off+k+1, off+len(tok), false)
		} else if sshWords[prev] && k > 0 {
			// "ssh ivan@nas.tail1234.ts.net": the host is a claim.
			if h, ok := hostName(rest); ok {
				s.add(facts.Host, h, off+k+1, off+len(tok), false)
			} else if lh := strings.ToLower(rest); s.known != nil && facts.IsHostName(lh) && s.known(lh) {
				s.add(facts.Host, lh, off+k+1, off+len(tok), true)
			}
		}
		return
	}
	switch tok[0] {
	case '/', '~', '.', '+', '%':
		return // paths, ".orb.local" suffixes, handles
	}
	if len(tok) > 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X') {
		return // hex
	}
	if tok[0] == '[' {
		s.bracket(tok, off)
		return
	}
	if k := strings.IndexByte(tok, '/'); k >= 0 {
		pre, post := tok[:k], tok[k+1:]
		if isDigits(post) && isProto(pre) {
			// "tcp/443", as firewall rules write it
			if v, ok := facts.Normalize(facts.Port, post); ok {
				s.add(facts.Port, v, off+k+1, off+len(tok), false)
			}
			return
		}
		if isDigits(post) {
			// An address with host bits set is an interface address
			// (192.168.50.3/24): the claim is the address.
			// One ending in .0 is a network with a wrong prefix length
			// ("192.168.50.0/16"), not an interface.
			if p, err := netip.ParsePrefix(tok); err == nil && p.Masked().Addr() != p.Addr() && !(p.Addr().Is4() && p.Addr().As4()[3] == 0) {
				if a := p.Addr(); !special(a) && (a.Is6() || strings.Count(pre, ".") == 3) {
					s.add(facts.IP, a.String(), off, off+len(pre), false)
				}
				return
			}
			if v, ok := cidr(pre + "/" + post); ok {
				s.add(facts.CIDR, v, off, off+len(tok), false)
			}
			return
		}
		if isDigits(pre) && isProto(post) {
			if v, ok := facts.Normalize(facts.Port, pre); ok {
				s.add(facts.Port, v, off, off+len(pre), false)
			}
			return
		}
		if strings.ContainsAny(pre, ".:") {
			// "mini-vm.orb.local:8097/web": the address before the path.
			s.value(pre, off, prev)
		}
		return
	}
	if strings.Count(tok, ":") >= 2 {
		if a, err := netip.ParseAddr(tok); err == nil && a.Is6() && a.Zone() == "" {
			if !special(a) {
				s.add(facts.IP, a.String(), off, off+len(tok), false)
			}
			return
		}
	}
	if k := strings.LastIndexByte(tok, ':'); k >= 0 {
		s.hostPort(tok, off, k)
		return
	}
	if v, ok := ipv4(tok); ok {
		if versionWords[prev] {
			return
		}
		if a := netip.MustParseAddr(v); special(a) || a.As4()[0] == 255 {
			return // loopback, unspecified, documentation ranges, netmasks
		}
		s.add(facts.IP, v, off, off+len(tok), false)
		return
	}
	if strings.HasSuffix(tok, ".x") && strings.Count(tok, ".") == 3 {
		if v, ok := facts.Normalize(facts.CIDR, tok); ok && !specialPrefix(v) {
			s.add(facts.CIDR, v, off, off+len(tok), false)
		}
		return
	}
	if h, ok := hostName(tok); ok {
		s.add(facts.Host, h, off, off+len(tok), false)
		return
	}
	if s.known != nil && !strings.Contains(tok, ".") {
		lw := strings.ToLower(tok)
		if len(lw) > 1 && s.known(lw) && facts.IsHostName(lw) {
			s.add(facts.Host, lw, off, off+len(tok), true)
		}
	}
}

// hostPort handles a token with a colon at k: host:port, :port, *:port.
func (s *scanner) hostPort(tok string, off, k int) {
	host, port := tok[:k], tok[k+1:]
	if !isDigits(port) {
		return // nixos:25.05, host:/path, 08:59:04.8
	}
	p, ok := facts.Normalize(facts.Port, port)
	if !ok {
		return
	}
	portOnly := func() { s.add(facts.Port, p, off+k+1, off+len(tok), false) }
	switch {
	case host == "", host == "*":
		portOnly()
		return
	case strings.EqualFold(host, "localhost"):
		portOnly()
		return
	}
	if strings.ContainsRune(host, ':') {
		return // times (08:59:04), MACs
	}
	if v, ok := ipv4(host); ok {
		if a := netip.MustParseAddr(v); special(a) {
			if a.IsLoopback() || a.IsUnspecified() {
				portOnly() // 0.0.0.0:8096: the port still is a claim
			}
			return // 203.0.113.9:8443: an example host's port is an example too
		}
		s.add(facts.HostPort, v+":"+p, off, off+len(tok), false)
		return
	}
	if h, ok := hostName(host); ok {
		s.add(facts.HostPort, h+":"+p, off, off+len(tok), false)
		return
	}
	if !strings.Contains(host, ".") && s.known != nil {
		lh := strings.ToLower(host)
		if s.known(lh) && facts.IsHostName(lh) {
			s.add(facts.HostPort, lh+":"+p, off, off+len(tok), true)
		}
	}
}

// bracket handles "[fd00::1]", "[fd00::1]:80", "[::]:443".
func (s *scanner) bracket(tok string, off int) {
	end := strings.IndexByte(tok, ']')
	if end < 0 {
		return
	}
	a, err := netip.ParseAddr(tok[1:end])
	if err != nil || !a.Is6() || a.Zone() != "" {
		return
	}
	rest := tok[end+1:]
	if rest == "" {
		if !special(a) {
			s.add(facts.IP, a.String(), off+1, off+end, false)
		}
		return
	}
	if rest[0] != ':' || !isDigits(rest[1:]) {
		return
	}
	p, ok := facts.Normalize(facts.Port, rest[1:])
	if !ok {
		return
	}
	if special(a) {
		if a.IsLoopback() || a.IsUnspecified() {
			s.add(facts.Port, p, off+end+2, off+len(tok), false)
		}
		return
	}
	s.add(facts.HostPort, "["+a.String()+"]:"+p, off, off+len(tok), false)
}

// url handles text[i:j] starting with scheme://.
func (s *scanner) url(text string, i, j int) {
	raw := text[i:j]
	// Trailing sentence punctuation and an unbalanced ")" are not the URL's.
	for len(raw) > 0 {
		c := raw[len(raw)-1]
		if strings.IndexByte(".,;:!?*_", c) >= 0 ||
			(c == ')' && strings.Count(raw, "(") < strings.Count(raw, ")")) ||
			(c == ']' && strings.Count(raw, "[") < strings.Count(raw, "]")) {
			raw = raw[:len(raw)-1]
			continue
		}
		break
	}
	k := strings.Index(raw, "://")
	rest := raw[k+3:]
	h := rest
	if e := strings.IndexAny(rest, "/?#"); e >= 0 {
		h = rest[:e]
	}
	if strings.ContainsRune(h, '@') {
		return // credentials in URLs: not a fact worth judging
	}
	hostOff := i + k + 3
	host, port := h, ""
	if strings.HasPrefix(h, "[") {
		e := strings.IndexByte(h, ']')
		if e < 0 {
			return
		}
		host = h[1:e]
		if strings.HasPrefix(h[e+1:], ":") {
			port = h[e+2:]
		}
	} else if c := strings.LastIndexByte(h, ':'); c >= 0 {
		host, port = h[:c], h[c+1:]
	}
	if port != "" {
		if _, ok := facts.Normalize(facts.Port, port); !ok {
			return
		}
	}
	var a netip.Addr
	isIP := false
	if x, err := netip.ParseAddr(host); err == nil && x.Zone() == "" {
		a, isIP = x, true
	}
	if host == "" || strings.EqualFold(host, "localhost") || isIP && special(a) {
		if port != "" && !(isIP && !a.IsLoopback() && !a.IsUnspecified()) {
			p, _ := facts.Normalize(facts.Port, port)
			s.add(facts.Port, p, hostOff+len(h)-len(port), hostOff+len(h), false)
		}
		return
	}
	if !isIP {
		if _, ok := hostName(host); !ok {
			if !(s.known != nil && !strings.Contains(host, ".") && s.known(strings.ToLower(host))) {
				return
			}
		}
	}
	v, ok := facts.Normalize(facts.URL, raw)
	if !ok {
		return
	}
	s.add(facts.URL, v, i, i+len(raw), false)
}

func (s *scanner) add(k facts.Kind, v string, start, end int, bare bool) {
	s.out = append(s.out, found{kind: k, value: v, start: start, end: end, bare: bare})
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isWord reports whether s is letters, digits and inner hyphens only with
// at least one letter and no dot or colon: a word of prose.
func isWord(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80:
			letter = true
		case c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return letter
}

// ipv4 returns the canonical form of a dotted-quad IPv4 address.
func ipv4(s string) (string, bool) {
	if strings.Count(s, ".") != 3 || len(s) > 15 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return "", false
		}
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return "", false
	}
	return a.String(), true
}

func cidr(s string) (string, bool) {
	v, ok := facts.Normalize(facts.CIDR, s)
	if !ok || specialPrefix(v) {
		return "", false
	}
	// "a.b.c.d/nn" must be written with all four octets.
	if !strings.Contains(s, ":") && strings.Count(s, ".") != 3 {
		return "", false
	}
	return v, true
}

var docRanges = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// special reports whether a is loopback, unspecified or in a
// documentation range: not a claim on its own.
func special(a netip.Addr) bool {
	if a.IsLoopback() || a.IsUnspecified() {
		return true
	}
	for _, p := range docRanges {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func specialPrefix(v string) bool {
	p, err := netip.ParsePrefix(v)
	if err != nil {
		return true
	}
	return p.Bits() == 0 || special(p.Addr())
}

// hostName returns the canonical host name if s is a fully qualified name:
// dotted, valid, with a real-looking top-level domain (or a LAN suffix such
// as .local, .lan, .internal, .home.arpa) that is not a file extension.
func hostName(s string) (string, bool) {
	if !strings.Contains(s, ".") || strings.HasPrefix(s, "*") && !strings.HasPrefix(s, "*.") {
		return "", false
	}
	// The cheap tests first: most dotted tokens are file names.
	tld := s[strings.LastIndexByte(s, '.')+1:]
	if strings.ToLower(tld) != tld {
		return "", false // "ASP.NET", "Caddyfile.Mini": not how hosts are written
	}
	if !tlds[tld] || fileExts[tld] {
		return "", false
	}
	first := s[:strings.IndexByte(s, '.')]
	if isDigits(first) {
		return "", false
	}
	if !facts.IsHostName(s) {
		return "", false
	}
	return strings.ToLower(s), true
}

// unitFollows reports whether the text after a number starts with a unit,
// so "2 GB" or "8096ms" is a size or duration, not a port.
// colonState is the state after a word followed by a colon, given the
// states before and after the word: a port word ("Open ports:") or the
// end of a phrase that began with one ("Ports on the nas:", "Port for
// Jellyfin:") heads a list.
func colonState(before, after int) int {
	if after == pcPort || before == pcPort {
		return pcColon
	}
	return after
}

// listItemEnds reports whether a number followed by rest ends an item
// of a labelled list: the text or the sentence ends, a comma, semicolon
// or bracket closes it, or "and" or "or" comes next.
func listItemEnds(rest string) bool {
	rest = strings.TrimLeft(rest, " \t")
	if rest == "" || strings.IndexByte(",;.)\n", rest[0]) >= 0 {
		return true
	}
	w, _, _ := strings.Cut(rest, " ")
	return w == "and" || w == "or"
}

func unitFollows(rest string) bool {
	i := 0
	for i < len(rest) && rest[i] == ' ' {
		i++
	}
	j := i
	for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] == '%') {
		j++
	}
	return units[strings.ToLower(rest[i:j])]
}

// isPortWord reports whether w makes the next number a port.
func isPortWord(w string) bool {
	if w == "" || w[0] != 'p' && w[0] != 'l' && w[0] != 'h' && (w[0] != 'a' || len(w) != len("allowedtcpports")) {
		return false
	}
	switch w {
	case "port", "ports", "listen", "listens", "listening", "listener", "listeners", "listenport", "listen_port", "http_port", "https_port", "p",
		"allowedtcpports", "allowedudpports":
		return true
	}
	return false
}

// namesPort reports whether identifier tok names a port by its last part:
// jellyfinPort, webPort, server_port (not "airport" or "report").
func namesPort(tok string) bool {
	n := len(tok)
	if n <= 5 || tok[n-1] != 't' && tok[n-1] != 'T' {
		return false // most words: one byte read
	}
	return strings.HasSuffix(tok, "Port") && tok[n-5] >= 'a' && tok[n-5] <= 'z' ||
		strings.HasSuffix(tok, "_port") || strings.HasSuffix(tok, "_PORT")
}

// isProto reports whether w names a transport protocol: "8096/tcp".
func isProto(w string) bool {
	return strings.EqualFold(w, "tcp") || strings.EqualFold(w, "udp")
}

// isFiller reports whether w may stand between a port word and its number:
// "listens on port", "port number 8096".
func isFiller(w string) bool {
	switch w {
	case "on", "number", "is", "at", "to", "tcp", "udp", "of", "no", "nr", "the", "set", "was", "now", "uses", "use", "default",
		"are", "were", "as", "written", "changed", "moved", "still", "from":
		return true
	}
	return false
}

// isListJoiner reports whether w may join ports in a list: "80 and 443".
func isListJoiner(w string) bool {
	switch w {
	case "and", "or", "tcp", "udp", "plus", "to":
		return true
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	sshWords     = set("ssh", "mosh", "scp", "sftp", "rsync", "et")
	versionWords = set("version", "versions", "v", "ver", "release", "kernel", "firmware", "build", "nixos", "go", "python", "node", "stable", "unstable", "tag", "image", "chart", "semver", "snmp", "oid")
	units        = set("b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "%", "x", "times", "px", "em", "rpm", "mhz", "ghz", "bytes", "byte", "items", "files", "lines", "users")
	tlds         = set(
		// LAN and overlay suffixes
		"local", "lan", "internal", "arpa", "localdomain", "intranet", "corp", "private",
		// generic
		"com", "net", "org", "io", "dev", "app", "me", "co", "info", "biz", "xyz", "cloud", "tech", "online", "ai", "gg", "tv", "fm", "cc", "edu", "gov", "eu", "social", "club", "blog", "wiki", "mobi", "ly", "to", "is", "im", "gl",
		// country codes often seen in homelabs
		"uk", "de", "fr", "nl", "us", "ca", "au", "ch", "at", "be", "se", "no", "dk", "fi", "pl", "cz", "ru", "ua", "jp", "cn", "kr", "in", "br", "es", "it", "ie", "nz", "za", "lt", "lv", "ee", "pt", "gr", "hu", "ro", "sk", "si", "hr", "bg", "tw", "hk", "sg", "mx", "ar", "cl", "il", "tr", "su", "vn", "ph", "th", "nu", "li", "lu", "ws", "fyi",
	)
	fileExts = set("md", "nix", "sh", "py", "go", "rs", "js", "ts", "mjs", "cjs", "json", "toml", "yaml", "yml", "txt", "conf", "cfg", "ini", "service", "socket", "timer", "mount", "target", "path", "slice", "log", "html", "htm", "css", "png", "jpg", "jpeg", "gif", "svg", "gz", "tgz", "tar", "zip", "xz", "bz2", "zst", "pdf", "lock", "pem", "key", "crt", "csr", "der", "pub", "so", "sock", "pid", "d", "bak", "tmp", "swp", "diff", "patch", "c", "h", "cpp", "hpp", "java", "rb", "php", "lua", "vim", "el", "tf", "hcl", "xml", "csv", "tsv", "sql", "db", "sqlite", "iso", "img", "qcow2", "raw", "deb", "rpm", "exe", "dll", "bin", "out", "age", "gpg", "asc", "sig", "nar", "drv", "env", "mini", "caddy", "orig", "rej", "list", "old", "new", "cache")
)
