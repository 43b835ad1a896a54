package validate

import (
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// This file decides when a word of an IP claim's sentence is not the
// address's owner although it is the nearest machine: the address is where
// the machine sends things, what it uses or what it hands out.

// leaseWords reports whether a sentence is about addresses a machine
// hands out or sees ("the router's DHCP leases", "arp -a on bee"): the
// addresses are its clients', not its own.
func leaseWords(words []string) bool {
	for _, w := range words {
		switch w {
		case "lease", "leases", "leased", "clients", "neighbours", "neighbors", "arp", "pool":
			return true
		}
	}
	return false
}

// sentTo reports whether c follows a word of direction or giving that w,
// earlier in the sentence, is not the object of, or is followed by "from
// w": in "the router forwards 443 to 192.168.50.3", "bee uses
// 192.168.50.1 as its nameserver", "the router hands 192.168.50.117 to
// the laptop" and "a laptop gets 192.168.50.117 from the router" the
// address is where w sends things or what it gives, not w's own; in
// "Caddy proxies Jellyfin to 192.168.50.4" it is Jellyfin's.
func (c *Claim) sentTo(w string) bool {
	if c.ctxAt == 0 {
		return false
	}
	ctx := c.Context
	at := c.ctxAt - 1
	lo := max(0, at-nearBytes)
	// "gets 192.168.50.117 from the router": w gives it
	hi := min(len(ctx), at+len(c.Raw)+nearBytes)
	if p, end, ok := clauseWordAfter(ctx, at+len(c.Raw), hi); ok && p == "from" {
		q, end, ok := clauseWordAfter(ctx, end, hi)
		if ok && (q == "the" || q == "its") {
			q, _, ok = clauseWordAfter(ctx, end, hi)
		}
		if ok && q == w {
			return true
		}
	}
	for i, n := at, 0; n < 3; n++ {
		p, start, ok := clauseWordBefore(ctx, lo, i)
		if !ok {
			return false
		}
		switch {
		case p == "the" || p == "its" || p == "port" || p == "ports" || p == "address" || p == "ip":
			i = start
			continue
		case givingWords[p]:
			return hasWordPart(ctx[lo:start], w)
		case p == "at" && pointWords[word(clauseWordBefore(ctx, lo, start))]:
			// "port forwards on the router point at 192.168.50.3"
			return hasWordPart(ctx[lo:start], w)
		case directionWords[p]:
			// w must be in the sentence, but not the object right
			// before the direction ("proxies jellyfin to"), and a move
			// ("moved to 192.168.50.11") names w's own new address.
			q, qs, _ := clauseWordBefore(ctx, lo, start)
			if q == w || moveVerbs[q] || q == "set" {
				return false
			}
			if r, _, _ := clauseWordBefore(ctx, lo, qs); r == w {
				return false
			}
			return hasWordPart(ctx[lo:start], w)
		}
		return false
	}
	return false
}

// hasWordPart reports whether s has w (lower case) as a word or as a part
// of a hyphenated one: "mini" in "mini-vm sends".
func hasWordPart(s, w string) bool {
	alnum := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' }
	for off := 0; off+len(w) <= len(s); {
		i := indexFold(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		if (i == 0 || !alnum(s[i-1])) && (i+len(w) == len(s) || !alnum(s[i+len(w)])) {
			return true
		}
		off = i + 1
	}
	return false
}

// indexFold is strings.Index, ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// word is the word of a clauseWordBefore or clauseWordAfter result.
func word(w string, _ int, _ bool) string { return w }

var (
	pointWords     = set("point", "points", "pointing", "pointed")
	directionWords = set("to", "into", "from", "through", "via", "towards")
	givingWords    = set("uses", "use", "using", "hands", "gives", "assigns", "offers", "reserves", "leases")
)

// hostPart reports whether w is only a part of a machine's hyphenated
// name in the sentence of IP claim c ("mini" of "mini-vm.orb.local", "the
// mini-vm"): the sentence is about mini-vm, not about the mini's address.
func (ck *checker) hostPart(c *Claim, w string, words []string) bool {
	if c.Kind != facts.IP {
		// A host name's own words do name the machines it is about:
		// mini-vm.orb.local is the address the mini's Caddy uses.
		return false
	}
	for _, h := range words {
		if len(h) > len(w) && ck.inv.hosts[h] && isPartOf(w, []string{h}) {
			return !standalone(c.Context, w)
		}
	}
	return false
}

// standalone reports whether s has w as a word of its own, not inside a
// hyphenated or dotted name.
func standalone(s, w string) bool {
	inName := func(b byte) bool {
		return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_'
	}
	for off := 0; off+len(w) <= len(s); {
		i := indexFold(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		if (i == 0 || !inName(s[i-1])) && (end == len(s) || !inName(s[end]) || s[end] == '.' && (end+1 == len(s) || s[end+1] == ' ')) {
			return true
		}
		off = i + 1
	}
	return false
}
