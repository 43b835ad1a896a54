package validate

import (
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// This file tells a slip in a host name (jelyfin for jellyfin, minivm for
// mini-vm) from another name in the same domain (a printer, nas2 beside
// nas1): the first is stale with the config's name as the fix, the second
// is only unverified.

// domainLabel reports whether w is a label of the claim's own host name
// other than its first: the domain it is under, which every other name
// there shares, and not what it is about. The first label names the
// machine or service ("jellyfin" of jellyfin.home.example.org).
func domainLabel(c *Claim, w string) bool {
	if c.Kind != facts.Host && c.Kind != facts.HostPort && c.Kind != facts.URL {
		return false
	}
	h := c.Value
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/:"); i >= 0 {
		h = h[:i]
	}
	_, rest, ok := strings.Cut(h, ".")
	for ok {
		var label string
		label, rest, ok = strings.Cut(rest, ".")
		if label == w {
			return true
		}
	}
	return false
}

// misspelled judges a host (or the host of a host:port) that nothing in
// the config has or speaks of, but that is one edit away from one of the
// config's hosts in one label: "minivm.orb.local" for mini-vm.orb.local,
// "jelyfin" for jellyfin. Labels that differ only in their digits (nas1,
// nas2) are two machines, not a typo.
func (ck *checker) misspelled(c *Claim) (judgement, bool) {
	h := c.Value
	switch c.Kind {
	case facts.HostPort:
		h, _, _ = facts.SplitHostPort(c.Value)
	case facts.URL:
		h, _ = urlHostPort(c.Value)
	}
	best := ""
	for _, hv := range ck.hostValues {
		if oneEditHost(h, hv, false) {
			if best != "" {
				return judgement{}, false // two candidates: no guess
			}
			best = hv
		}
	}
	if best == "" {
		return judgement{}, false
	}
	es := ck.inv.byValue[key{facts.Host, best}]
	return judgement{verdict: Stale, rule: RuleStale + "-host", kind: facts.Host, value: h, part: c.Kind != facts.Host,
		against: es, want: []string{best}}, true
}

// numbered reports whether host names a and b differ only in the digits
// of one label that both number (nas1, nas2): two machines of a series,
// not one renamed.
func numbered(a, b string) bool {
	la, lb := strings.Split(a, "."), strings.Split(b, ".")
	if len(la) != len(lb) {
		return false
	}
	for i := range la {
		if la[i] != lb[i] {
			return hasDigit(la[i]) && hasDigit(lb[i]) && strings.TrimRight(la[i], "0123456789") == strings.TrimRight(lb[i], "0123456789")
		}
	}
	return false
}

// oneEditHost reports whether host names a and b have the same labels but
// one, and that one is a single insertion, deletion, substitution or swap
// away; with digits false, not only in its digits (nas1 and nas2 are
// two machines).
func oneEditHost(a, b string, digits bool) bool {
	if a == b || strings.Count(a, ".") != strings.Count(b, ".") {
		return false
	}
	la, lb := strings.Split(a, "."), strings.Split(b, ".")
	d := -1
	for i := range la {
		if la[i] != lb[i] {
			if d >= 0 {
				return false
			}
			d = i
		}
	}
	x, y := la[d], lb[d]
	noDigits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, s)
	}
	if len(x) < 4 || len(y) < 4 || !digits && noDigits(x) == noDigits(y) {
		return false
	}
	return oneEdit(x, y)
}

// oneEdit reports whether x becomes y by one insertion, deletion,
// substitution or swap of neighbours.
func oneEdit(x, y string) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if len(x) == len(y) {
		if x[i+1:] == y[i+1:] {
			return true // substitution
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && x[i+2:] == y[i+2:] // swap
	}
	return x[i:] == y[i+1:] // insertion
}
