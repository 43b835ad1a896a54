package validate

import "strings"

// RulePast is the rule of a claim its own sentence puts in the past:
// "Jellyfin previously ran on port 8097", "moved from port 9091",
// "uses 3001 instead of 3002". Runbooks keep such records on purpose; the
// value is not a claim about the config today, so a value the config no
// longer has (or never had) is information, not a stale or unverified
// finding. A value the config still has stays verified.
const RulePast = "past-value"

// pastCue returns the words of c's sentence that put c in the past, or ""
// when nothing does. It reads backwards from the claim to the start of its
// clause (a full stop, semicolon, colon, question or exclamation mark),
// skipping asides in brackets, and gives up at a word that brings the
// sentence back to the present ("now", "currently", "today", "new").
// Only prose is read this way: in code and table cells the words next to
// a value are not a sentence about it.
func (c *Claim) pastCue() string {
	if c.Code || c.ctxAt == 0 {
		return ""
	}
	ctx := c.Context
	lo := max(0, c.ctxAt-1-nearBytes)
	i := c.ctxAt - 1
	var after, after2 string // the words after the current one, towards the claim
	for n := 1; n <= maxPastWords; n++ {
		w, start, ok := clauseWordBefore(ctx, lo, i)
		if !ok {
			return ""
		}
		i = start
		prev := func() string { p, _, _ := clauseWordBefore(ctx, lo, i); return p }
		switch {
		case presentWords[w]:
			if (w == "instead" || w == "rather") && n <= 4 && (after == "of" || after == "than") {
				return w + " " + after
			}
			return ""
		case w == "to" && prev() != "used":
			// "changed from 8008 to 8009": the value after "to" is the
			// new one
			return ""
		case w == "previously":
			// "as previously noted" refers back in the text, not in time.
			if prev() == "as" || textVerbs[after] {
				break
			}
			return w
		case pastWords[w]:
			return w
		case w == "before" || w == "until":
			// "Before the move, …", "until the migration": not "before
			// restarting" or "until port 8097 answers".
			if moveNouns[after] {
				return w + " " + after
			}
			if (after == "the" || after == "our") && moveNouns[after2] {
				return w + " " + after + " " + after2
			}
		case w == "no" && after == "longer":
			return "no longer"
		case w == "used" && after == "to" && !beVerbs[prev()]:
			// "is used to reach 10.100.0.2" is a purpose, not a past.
			return "used to"
		case w == "from" && n <= 3:
			// "moved Prometheus from port 9091": a moving verb before,
			// in the same clause.
			for j, k := i, 0; k < maxPastWords; k++ {
				v, s, ok := clauseWordBefore(ctx, lo, j)
				if !ok || presentWords[v] {
					break
				}
				if moveVerbs[v] {
					return v + " from"
				}
				j = s
			}
		}
		after, after2 = w, after
	}
	return ""
}

// RuleClosed is the rule of a claim its sentence states as shut: "port
// 8920 stays closed", "22 is not exposed", "the firewall blocks 5353".
// The config cannot contradict a port nothing uses; as with RulePast, a
// value the config lacks is information, and one it has stays verified.
const RuleClosed = "closed-value"

// closedCue returns the words of c's clause that state c as closed, or ""
// when none do: a word right after the claim, with only linking words
// ("stays", "is not") between, or a verb just before it.
func (c *Claim) closedCue() string {
	if c.Code || c.ctxAt == 0 {
		return ""
	}
	ctx := c.Context
	i := c.ctxAt - 1 + len(c.Raw)
	hi := min(len(ctx), i+nearBytes)
	var prev string
	for n := 0; n < 4; n++ {
		w, end, ok := clauseWordAfter(ctx, i, hi)
		if !ok {
			break
		}
		if closedWords[w] {
			return w
		}
		if prev == "not" && openWords[w] {
			return "not " + w
		}
		if !linkWords[w] {
			break // "8097 when the firewall is not open": another clause
		}
		i, prev = end, w
	}
	lo := max(0, c.ctxAt-1-nearBytes)
	i = c.ctxAt - 1
	// "the firewall blocks Jellyfin's HTTPS port 8920"
	for n := 0; n < 5; n++ {
		w, start, ok := clauseWordBefore(ctx, lo, i)
		if !ok {
			break
		}
		if closingVerbs[w] {
			return w
		}
		i = start
	}
	return ""
}

// clauseWordAfter is clauseWordBefore's mirror: the first word of
// ctx[i:hi], lower-cased, and where it ends; ok is false at a clause end
// or a comma.
func clauseWordAfter(ctx string, i, hi int) (w string, end int, ok bool) {
	for i < hi && !wordByte(ctx[i]) {
		switch {
		case ctx[i] == '(':
			// skip a bracketed aside: "8920 (default) is not opened"
			if k := strings.IndexByte(ctx[i:hi], ')'); k > 0 {
				i += k
			}
		case strings.IndexByte(".;:!?,", ctx[i]) >= 0:
			return "", i, false
		}
		i++
	}
	start := i
	for i < hi && (wordByte(ctx[i]) || inWord(ctx, i)) {
		i++
	}
	if start == i {
		return "", i, false
	}
	return strings.ToLower(ctx[start:i]), i, true
}

// maxPastWords is how far back a cue may stand: a clause, not a page.
const maxPastWords = 40

// clauseWordBefore returns the last word of ctx[lo:i], lower-cased, and where it
// starts; ok is false when the clause starts first. A word is a run of
// word bytes, with the dots and colons inside an address ("192.168.50.2",
// "host:8096") kept in it. A bracketed aside before i is skipped whole.
func clauseWordBefore(ctx string, lo, i int) (w string, start int, ok bool) {
	depth := 0
	for i > lo {
		b := ctx[i-1]
		switch {
		case b == ')':
			depth++
		case b == '(':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case wordByte(b):
			end := i
			for i > lo && (wordByte(ctx[i-1]) || inWord(ctx, i-1)) {
				i--
			}
			return strings.ToLower(ctx[i:end]), i, true
		case strings.IndexByte(".;:!?", b) >= 0:
			return "", i, false // a clause ends here (inner dots are inWord)
		}
		i--
	}
	return "", i, false
}

// inWord reports whether the dot or colon at k joins two word bytes.
func inWord(ctx string, k int) bool {
	return (ctx[k] == '.' || ctx[k] == ':') && k > 0 && k+1 < len(ctx) && wordByte(ctx[k-1]) && wordByte(ctx[k+1])
}

var (
	// pastWords put what follows in their clause in the past.
	// Not "legacy", "deprecated" or "old": those describe things that
	// still run ("the legacy API on port 8081 is still served").
	pastWords = set("formerly", "historically", "retired", "decommissioned")
	// presentWords bring a clause back to the present.
	presentWords = set("now", "currently", "today", "nowadays", "new", "instead", "rather")
	// moveVerbs before "from" make its value the old one.
	moveVerbs = set("moved", "changed", "migrated", "switched", "renumbered", "relocated", "went", "bumped")
	// moveNouns after "before the" or "until the" name the change that
	// ended the past.
	moveNouns = set("move", "migration", "switch", "renumbering", "reinstall", "rebuild", "upgrade", "cutover", "rename")
	// closedWords after a port state it shut; openWords after "not" do.
	closedWords  = set("closed", "blocked", "disabled", "unused", "firewalled", "filtered")
	openWords    = set("open", "opened", "exposed", "reachable", "forwarded", "published")
	closingVerbs = set("blocks", "closes", "drops", "rejects", "disables")
	// linkWords may stand between a port and the word that closes it.
	linkWords = set("is", "are", "was", "stays", "stay", "remains", "remain", "kept", "keeps", "still", "always", "not", "now")
	beVerbs   = set("is", "are", "was", "were", "be", "been", "being", "get", "gets", "got")
	textVerbs = set("noted", "mentioned", "described", "said", "stated", "explained", "shown", "discussed", "documented")
)
