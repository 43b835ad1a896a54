package nix

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// Which values of the tree are facts, and of what kind. The rules are
// deliberately narrow: a number is a port only under a port-like name, a
// word is a host only under a host-like name or when it is fully
// qualified, so that `version = 3` or `"config.yaml"` never become facts.

// found is one classified value: kind and canonical value, and for a
// word of a longer text its byte offset in that text.
type found struct {
	kind  facts.Kind
	value string
	off   int
}

// isPortName reports whether an attribute name holds port numbers:
// port, ports, httpPort, sshPorts, http_port, listen, listenPort,
// allowedTCPPorts, allowedUDPPorts.
func isPortName(name string) bool {
	switch {
	case strings.EqualFold(name, "port") || strings.EqualFold(name, "ports") || hasPrefixFold(name, "listen"):
		return true
	case strings.HasSuffix(name, "Port") || strings.HasSuffix(name, "Ports"):
		return true
	case hasSuffixFold(name, "_port") || hasSuffixFold(name, "_ports") ||
		hasSuffixFold(name, "-port") || hasSuffixFold(name, "-ports"):
		return true
	}
	return false
}

// hasPrefixFold and hasSuffixFold are strings.HasPrefix and HasSuffix
// ignoring case, for a lower-case ASCII affix, without lower-casing s
// (names are classified for every value of the tree).
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// isPortRange reports whether name holds {from, to} port ranges
// (networking.firewall.allowedTCPPortRanges).
func isPortRange(name string) bool {
	return hasSuffixFold(name, "portranges")
}

// isHostName reports whether an attribute name holds host names:
// hostName, domain, fqdn, serverName, server_name, serverAliases,
// extraHosts, useACMEHost, virtualHosts, networking.hosts …
func isHostName(name string) bool {
	for _, suf := range hostNameSuffixes {
		if hasSuffixFold(name, suf) {
			return true
		}
	}
	return false
}

var hostNameSuffixes = []string{"host", "hosts", "hostname", "hostnames", "domain", "domains", "fqdn", "servername", "server_name", "serveraliases", "aliases"}

// leafName is the attribute name a value stands under: the last path
// segment that is not a list element, and its parent.
func leafName(path []string) (name, parent string) {
	i := len(path) - 1
	// List elements, and IPs as names (networking.hosts."10.0.0.1"),
	// stand under the name above them.
	for i >= 0 && (path[i] == "*" || isIPHost(path[i])) {
		i--
	}
	if i < 0 {
		return "", ""
	}
	name = path[i]
	for j := i - 1; j >= 0; j-- {
		if path[j] != "*" && !isIPHost(path[j]) {
			return name, path[j]
		}
	}
	return name, ""
}

// portContext reports whether a value at path is a port number.
func portContext(path []string) bool {
	name, parent := leafName(path)
	if isPortName(name) {
		return true
	}
	return (name == "from" || name == "to") && isPortRange(parent)
}

// classifyInt: an integer is a port under a port-like name, nothing else.
func classifyInt(n int64, path []string) []found {
	if fd, ok := intFact(n, path); ok {
		return []found{fd}
	}
	return nil
}

// intFact is the one fact classifyInt finds, if any, without the slice.
func intFact(n int64, path []string) (found, bool) {
	if !portContext(path) || n < 1 || n > 65535 {
		return found{}, false
	}
	return found{facts.Port, strconv.FormatInt(n, 10), 0}, true
}

// classifyString returns the facts a string value stands for at path.
// A URL or host:port also yields its host (or IP) and port, since a
// runbook may state either.
func classifyString(s string, path []string) []found {
	name, _ := leafName(path)
	lead := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 1<<16 {
		return nil
	}
	if strings.EqualFold(name, "extraHosts") {
		return withOffset(classifyHostsText(s), lead)
	}
	if strings.ContainsAny(s, " \t\n") {
		// Text: a command line, an environment file, a list like
		// "a.lan b.lan". Its words are classified one by one: IPs, URLs
		// and host:port anywhere, bare hosts and ports only under
		// names that say so. Prose for humans is left alone.
		if proseNames[strings.ToLower(name)] {
			return nil
		}
		var out []found
		for _, w := range textWords(s) {
			out = append(out, withOffset(classifyWord(w.s, path), lead+w.off)...)
		}
		return out
	}
	return withOffset(classifyWord(s, path), lead)
}

func classifyWord(s string, path []string) []found {
	name, _ := leafName(path)
	if portContext(path) {
		if out := classifyPortWord(s); out != nil {
			return out
		}
	}
	if isIPHost(s) {
		v, _ := normIP(s)
		return []found{{facts.IP, v, 0}}
	}
	if strings.Contains(s, "/") && !strings.Contains(s, "://") {
		if v, ok := facts.Normalize(facts.CIDR, s); ok {
			out := []found{{facts.CIDR, v, 0}}
			// An interface address in prefix notation ("10.99.0.1/24",
			// wireguard ips) also states the address itself.
			if p, err := netip.ParsePrefix(s); err == nil && p.Addr() != p.Masked().Addr() {
				out = append(out, found{facts.IP, p.Addr().String(), 0})
			}
			return out
		}
		return nil
	}
	if strings.HasSuffix(s, ".x") {
		if v, ok := facts.Normalize(facts.CIDR, s); ok {
			return []found{{facts.CIDR, v, 0}}
		}
	}
	if strings.Contains(s, "://") {
		v, ok := facts.Normalize(facts.URL, s)
		if !ok {
			return nil
		}
		out := []found{{facts.URL, v, 0}}
		rest := v[strings.Index(v, "://")+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[:j]
		}
		return append(out, hostPortParts(rest, true)...)
	}
	if h, p, ok := facts.SplitHostPort(s); ok {
		if !isIPHost(h) && !isHostName(name) && !qualified(h) && !isLocalName(h) {
			return nil // "foo:80" under an arbitrary name could be anything
		}
		return append([]found{{facts.HostPort, facts.JoinHostPort(h, p), 0}}, hostPortParts(facts.JoinHostPort(h, p), false)...)
	}
	if strings.HasPrefix(s, ":") && portContext(path) || strings.HasPrefix(s, ":") && isHostName(name) {
		if v, ok := facts.Normalize(facts.Port, s[1:]); ok {
			return []found{{facts.Port, v, 0}}
		}
	}
	// The name first: facts.IsHostName allocates, and most strings are
	// neither under a host name nor qualified.
	if (isHostName(name) || qualified(s)) && facts.IsHostName(s) {
		if v, ok := facts.Normalize(facts.Host, s); ok {
			return []found{{facts.Host, v, 0}}
		}
	}
	return nil
}

// proseNames hold text written for people, where an address is an
// example rather than a setting.
var proseNames = map[string]bool{
	"description": true, "longdescription": true, "example": true,
	"defaulttext": true, "motd": true, "warnings": true, "message": true,
}

func withOffset(fs []found, off int) []found {
	for i := range fs {
		fs[i].off += off
	}
	return fs
}

// textWord is a word of a text and where it starts.
type textWord struct {
	s   string
	off int
}

// textWords splits text into words that may be values: at spaces,
// punctuation around words, and `key=value` (keeping a URL's query whole).
func textWords(s string) []textWord {
	var out []textWord
	isSep := func(c byte) bool {
		switch c {
		case ' ', '\t', '\n', '\r', ',', ';', '"', '\'', '(', ')', '{', '}', '<', '>', '|', '`':
			return true
		}
		return false
	}
	for i := 0; i < len(s); {
		if isSep(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && !isSep(s[j]) {
			j++
		}
		w, off := s[i:j], i
		if k := strings.LastIndexByte(w, '='); k >= 0 && !strings.Contains(w[:k], "://") {
			w, off = w[k+1:], off+k+1
		}
		if w = strings.TrimRight(w, ".:"); w != "" {
			out = append(out, textWord{w, off})
		}
		i = j
	}
	return out
}

// classifyPortWord reads "8096", "8096/tcp", and Docker-style mappings
// "8080:80", "127.0.0.1:8080:80" under a port-like name.
func classifyPortWord(s string) []found {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "/tcp"), "/udp")
	if isDigits(s) { // (Normalize's errors for words allocate)
		if v, ok := facts.Normalize(facts.Port, s); ok {
			return []found{{facts.Port, v, 0}}
		}
	}
	if n := strings.Count(s, ":"); n < 1 || n > 2 {
		return nil
	}
	parts := strings.Split(s, ":")
	var out []found
	for i, p := range parts {
		if i == 0 && len(parts) == 3 {
			continue
		}
		v, ok := facts.Normalize(facts.Port, p)
		if !ok {
			return nil
		}
		out = append(out, found{facts.Port, v, 0})
	}
	if len(parts) == 3 {
		if hp, ok := facts.Normalize(facts.HostPort, parts[0]+":"+parts[1]); ok {
			out = append(out, found{facts.HostPort, hp, 0})
			if ip, ok := facts.Normalize(facts.IP, parts[0]); ok {
				out = append(out, found{facts.IP, ip, 0})
			}
		}
	}
	return out
}

// hostPortParts splits a normalised host or host:port into its IP or host
// and its port.
func hostPortParts(hp string, withHostPort bool) []found {
	out := make([]found, 0, 3)
	h, p, ok := facts.SplitHostPort(hp)
	if !ok {
		h = strings.Trim(hp, "[]")
	} else if withHostPort {
		out = append(out, found{facts.HostPort, facts.JoinHostPort(h, p), 0})
	}
	if isIPHost(h) {
		if v, ok := normIP(h); ok {
			out = append(out, found{facts.IP, v, 0})
		}
	} else if v, ok := facts.Normalize(facts.Host, h); ok {
		out = append(out, found{facts.Host, v, 0})
	}
	if ok {
		out = append(out, found{facts.Port, p, 0})
	}
	return out
}

func isIPHost(h string) bool {
	// Most names are not IPs; netip's errors allocate, so look first.
	if h == "" || !(h[0] >= '0' && h[0] <= '9' || h[0] == '[' || strings.IndexByte(h, ':') >= 0) {
		return false
	}
	if canonicalIPv4(h) {
		return true
	}
	_, ok := facts.Normalize(facts.IP, h)
	return ok
}

// normIP is facts.Normalize(facts.IP, s) without the allocation when s
// is already canonical, as most IPv4 addresses in a config are.
func normIP(s string) (string, bool) {
	if canonicalIPv4(s) {
		return s, true
	}
	return facts.Normalize(facts.IP, s)
}

// canonicalIPv4 reports whether s is an IPv4 address as netip prints it:
// four decimal octets up to 255, without leading zeros.
func canonicalIPv4(s string) bool {
	octets := 0
	for i := 0; i < len(s); {
		j, v := i, 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' && j-i < 3 {
			v = v*10 + int(s[j]-'0')
			j++
		}
		if j == i || v > 255 || (s[i] == '0' && j-i > 1) {
			return false
		}
		octets++
		if j == len(s) {
			break
		}
		if s[j] != '.' || octets == 4 {
			return false
		}
		i = j + 1
		if i == len(s) {
			return false
		}
	}
	return octets == 4
}

// classifyHostsText reads /etc/hosts lines ("192.168.50.4 mini mini.lan").
func classifyHostsText(s string) []found {
	var out []found
	start := 0
	for _, line := range strings.SplitAfter(s, "\n") {
		lineStart := start
		start += len(line)
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := textWords(line)
		if len(f) < 2 {
			continue
		}
		ip, ok := facts.Normalize(facts.IP, f[0].s)
		if !ok {
			continue
		}
		out = append(out, found{facts.IP, ip, lineStart + f[0].off})
		for _, h := range f[1:] {
			if v, ok := facts.Normalize(facts.Host, h.s); ok {
				out = append(out, found{facts.Host, v, lineStart + h.off})
			}
		}
	}
	return out
}

// classifyKey returns the facts an attribute name stands for: virtual host
// names (services.caddy.virtualHosts."x"), IPs as keys
// (networking.hosts."192.168.50.4"). parentPath is the path of the set.
func classifyKey(key string, parentPath []string) []found {
	if len(parentPath) == 0 {
		return nil
	}
	parent := parentPath[len(parentPath)-1]
	if isIPHost(key) {
		v, _ := facts.Normalize(facts.IP, key)
		return []found{{facts.IP, v, 0}}
	}
	if !isHostName(parent) {
		return nil
	}
	// A Caddy site address may list several: "a.lan, b.lan:8080".
	var out []found
	for _, w := range strings.FieldsFunc(key, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.HasPrefix(w, ":") {
			if v, ok := facts.Normalize(facts.Port, w[1:]); ok {
				out = append(out, found{facts.Port, v, 0})
			}
			continue
		}
		out = append(out, classifyWord(w, []string{parent})...)
	}
	return out
}

// knownTLDs are the last labels that make a dotted word a host name even
// under an arbitrary attribute name. File extensions that are also TLDs
// (sh, py, md, rs, pl) are left out on purpose.
var knownTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "io": true, "dev": true, "app": true,
	"me": true, "info": true, "biz": true, "co": true, "uk": true, "de": true,
	"fr": true, "nl": true, "eu": true, "ca": true, "us": true, "au": true,
	"ch": true, "at": true, "se": true, "no": true, "fi": true, "dk": true,
	"es": true, "it": true, "cz": true, "ru": true, "jp": true, "cn": true,
	"xyz": true, "cloud": true, "tech": true, "site": true, "online": true,
	"home": true, "lan": true, "local": true, "internal": true, "arpa": true,
	"test": true, "example": true, "localhost": true, "localdomain": true,
	"intranet": true, "corp": true, "private": true, "network": true,
}

// qualified reports whether h looks like a fully qualified host name:
// dotted, with a known TLD or a private-use suffix (.local, .lan,
// .internal, .home.arpa).
func qualified(h string) bool {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	i := strings.LastIndexByte(h, '.')
	if i <= 0 || !facts.IsHostName(h) {
		return false
	}
	return knownTLDs[h[i+1:]]
}

// isLocalName reports whether h is "localhost".
func isLocalName(h string) bool { return h == "localhost" }

// isNoise reports path and file words that say nothing about what a
// fact is about. A switch, not a map: it runs for every word of every fact.
func isNoise(w string) bool {
	switch w {
	case "*", "services", "config", "options", "settings",
		"default", "nix", "machines", "modules", "hosts",
		"cfg", "lib", "pkgs", "self", "inputs",
		"enable", "value":
		return true
	}
	return false
}

// stopWords are English words dropped from comments.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "on": true,
	"in": true, "to": true, "for": true, "is": true, "it": true, "at": true, "by": true,
	"as": true, "be": true, "are": true, "this": true, "that": true, "with": true,
	"from": true, "here": true, "so": true, "we": true, "its": true, "not": true,
	"only": true, "all": true, "if": true, "but": true, "no": true, "do": true,
	"does": true, "every": true, "each": true, "one": true, "there": true, "into": true,
	"must": true, "can": true, "see": true, "get": true, "them": true, "they": true,
	"when": true, "which": true, "what": true, "where": true, "else": true, "then": true,
	"through": true, "via": true, "also": true, "just": true, "own": true, "itself": true,
}

// subjects collects subject words in order, without duplicates. Lists
// are short, so a linear search beats a map.
type subjects struct {
	list  []string
	words *wordCache
}

// wordCache remembers facts.Words of names, which repeat across a tree.
type wordCache map[string][]string

func (c *wordCache) of(s string) []string {
	if *c == nil {
		*c = wordCache{}
	}
	w, ok := (*c)[s]
	if !ok {
		w = facts.Words(s)
		(*c)[s] = w
	}
	return w
}

func (s *subjects) wordsOf(t string) []string {
	if s.words == nil {
		return facts.Words(t)
	}
	return s.words.of(t)
}

func (s *subjects) add(ws ...string) {
next:
	for _, w := range ws {
		if len(w) < 2 || isNoise(w) {
			continue
		}
		for _, x := range s.list {
			if x == w {
				continue next
			}
		}
		if s.list == nil {
			s.list = make([]string, 0, 12) // most facts have 4 to 10
		}
		s.list = append(s.list, w)
	}
}

// addPath adds the words of attribute path segments, without numbers
// (an IP as a name is a fact, not a subject).
func (s *subjects) addPath(segs ...string) {
	for _, seg := range segs {
		if seg == "*" {
			continue
		}
		if strings.IndexByte(seg, '.') < 0 {
			s.addWordsOf(seg)
			continue
		}
		// A dotted via name ("services.jellyfin.port"): Words splits at
		// the dots anyway, and its pieces are far more often in the
		// cache than the whole.
		for part := range strings.SplitSeq(seg, ".") {
			s.addWordsOf(part)
		}
	}
}

func (s *subjects) addWordsOf(seg string) {
	for _, w := range s.wordsOf(seg) {
		if !isDigits(w) {
			s.add(w)
		}
	}
}

// wordsMemo remembers the subject words of the last list of path
// segments asked: the facts of one value (a URL, its host, its port)
// come one after another with the same path and via names.
type wordsMemo struct {
	segs  []string
	words []string
	ok    bool
}

// of returns the words addPath would add for segs to an empty list,
// valid until the next call (callers copy them out).
func (m *wordsMemo) of(segs []string, cache *wordCache) []string {
	if m.ok && slices.Equal(m.segs, segs) {
		return m.words
	}
	s := subjects{list: m.words[:0], words: cache}
	s.addPath(segs...)
	m.segs = append(m.segs[:0], segs...) // segs may be a stack that changes
	m.words, m.ok = s.list, true
	return m.words
}

// commentWords are the words of a comment, without English filler.
func commentWords(text string) []string {
	var out []string
	for _, w := range facts.Words(text) {
		if len(w) > 1 && !stopWords[w] && !isDigits(w) {
			out = append(out, w)
		}
	}
	return out
}

// fileWords are the words of a file path: "machines/mini-vm/jellyfin.nix"
// → mini-vm, mini, vm, jellyfin (noise words are dropped when added).
func fileWords(name string, words *wordCache) []string {
	name = strings.TrimSuffix(name, ".nix")
	// Two passes over the segments (their words are cached): one to
	// count, one to fill a list of that size.
	n := 0
	for rest := name; ; {
		seg, after, more := strings.Cut(rest, "/")
		if seg != "" && seg != "." && seg != ".." && seg != "default" {
			n += len(words.of(seg)) // directories repeat
		}
		if !more {
			break
		}
		rest = after
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for rest := name; ; {
		seg, after, more := strings.Cut(rest, "/")
		if seg != "" && seg != "." && seg != ".." && seg != "default" {
			out = append(out, words.of(seg)...)
		}
		if !more {
			break
		}
		rest = after
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
