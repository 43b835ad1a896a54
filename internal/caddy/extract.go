package caddy

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

// placeholders returns where the @name@ placeholders that Nix
// substituteAll and replaceVars fill in stand in s: for each, the start
// and end of "@name@". It finds what the regexp @([A-Za-z_][A-Za-z0-9_-]*)@
// would, without the regexp's cost on every token.
func placeholders(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != '@' || i+1 >= len(s) || !identStart(s[i+1]) {
			continue
		}
		j := i + 2
		for j < len(s) && (identStart(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] == '@' {
			out = append(out, [2]int{i, j + 1})
			i = j
		}
	}
	return out
}

func identStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// unknown stands in for an @name@ with no binding. Like {$ENV} variables
// and Caddy's own {placeholders}, which are left as written, it holds a
// brace, so no host or port is read from it.
const unknown = "{?}"

// maxCandidates bounds the expansion of a token with several
// placeholders that each have several values.
const maxCandidates = 64

type extractor struct {
	main  *source // the file parsed; tokens from others were imported
	root  string
	vars  map[string][]facts.Binding
	facts []facts.Fact
	diags []diag.Diagnostic
	seen  map[string]bool // diagnostics already reported
	words map[memoKey][]string
	bound map[string][]bound // the bindings of each name, by value
	// matchers maps the named matchers of the current site to the words
	// of the hosts they match.
	matchers map[string][]string
}

// memo returns f(s), computed once per kind and s: the same names and
// hosts recur on every line of a big file. The result is clipped so that
// appending to it never writes into the memo.
func (x *extractor) memo(kind, s string, f func(string) []string) []string {
	key := memoKey{kind, s}
	if ws, ok := x.words[key]; ok {
		return ws
	}
	if x.words == nil {
		x.words = map[memoKey][]string{}
	}
	ws := slices.Clip(f(s))
	x.words[key] = ws
	return ws
}

type memoKey struct{ kind, s string }

func upstreamWords(h string) []string { return hostWords(h, false) }
func siteWords(h string) []string     { return hostWords(h, true) }

// A scope is what encloses a directive: its path, subject words (outer
// layers first) and who it is about, for notes.
type scope struct {
	path   string
	layers [][]string
	who    string
}

func (sc scope) push(path string, words []string) scope {
	if path != "" {
		if sc.path != "" {
			sc.path += " > " + path
		} else {
			sc.path = path
		}
	}
	if len(words) > 0 {
		sc.layers = append(slices.Clip(sc.layers), words)
	}
	return sc
}

// subjects lists the words of a fact, the most specific first.
func (sc scope) subjects(extra []string) []string {
	n := len(extra)
	for _, l := range sc.layers {
		n += len(l)
	}
	out := make([]string, 0, n) // one allocation; never nil
	add := func(ws []string) {
		for _, w := range ws {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	add(extra)
	for i := len(sc.layers) - 1; i >= 0; i-- {
		add(sc.layers[i])
	}
	return slices.Clip(out)
}

// A candidate is one reading of a token after @name@ substitution. Its
// segments map byte offsets in text back to offsets in the token text.
type candidate struct {
	text  string
	shown string // text for messages: unknown parts as written
	binds []bound
	segs  []segment
}

// A bound is the value a placeholder is read as, from the first binding
// with that value; more are where other bindings give the same value (two
// machines inheriting the same flag), so the value is read once.
type bound struct {
	facts.Binding
	more []facts.Pos
}

// boundTo returns the values bound to name, each once.
func (x *extractor) boundTo(name string) []bound {
	if bs, ok := x.bound[name]; ok {
		return bs
	}
	if x.bound == nil {
		x.bound = map[string][]bound{}
	}
	bs := byValue(x.vars[name])
	x.bound[name] = bs
	return bs
}

func byValue(bs []facts.Binding) []bound {
	var out []bound
next:
	for _, b := range bs {
		for i := range out {
			if out[i].Value == b.Value {
				out[i].more = append(out[i].more, b.Pos)
				continue next
			}
		}
		out = append(out, bound{Binding: b})
	}
	return out
}

// A segment is a stretch of candidate text: copied from the token text at
// src (sub false), or substituted for the placeholder that stands at src.
type segment struct {
	at, src, n int
	sub        bool
}

// textAt maps offset i of the candidate text to an offset in the token
// text; inside a substituted value it is where the placeholder stands.
func (c candidate) textAt(i int) int {
	if c.segs == nil {
		return i // the token text itself
	}
	for _, s := range c.segs {
		if i >= s.at && i < s.at+s.n || i == s.at {
			if s.sub {
				return s.src
			}
			return s.src + i - s.at
		}
	}
	return len(c.text)
}

// expand substitutes @name@ placeholders with every value bound to the
// name; unbound ones become unknown.
func (x *extractor) expand(t token) []candidate {
	var locs [][2]int
	if strings.Count(t.text, "@") >= 2 {
		locs = placeholders(t.text)
	}
	if locs == nil {
		return []candidate{{text: t.text, shown: t.text}}
	}
	cands := []candidate{{}}
	last := 0
	addLit := func(c candidate, lit string, src int) candidate {
		if lit != "" {
			c.segs = append(slices.Clip(c.segs), segment{len(c.text), src, len(lit), false})
			c.text += lit
			c.shown += lit
		}
		return c
	}
	for _, l := range locs {
		lit, litAt := t.text[last:l[0]], last
		last = l[1]
		bs := x.boundTo(t.text[l[0]+1 : l[1]-1])
		var next []candidate
		for _, c := range cands {
			c = addLit(c, lit, litAt)
			if len(bs) == 0 {
				c.segs = append(slices.Clip(c.segs), segment{len(c.text), l[0], len(unknown), true})
				c.text += unknown
				c.shown += t.text[l[0]:l[1]]
				next = append(next, c)
				continue
			}
			for _, b := range bs {
				if len(next) >= maxCandidates {
					break
				}
				n := c
				n.segs = append(slices.Clip(c.segs), segment{len(c.text), l[0], len(b.Value), true})
				n.text += b.Value
				n.shown += b.Value
				n.binds = append(slices.Clip(c.binds), b)
				next = append(next, n)
			}
		}
		cands = next
	}
	for i := range cands {
		cands[i] = addLit(cands[i], t.text[last:], last)
	}
	return cands
}

// checkPlaceholders warns once about every @name@ with no binding.
func (x *extractor) checkPlaceholders(main []token, imported [][]token) {
	for _, toks := range append([][]token{main}, imported...) {
		x.checkTokens(toks)
	}
}

func (x *extractor) checkTokens(toks []token) {
	for _, t := range toks {
		if strings.Count(t.text, "@") < 2 {
			continue
		}
		for _, l := range placeholders(t.text) {
			ph := t.text[l[0]:l[1]]
			name := ph[1 : len(ph)-1]
			if len(x.vars[name]) > 0 {
				continue
			}
			i := max(strings.Index(t.raw, ph), 0)
			x.warn(t.posAt(i), "unknown-placeholder", "unknown placeholder %s: no binding named %s, its value is unknown", ph, name)
		}
	}
}

func (x *extractor) warn(p facts.Pos, rule, format string, args ...any) {
	d := diag.Diagnostic{Pos: p, Severity: diag.Warning, Message: fmt.Sprintf(format, args...), Rule: rule}
	key := d.String()
	if x.seen[key] {
		return
	}
	if x.seen == nil {
		x.seen = map[string]bool{}
	}
	x.seen[key] = true
	x.diags = append(x.diags, d)
}

// addrMode says what an address-like token may hold.
type addrMode uint8

const (
	siteAddr    addrMode = iota // [scheme://][host][:port][/path]
	upstream                    // [scheme://]host[:port], network prefixes
	bindAddr                    // [network/]ip
	urlOnly                     // scheme://host[:port][/path], as in redir targets
	matcherHost                 // host
	remoteAddr                  // ip or cidr
)

// addr emits the facts one address-like token holds, for every reading
// of its placeholders. note turns the address as read into a phrase.
func (x *extractor) addr(t token, sc scope, mode addrMode, note func(string) string) {
	for _, c := range x.expand(t) {
		x.addrCandidate(t, c, sc, mode, note)
	}
}

func (x *extractor) addrCandidate(t token, c candidate, sc scope, mode addrMode, note func(string) string) {
	s, base := c.text, 0
	if mode == upstream || mode == bindAddr {
		if strings.HasPrefix(s, "unix") || strings.HasPrefix(s, "srv+") || strings.HasPrefix(s, "fd/") || strings.HasPrefix(s, "fdgram/") {
			return
		}
		for _, n := range []string{"tcp/", "tcp4/", "tcp6/", "udp/", "udp4/", "udp6/", "ip/", "ip4/", "ip6/"} {
			if rest, ok := strings.CutPrefix(s, n); ok {
				s, base = rest, len(n)
				break
			}
		}
	}
	// at maps an offset in s to one in the raw source of the token.
	open := 0
	if t.quote && t.raw != "" && (t.raw[0] == '"' || t.raw[0] == '`') {
		open = 1
	}
	at := func(i int) int { return open + c.textAt(base+i) }
	var extra []string
	for _, b := range c.binds {
		extra = append(extra, x.memo("n", b.Name, nameWords)...)
	}
	if t.src != x.main && t.src != nil && t.src.doc == nil {
		// From an imported file: its path speaks too (sites/jellyfin.caddy).
		extra = append(extra, x.memo("f", t.src.name, func(n string) []string { return fileWords(n, x.root) })...)
	}
	// The note and subjects are the same for every fact of a candidate;
	// they are made once, when the first fact is.
	var n string
	var subjects []string
	made := false
	emit := func(k facts.Kind, v string, i int) {
		val, ok := facts.Normalize(k, v)
		if !ok {
			return
		}
		if !made {
			made = true
			if note != nil {
				n = note(c.shown)
			}
			for _, b := range c.binds {
				n += " (@" + b.Name + "@ = " + b.Value
				sep := " at "
				for _, p := range append([]facts.Pos{b.Pos}, b.more...) {
					if p.File != "" || p.IsValid() {
						n += sep + p.String()
						sep = ", "
					}
				}
				// Where the value was written, when the binding only
				// passes it on (inherit (config.flags) externalDomain):
				// the place to change it.
				if o := b.Origin; o.IsValid() && o != b.Pos {
					n += ", from " + o.String()
				}
				n += ")"
			}
			n = strings.TrimSpace(n)
			subjects = sc.subjects(extra)
		} else {
			subjects = slices.Clone(subjects)
		}
		x.facts = append(x.facts, facts.Fact{
			Kind:     k,
			Value:    val,
			Pos:      t.posAt(at(i)),
			Path:     sc.path,
			Subjects: subjects,
			Source:   "caddy",
			Note:     n,
		})
	}

	if mode == remoteAddr {
		if known(s) {
			if strings.Contains(s, "/") {
				emit(facts.CIDR, s, 0)
			} else {
				emit(facts.IP, s, 0)
			}
		}
		return
	}

	scheme, rest, restAt := "", s, 0
	if i := strings.Index(s, "://"); i > 0 {
		scheme, rest, restAt = s[:i], s[i+3:], i+3
	} else if mode == urlOnly {
		return
	}
	hostport, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 && mode != bindAddr {
		hostport, path = rest[:i], rest[i:]
	}
	// A redirect target such as https://example.com{uri} ends in a
	// request placeholder, not in the host.
	for _, ph := range []string{"{uri}", "{path}", "{query}", "{http.request.uri}", "{http.request.uri.path}"} {
		if h, ok := strings.CutSuffix(hostport, ph); ok && h != "" {
			hostport, path = h, ph+path
		}
	}
	host, port := splitHostPort(hostport)
	if mode == matcherHost {
		host, port = hostport, ""
	}
	hostOK := host != "" && known(host)
	portOK := port != "" && known(port)
	hostAt, portAt := restAt, restAt+len(host)+1
	bare := strings.Trim(host, "[]")
	ipAt := hostAt
	if bare != host {
		ipAt++
	}
	isIP := isIPAddr(bare)
	if hostOK && !isIP && (mode == upstream || mode == urlOnly) {
		extra = append(extra, x.memo("u", bare, upstreamWords)...)
	}
	if hostOK && !isIP && mode == matcherHost {
		extra = append(extra, x.memo("s", bare, siteWords)...)
	}

	if scheme != "" && hostOK && (port == "" || portOK) {
		u := scheme + "://" + hostport
		if known(path) {
			u += path
		}
		emit(facts.URL, u, 0)
	}
	if hostOK && portOK {
		emit(facts.HostPort, facts.JoinHostPort(bare, port), hostAt)
	}
	if hostOK {
		if isIP {
			emit(facts.IP, bare, ipAt)
		} else {
			emit(facts.Host, bare, hostAt)
		}
	}
	if portOK {
		emit(facts.Port, port, portAt)
	}
}

// known reports whether s holds no unknown part: no placeholder of any kind.
func known(s string) bool { return !strings.ContainsAny(s, "{}$@") }

// splitHostPort splits host[:port] and [v6][:port]; a bare v6 address is
// all host.
func splitHostPort(s string) (host, port string) {
	if strings.HasPrefix(s, "[") {
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return "", ""
		}
		host, rest := s[:j+1], s[j+1:]
		if p, ok := strings.CutPrefix(rest, ":"); ok {
			port = p
		}
		return host, port
	}
	switch strings.Count(s, ":") {
	case 0:
		return s, ""
	case 1:
		i := strings.IndexByte(s, ':')
		return s[:i], s[i+1:]
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return s, ""
	}
	// host:port where the port part is a placeholder with a colon, such
	// as {$PORT:8080}: the host is what comes before the first colon.
	i := strings.IndexByte(s, ':')
	return s[:i], s[i+1:]
}

// blocks turns the server blocks of a Caddyfile into facts.
func (x *extractor) blocks(bs []*block, base scope) {
	for _, b := range bs {
		if b.global {
			sc := base.push("global options", commentWords(b.first))
			x.globalOptions(b.body, sc)
			continue
		}
		x.site(b, base)
	}
}

func (x *extractor) site(b *block, base scope) {
	var words []string
	var names []string
	for _, k := range b.keys {
		names = append(names, k.text)
		for _, c := range x.expand(k) {
			h, _ := splitHostPort(siteHostPort(c.text))
			if known(h) {
				words = append(words, x.memo("s", strings.Trim(h, "[]"), siteWords)...)
			}
		}
	}
	words = append(words, commentWords(b.first)...)
	sc := base.push(strings.Join(names, ", "), words)
	sc.who = x.who(b.keys)
	x.matchers = map[string][]string{}
	x.matcherHosts(b.body, x.matchers)
	for _, k := range b.keys {
		x.addr(k, sc, siteAddr, func(a string) string { return "Caddy site " + a })
	}
	x.body(b.body, sc)
}

// siteHostPort strips the scheme and path of a site address.
func siteHostPort(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return s
}

// who names a site for notes: its first host label, else its address.
func (x *extractor) who(keys []token) string {
	for _, k := range keys {
		for _, c := range x.expand(k) {
			h, _ := splitHostPort(siteHostPort(c.text))
			if ws := hostWords(strings.Trim(h, "[]"), true); len(ws) > 0 && known(h) {
				return ws[0]
			}
		}
	}
	if len(keys) > 0 {
		return x.expand(keys[0])[0].shown
	}
	return "the site"
}

var upstreamDirectives = map[string]string{
	"reverse_proxy": "proxies %s to %s",
	"php_fastcgi":   "sends %s to PHP FastCGI at %s",
	"forward_auth":  "authenticates %s through %s",
}

func (x *extractor) body(ds []*directive, sc scope) {
	for _, d := range ds {
		name := d.name.text
		words := commentWords(d.name)
		args := d.args
		// A matcher token as first argument scopes the directive.
		var matcher string
		if len(args) > 0 && !args[0].quote && isMatcherToken(args[0].text) && name != "redir" || len(args) > 1 && name == "redir" && isMatcherToken(args[0].text) {
			matcher = args[0].text
			words = slices.Concat(matcherWords(matcher), x.matchers[matcher], words)
			args = args[1:]
		}
		path := name
		if matcher != "" {
			path += " " + matcher
		}
		dsc := sc.push(path, words)
		if strings.HasPrefix(matcher, "@") {
			dsc.who = matcher[1:]
		}
		switch {
		case isMatcherName(name) && !d.name.quote:
			x.matcherDef(d, sc.push(name, append(matcherWords(name), commentWords(d.name)...)))
		case name == "bind":
			for _, a := range d.args {
				x.addr(a, dsc, bindAddr, func(v string) string { return fmt.Sprintf("binds %s to %s", dsc.who, v) })
			}
		case upstreamDirectives[name] != "":
			format := upstreamDirectives[name]
			note := func(v string) string { return fmt.Sprintf(format, dsc.who, v) }
			for _, a := range args {
				x.addr(a, dsc, upstream, note)
			}
			for _, sub := range d.body {
				if sub.name.text == "to" {
					ssc := dsc.push("to", commentWords(sub.name))
					for _, a := range sub.args {
						x.addr(a, ssc, upstream, note)
					}
				}
			}
		case name == "redir":
			for _, a := range args {
				x.addr(a, dsc, urlOnly, func(v string) string { return fmt.Sprintf("redirects %s to %s", dsc.who, v) })
			}
		default:
			if d.body != nil {
				x.body(d.body, dsc)
			}
		}
	}
}

// isMatcherToken reports whether a directive's first argument is a
// matcher: a named matcher, a path, or the wildcard.
func isMatcherToken(s string) bool {
	return isMatcherName(s) || strings.HasPrefix(s, "/") || s == "*"
}

// isMatcherName reports whether s is a named matcher (@name), not a
// template placeholder (@name@) standing for some value.
func isMatcherName(s string) bool {
	return strings.HasPrefix(s, "@") && !strings.Contains(s[1:], "@")
}

func matcherWords(m string) []string {
	if strings.HasPrefix(m, "@") {
		return filterWords(facts.Words(m[1:]))
	}
	return filterWords(facts.Words(m))
}

// matcherLines are the conditions of a matcher definition: the rest of
// its line (@name host a b) or the lines of its block.
func matcherLines(d *directive) []*directive {
	if d.body != nil {
		return d.body
	}
	if len(d.args) > 0 {
		return []*directive{{name: d.args[0], args: d.args[1:]}}
	}
	return nil
}

// matcherHosts maps each named matcher defined anywhere in a site to the
// words of the hosts it matches: "handle @media" under "@media host
// tv.example.com" is about tv.
func (x *extractor) matcherHosts(ds []*directive, out map[string][]string) {
	for _, d := range ds {
		if !isMatcherName(d.name.text) || d.name.quote {
			x.matcherHosts(d.body, out)
			continue
		}
		for _, l := range matcherLines(d) {
			if l.name.text != "host" {
				continue
			}
			for _, a := range l.args {
				for _, c := range x.expand(a) {
					if known(c.text) {
						out[d.name.text] = append(out[d.name.text], x.memo("s", c.text, siteWords)...)
					}
				}
			}
		}
	}
}

// matcherDef reads @name host …, @name remote_ip … and their block form.
func (x *extractor) matcherDef(d *directive, sc scope) {
	name := d.name.text
	sc.who = name[1:]
	for _, l := range matcherLines(d) {
		lsc := sc.push("", commentWords(l.name))
		switch l.name.text {
		case "host":
			for _, a := range l.args {
				x.addr(a, lsc, matcherHost, func(v string) string { return fmt.Sprintf("matcher %s matches host %s", name, v) })
			}
		case "remote_ip", "client_ip":
			for _, a := range l.args {
				if a.text == "forwarded" || a.text == "private_ranges" {
					continue
				}
				x.addr(a, lsc, remoteAddr, func(v string) string { return fmt.Sprintf("matcher %s matches clients from %s", name, v) })
			}
		}
	}
}

// globalOptions reads the options that name addresses and ports.
func (x *extractor) globalOptions(ds []*directive, sc scope) {
	for _, d := range ds {
		name := d.name.text
		dsc := sc.push(name, commentWords(d.name))
		note := func(v string) string { return fmt.Sprintf("global option %s %s", name, v) }
		switch name {
		case "http_port", "https_port":
			for _, a := range d.args {
				x.addr(token{text: ":" + a.text, raw: ":" + a.raw, off: a.off - 1, src: a.src, quote: a.quote}, dsc, siteAddr, func(string) string { return note(a.text) })
			}
		case "default_bind":
			for _, a := range d.args {
				x.addr(a, dsc, bindAddr, note)
			}
		case "admin":
			for _, a := range d.args {
				if a.text != "off" {
					x.addr(a, dsc, upstream, note)
				}
			}
		}
	}
}

// Words that say nothing about which service a fact belongs to.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "for": true, "to": true, "of": true,
	"in": true, "on": true, "at": true, "by": true, "with": true, "from": true, "is": true, "are": true,
	"be": true, "this": true, "that": true, "it": true, "its": true, "via": true, "as": true, "not": true,
	"no": true, "do": true, "use": true, "see": true, "only": true, "all": true, "todo": true, "fixme": true,
	"note": true, "www": true, "ip": true, "ips": true, "port": true, "ports": true, "host": true,
	"hosts": true, "addr": true, "address": true, "domain": true, "url": true, "name": true,
	"caddy": true, "caddyfile": true, "template": true, "templates": true, "testdata": true, "conf": true,
	"config": true, "configs": true, "etc": true, "include": true, "includes": true, "common": true, "shared": true, "snippet": true, "snippets": true, "nix": true, "default": true, "machines": true, "modules": true, "txt": true, "tmpl": true, "d": true,
}

func filterWords(ws []string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if len(w) < 2 || stopWords[w] || strings.Trim(w, "0123456789") == "" {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return ws[:0:0]
	}
	return slices.Clip(out)
}

// nameWords are the subject words of a binding name: miniIp → mini.
func nameWords(n string) []string { return filterWords(facts.Words(n)) }

var commonTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "io": true, "dev": true, "app": true, "de": true,
	"uk": true, "eu": true, "info": true, "me": true, "co": true, "xyz": true, "nl": true, "fr": true,
}

// hostWords are the subject words of a host name: its first label
// (jellyfin.example.com → jellyfin), unless that is a wildcard or, for a
// site address, the registered domain itself (example.com).
func hostWords(h string, site bool) []string {
	if h == "" || isIPAddr(h) {
		return nil
	}
	labels := strings.Split(strings.ToLower(h), ".")
	if labels[0] == "*" || labels[0] == "localhost" {
		return nil
	}
	if site && len(labels) == 2 && commonTLDs[labels[1]] {
		return nil
	}
	return filterWords(facts.Words(labels[0]))
}

// isIPAddr reports whether netip.ParseAddr accepts s. Most hosts are
// names, and its errors allocate: without a colon (IPv6) an address is
// only digits and dots, so anything else is refused first.
func isIPAddr(s string) bool {
	if strings.IndexByte(s, ':') < 0 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c != '.' && (c < '0' || c > '9') {
				return false
			}
		}
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

// commentWords are the words of the comments directly above the line of
// t and after it on the same line.
func commentWords(t token) []string {
	if t.src == nil {
		return nil
	}
	c := t.src.commentAbove(t.line())
	if after := t.src.commentAfterLine(t); after != "" {
		c += " " + after
	}
	if c == "" {
		return nil
	}
	return filterWords(facts.Words(c))
}

// fileWords are the subject words of a file path relative to the root:
// templates/Caddyfile.mini → mini. Of an absolute path outside the root
// only the last three elements count.
func fileWords(name, root string) []string {
	p := filepath.ToSlash(name)
	if filepath.IsAbs(name) {
		rel, err := "", error(nil)
		if root != "" {
			if r, aerr := filepath.Abs(root); aerr == nil {
				rel, err = filepath.Rel(r, name)
			}
		}
		if root != "" && err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			p = filepath.ToSlash(rel)
		} else if parts := strings.Split(p, "/"); len(parts) > 3 {
			p = strings.Join(parts[len(parts)-3:], "/")
		}
	}
	return filterWords(facts.Words(p))
}
