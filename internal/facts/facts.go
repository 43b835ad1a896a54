// Package facts is the vocabulary shared by the config readers (nix, caddy),
// the claim extractor and the validator: a Fact is a (kind, value) pair with
// the position it stands at and the subject words around it.
//
// Values are kept in canonical form (see Normalize) so that comparing two
// facts is comparing two strings.
package facts

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what sort of value a fact holds.
type Kind uint8

const (
	Invalid  Kind = iota
	IP            // 192.168.50.4, fd00::1 (canonical netip form)
	CIDR          // 192.168.50.0/24; "198.19.249.x" is normalised to 198.19.249.0/24
	Port          // 8096
	Host          // jellyfin.example.com, mini-vm (lower case, no trailing dot)
	HostPort      // 192.168.50.4:8096, [fd00::1]:80, mini-vm.orb.local:8097
	URL           // https://jellyfin.example.com/web
)

var kindNames = [...]string{"invalid", "ip", "cidr", "port", "host", "hostport", "url"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if i > 0 && n == s {
			return Kind(i), true
		}
	}
	return Invalid, false
}

// MarshalText makes kinds print as words in JSON.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Pos is a position in a source file: 1-based line and column, where the
// column counts bytes (a tab is one column), as go/token does.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
}

// IsValid reports whether the position has a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col, the form editors and CI
// problem matchers read. Missing parts are left out.
func (p Pos) String() string {
	s := p.File
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// Fact is one concrete value defined by the config (or, on the claim side,
// stated by a runbook).
type Fact struct {
	Kind  Kind   `json:"kind"`
	Value string `json:"value"` // canonical, see Normalize
	Pos   Pos    `json:"pos"`   // where the literal stands
	// Path is where the value lives in its source: a Nix attribute path
	// ("services.jellyfin.port"), or a Caddy directive path
	// ("jellyfin.example.com > reverse_proxy").
	Path string `json:"path"`
	// Subjects are the lower-case words the fact is about (see Words).
	Subjects []string `json:"subjects"`
	// Source names the reader that produced the fact: "nix" or "caddy".
	Source string `json:"source"`
	// Conditional is set for values under lib.mkIf: defined, but maybe not in effect.
	Conditional bool `json:"conditional,omitempty"`
	// Note is a short human phrase for messages, e.g.
	// "proxies jellyfin to mini-vm.orb.local:8097". Optional.
	Note string `json:"note,omitempty"`
}

// Binding is a name bound to a value in the config that a template
// placeholder (@name@ in a substituteAll/replaceVars template) can refer to.
type Binding struct {
	Name  string `json:"name"`
	Value string `json:"value"` // resolved string value
	Pos   Pos    `json:"pos"`
	// Origin is where the literal the value comes from stands, when that
	// is not Pos: `inherit (config.flags) domain;` binds at the inherit,
	// but the value was written as an option default in another file.
	Origin Pos `json:"origin,omitzero"` // omitzero: omitempty keeps a zero struct
}

// Doc is text in one language embedded in a file of another, such as Caddy
// text inside a Nix string. Lines[i] is where line i+1 of Text starts in the
// original file, so a reader of Text can report real positions.
type Doc struct {
	Lang     string   `json:"lang"` // "caddyfile"
	Text     string   `json:"text"`
	Lines    []Pos    `json:"lines"`
	Subjects []string `json:"subjects"` // words from the attribute path around it
	Path     string   `json:"path"`     // attribute path of the string
}

// Map turns a 1-based (line, col) inside d.Text into a position in the
// original file. Positions past the mapped lines fall back to the last line.
func (d *Doc) Map(line, col int) Pos {
	if len(d.Lines) == 0 {
		return Pos{Line: line, Col: col}
	}
	if line < 1 {
		line = 1
	}
	if line > len(d.Lines) {
		line = len(d.Lines)
	}
	p := d.Lines[line-1]
	p.Col += col - 1
	return p
}

// Skipped is a source that could not be read (syntax error, encrypted or
// binary file); it is reported once and left out of the inventory.
type Skipped struct {
	Pos    Pos    `json:"pos"`
	Reason string `json:"reason"`
}

// Error is an error at a position, the form every reader reports in.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Errorf builds an *Error.
func Errorf(p Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// Normalize returns the canonical form of value as kind k, and whether the
// value is valid for that kind. Canonical forms: IPs as netip prints them
// (lower-case, zero-compressed v6); CIDRs masked to their network, with
// "a.b.c.x" read as a.b.c.0/24; ports as decimal 1..65535; hosts lower-case
// without a trailing dot; host:port with the host normalised and v6 hosts
// bracketed; URLs with scheme and host lower-cased and default ports kept as
// written.
func Normalize(k Kind, value string) (string, bool) {
	v := strings.TrimSpace(value)
	switch k {
	case IP:
		a, err := netip.ParseAddr(strings.Trim(v, "[]"))
		if err != nil || a.Zone() != "" {
			return "", false
		}
		return a.Unmap().String(), true
	case CIDR:
		if strings.HasSuffix(v, ".x") && strings.Count(v, ".") == 3 {
			a, err := netip.ParseAddr(strings.TrimSuffix(v, ".x") + ".0")
			if err != nil || !a.Is4() {
				return "", false
			}
			return netip.PrefixFrom(a, 24).String(), true
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return "", false
		}
		return p.Masked().String(), true
	case Port:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 || (len(v) > 1 && v[0] == '0') {
			return "", false
		}
		return strconv.Itoa(n), true
	case Host:
		h := strings.ToLower(strings.TrimSuffix(v, "."))
		if !IsHostName(h) {
			return "", false
		}
		return h, true
	case HostPort:
		h, p, ok := SplitHostPort(v)
		if !ok {
			return "", false
		}
		return JoinHostPort(h, p), true
	case URL:
		i := strings.Index(v, "://")
		if i <= 0 {
			return "", false
		}
		scheme := strings.ToLower(v[:i])
		rest := v[i+3:]
		j := strings.IndexAny(rest, "/?#")
		hostpart, tail := rest, ""
		if j >= 0 {
			hostpart, tail = rest[:j], rest[j:]
		}
		if hostpart == "" {
			return "", false
		}
		if h, p, ok := SplitHostPort(hostpart); ok {
			hostpart = JoinHostPort(h, p)
		} else if h, ok := normHost(hostpart); ok {
			hostpart = h
		} else {
			return "", false
		}
		return scheme + "://" + hostpart + tail, true
	}
	return "", false
}

// normHost normalises an IP or host name (brackets allowed around v6).
func normHost(h string) (string, bool) {
	if a, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil && a.Zone() == "" {
		return a.Unmap().String(), true
	}
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if IsHostName(h) {
		return h, true
	}
	return "", false
}

// SplitHostPort splits "host:port", "[v6]:port" into a normalised host (IP or
// name, v6 without brackets) and port. It rejects an empty or invalid host or
// port; use a Port fact for ":8096".
func SplitHostPort(s string) (host, port string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 || i == len(s)-1 {
		return "", "", false
	}
	h, p := s[:i], s[i+1:]
	if strings.HasPrefix(h, "[") {
		if !strings.HasSuffix(h, "]") {
			return "", "", false
		}
		h = h[1 : len(h)-1]
		a, err := netip.ParseAddr(h)
		if err != nil || !a.Is6() {
			return "", "", false
		}
	} else if strings.Contains(h, ":") {
		return "", "", false // bare v6 with a port is ambiguous
	}
	h, ok = normHost(h)
	if !ok {
		return "", "", false
	}
	p, ok = Normalize(Port, p)
	if !ok {
		return "", "", false
	}
	return h, p, true
}

// JoinHostPort is the inverse of SplitHostPort, bracketing v6 hosts.
func JoinHostPort(host, port string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]:" + port
	}
	return host + ":" + port
}

// IsHostName reports whether s is a syntactically valid DNS name (labels of
// letters, digits, '-' and '_', not starting or ending with '-'), lower-case
// or not. A lone number is not a host name; wildcard labels ("*") are allowed
// first.
func IsHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	// Label by label without splitting: claims ask this of every word of
	// every page.
	allDigits := true
	for i := 0; ; i++ {
		label := s
		k := strings.IndexByte(s, '.')
		if k >= 0 {
			label, s = s[:k], s[k+1:]
		}
		if !(label == "*" && i == 0) {
			if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
				return false
			}
			for j := 0; j < len(label); j++ {
				switch c := label[j]; {
				case c >= '0' && c <= '9':
				case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-', c == '_':
					allDigits = false
				default:
					return false
				}
			}
		}
		if k < 0 {
			return !allDigits
		}
	}
}

// Words splits an identifier or phrase into lower-case subject words:
// "services.matrix-synapse.port" → services, matrix, synapse, port;
// "miniIp" → mini, ip; "Ivans-Mac-mini" → ivans, mac, mini. Hyphenated
// compounds are also kept whole ("matrix-synapse", "mini-vm") so that a
// host named mini-vm is not merely "mini".
//
// Validation calls this for every token of every page, so it makes one pass
// over the bytes and allocates only the words it returns.
func Words(s string) []string {
	var out []string
	SplitWords(s, func(w string) {
		w = lowerASCII(w)
		for _, o := range out { // short lists: a scan beats a map
			if o == w {
				return
			}
		}
		out = append(out, w)
	})
	return out
}

// SplitWords calls add with each word Words makes of s, in its order, as
// written: not lower-cased, and repeats included. It allocates nothing, so
// callers that keep words in blocks of their own split with it too.
func SplitWords(s string, add func(string)) {
	emit := func(w string) {
		if w != "" {
			add(w)
		}
	}
	for i := 0; i < len(s); {
		r, n := decodeRune(s[i:])
		if !IsWordRune(r) {
			i += n
			continue
		}
		j := i + n
		for j < len(s) {
			r, n := decodeRune(s[j:])
			if !IsWordRune(r) {
				break
			}
			j += n
		}
		tok := strings.Trim(s[i:j], "-_")
		i = j
		if strings.ContainsAny(tok, "-_") {
			emit(tok)
		}
		for len(tok) > 0 {
			k := strings.IndexAny(tok, "-_")
			part := tok
			if k >= 0 {
				part, tok = tok[:k], tok[k+1:]
			} else {
				tok = ""
			}
			splitCamel(part, emit)
		}
	}
}

// decodeRune is utf8.DecodeRuneInString with ASCII, most of what it sees,
// first.
func decodeRune(s string) (rune, int) {
	if c := s[0]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s)
}

// IsWordRune reports whether r is part of a word (Words splits at every
// other character): ASCII letters, digits, '-' and '_', and any letter or
// digit.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lowerASCII is strings.ToLower without the allocation when s is already
// lower case, which most words are.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}

// splitCamel calls emit with "mini", "Ip" for "miniIp" and "HTTP", "Port"
// for "HTTPPort", "internal", "IPs" for "internalIPs"; letters and digits
// are split apart ("node7" → node, 7).
func splitCamel(s string, emit func(string)) {
	start := 0
	var prev rune
	for i, r := range s {
		if i > 0 {
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			lowerToUpper := unicode.IsLower(prev) && unicode.IsUpper(r)
			acronymEnd := unicode.IsUpper(prev) && unicode.IsUpper(r) && i+utf8.RuneLen(r) < len(s) && unicode.IsLower(next) && !pluralS(s[i+utf8.RuneLen(r):])
			letterDigit := unicode.IsLetter(prev) != unicode.IsLetter(r) && (unicode.IsDigit(prev) || unicode.IsDigit(r))
			if lowerToUpper || acronymEnd || letterDigit {
				emit(s[start:i])
				start = i
			}
		}
		prev = r
	}
	emit(s[start:])
}

// pluralS reports whether rest, the text after an acronym's last capital,
// is only its plural s: "IPs", "URLsFor".
func pluralS(rest string) bool {
	return rest == "s" || len(rest) > 1 && rest[0] == 's' && (rest[1] >= 'A' && rest[1] <= 'Z' || rest[1] >= '0' && rest[1] <= '9')
}

// EditDistance is the Levenshtein distance between a and b, or limit if
// it is at least limit (the length difference alone rules most out): how
// far a misspelt anchor is from a heading, or a renamed host from its old
// name, for "did you mean".
func EditDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}
