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
	beVerbs   = set("is", "are", "was", "were", "be", "been", "being", "get", "gets", "got")
	textVerbs = set("noted", "mentioned", "described", "said", "stated", "explained", "shown", "discussed", "documented")
)
