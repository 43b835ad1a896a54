package validate

import (
	"fmt"
	"math"
	"net/netip"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// Verdict is what Check concluded about a claim.
type Verdict uint8

const (
	Verified   Verdict = iota // the config defines the value, for the claim's subject
	Stale                     // the config says otherwise (error)
	Unverified                // nothing in the config speaks to it (warning)
	Ignored                   // suppressed by a comment or site.toml
)

var verdictNames = [...]string{"verified", "stale", "unverified", "ignored"}

func (v Verdict) String() string {
	if int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return "verdict(" + fmt.Sprint(int(v)) + ")"
}

// MarshalText makes verdicts print as words in JSON.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Rules name how a verdict was reached (Result.Rule, diag.Diagnostic.Rule).
const (
	RuleSubject      = "subject-match"  // a fact with the claim's subject has the value
	RuleValue        = "value-defined"  // the value is defined; the claim names no subject that disagrees
	RuleParts        = "parts-verified" // every part of a host:port or URL is verified
	RuleKnownHost    = "known-host"     // a bare name the config knows
	RuleStale        = "stale"          // prefixed with the kind: stale-port, stale-ip, …
	RuleUnknown      = "unverified"     // nothing in the config has the value or the subject
	RuleExternal     = "external"       // a public host or address the config has no reason to define
	RuleIgnoreCmt    = "ignore-comment" // <!-- docsite-ignore… -->
	RuleIgnoreValue  = "ignore-value"   // [validate] ignore
	RuleIgnoreRule   = "ignore-rule"    // [[validate.rules]]
	RuleDirective    = "ignore-comment" // problems with the comments themselves
	RuleUnused       = "unused-suppression"
	RuleUnreadable   = "unreadable-source"
	RuleConfigSource = "config-source"
)

// A Result is the verdict on one claim and what it was judged against.
type Result struct {
	Claim    Claim
	Verdict  Verdict
	Severity diag.Severity
	Rule     string
	Message  string
	Subject  string       // the subject word the verdict turned on, if any
	Config   []facts.Fact // the config facts the claim was judged against
	Want     []string     // for stale claims, the values the config has

	set bool // stale against a machine's set of values
}

// finding reports whether the result is a stale or unverified claim the
// report lists (an external value is only information).
func (r *Result) finding() bool {
	return r.Verdict == Stale || r.Verdict == Unverified && r.Severity > diag.Info
}

// A Report is the outcome of Check.
type Report struct {
	// Results holds one result per claim, in input order. A Run keeps
	// only the findings (see Run); Count and Claims count the others too.
	Results []Result
	Diags   diag.List // findings: stale and unverified claims, suppression problems, inventory warnings
	Links   diag.List // findings from elsewhere (the build's link check), set by the caller
	Skipped []facts.Skipped
	Sources int // config sources read
	Pages   int // pages checked (distinct files among the claims; the caller may set it)
	Elapsed time.Duration

	dropped [Ignored + 1]int // results a Run counted but did not keep, by verdict
}

// Count returns how many claims have verdict v.
func (r *Report) Count(v Verdict) int {
	n := 0
	if int(v) < len(r.dropped) {
		n = r.dropped[v]
	}
	for _, x := range r.Results {
		if x.Verdict == v {
			n++
		}
	}
	return n
}

// Claims returns how many claims were judged.
func (r *Report) Claims() int {
	n := len(r.Results)
	for _, d := range r.dropped {
		n += d
	}
	return n
}

// All returns every diagnostic of the report, sorted.
func (r *Report) All() diag.List {
	l := append(slices.Clone(r.Diags), r.Links...)
	l.Sort()
	return l
}

// Check judges every claim against the inventory. cfg supplies strictness,
// ignore values and per-path rules; nil means defaults. Claims of all pages
// should come in one call so that unused suppressions can be reported.
func Check(claims []Claim, inv *Inventory, cfg *site.Config) *Report {
	c := newCheckRun(inv, cfg)
	rep := &Report{Results: c.judgeAll(claims)}
	rep.Diags = c.ck.settle(claims, rep.Results)
	files := map[string]bool{}
	for i := range claims {
		files[claims[i].Pos.File] = true
	}
	delete(files, "")
	rep.Pages = len(files)
	c.finish(rep)
	return rep
}

// A Run judges a site's claims page by page as a build hands them over,
// on several goroutines at once, so that judging overlaps the build and
// no page's claims outlive its turn. Unless it keeps everything (for
// JSON with every claim, or --explain), it keeps only the results that
// are findings and counts the others: a clean site of 10,000 pages then
// holds no result at all, and verified claims are not described.
type Run struct {
	c       *checkRun
	all     bool
	mu      sync.Mutex
	results []Result
	diags   diag.List
	dropped [Ignored + 1]int
	pages   int
}

// NewRun starts judging claims against inv with cfg's settings (nil for
// defaults). all keeps every result with its message and config facts.
func NewRun(inv *Inventory, cfg *site.Config, all bool) *Run {
	r := &Run{c: newCheckRun(inv, cfg), all: all}
	r.c.ck.lean = !all
	return r
}

// Page judges the claims of one page (as Inventory.Claims returns them).
// It may be called from several goroutines at once.
func (r *Run) Page(claims []Claim) {
	var results []Result
	if r.all {
		results = make([]Result, 0, len(claims))
	} else {
		// The results are dropped or copied out before Page returns.
		buf := resultBufs.Get().(*[]Result)
		defer func() {
			clear(results)
			*buf = results[:0]
			resultBufs.Put(buf)
		}()
		results = (*buf)[:0]
	}
	for i := range claims {
		if claims[i].Directive == nil && claims[i].Kind != facts.Invalid {
			results = append(results, r.c.ck.judge(&claims[i]))
		}
	}
	diags := r.c.ck.settle(claims, results)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pages++
	r.diags = append(r.diags, diags...)
	for i := range results {
		if r.all || results[i].finding() {
			r.results = append(r.results, results[i])
		} else {
			r.dropped[results[i].Verdict]++
		}
	}
}

var resultBufs = sync.Pool{New: func() any { return new([]Result) }}

// Report finishes the run: suppressions in site.toml that suppressed
// nothing, the inventory's warnings, counts. Results are in page order
// (by file name), each page's in the order Page was given them.
func (r *Run) Report() *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	slices.SortStableFunc(r.results, func(a, b Result) int { return strings.Compare(a.Claim.Pos.File, b.Claim.Pos.File) })
	rep := &Report{Results: r.results, Diags: r.diags, Pages: r.pages, dropped: r.dropped}
	r.c.finish(rep)
	return rep
}

// judgeAll judges the claims that are judged (not suppression comments,
// not invalid) on every core: each worker takes the next chunk of
// claims and writes its verdicts in place, so the results are in order
// without a copy.
func (c *checkRun) judgeAll(claims []Claim) []Result {
	var idx []int32
	for i := range claims {
		if claims[i].Directive == nil && claims[i].Kind != facts.Invalid {
			idx = append(idx, int32(i))
		}
	}
	out := make([]Result, len(idx))
	const chunk = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(idx)+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(idx) {
					return
				}
				for k := lo; k < min(lo+chunk, len(idx)); k++ {
					out[k] = c.ck.judge(&claims[idx[k]])
				}
			}
		})
	}
	wg.Wait()
	return out
}

// A checkRun is one Check: the checker prepared for an inventory and
// settings, and when it started.
type checkRun struct {
	ck    *checker
	cfg   *site.Config
	start time.Time
}

// newCheckRun prepares to judge claims against inv with cfg's settings.
func newCheckRun(inv *Inventory, cfg *site.Config) *checkRun {
	start := time.Now()
	if inv == nil {
		inv = NewInventory(nil, nil)
	}
	inv.wait() // for the indexes of a StartInventory
	var v site.Validate
	if cfg != nil {
		v = cfg.Validate
	}
	ck := &checker{inv: inv, cfg: v, mu: new(sync.Mutex)}
	ck.prepare()
	return &checkRun{ck: ck, cfg: cfg, start: start}
}

// settle finishes the results of claims (judged in the same order, the
// suppression comments left out): it settles verdicts that depend on
// other claims of a sentence and returns the findings: stale and
// unverified claims, malformed and unused suppression comments. Claims
// may be one page's or several whole pages'.
func (ck *checker) settle(claims []Claim, results []Result) diag.List {
	var ds diag.List
	usedDirectives := map[*Directive]bool{}
	for _, r := range results {
		if d := r.Claim.Suppressed; d != nil && r.Verdict == Ignored && r.Rule == RuleIgnoreCmt {
			usedDirectives[d] = true
		}
	}
	ck.recheck(results)
	for i := range claims {
		d := claims[i].Directive
		switch {
		case d == nil:
		case d.Problem != "":
			ds = append(ds, diag.Diagnostic{Pos: d.Pos, Severity: diag.Warning, Message: d.Problem, Rule: RuleDirective})
		case d.Form == "ignore-end":
		case !usedDirectives[d]:
			what := "the next block"
			if d.Form == "ignore-start" {
				what = "its region"
			}
			ds = append(ds, diag.Diagnostic{Pos: d.Pos, Severity: diag.Warning, Rule: RuleUnused,
				Message: fmt.Sprintf("docsite-%s suppresses nothing: %s states no IP, port, host or URL (remove the comment)", d.Form, what)})
		}
	}
	for _, r := range results {
		if r.finding() {
			ds = append(ds, diag.Diagnostic{Pos: r.Claim.Pos, Severity: r.Severity, Message: r.Message, Rule: r.Rule})
		}
	}
	return ds
}

// finish completes a report whose results and claim findings are in:
// site.toml suppressions that suppressed nothing, the inventory's
// warnings and sources, the time taken.
func (c *checkRun) finish(rep *Report) {
	ck := c.ck
	v, inv, cfg := ck.cfg, ck.inv, c.cfg
	for i, r := range v.Rules {
		if !ck.ruleUsed[i] {
			p := r.Pos
			if !p.IsValid() && cfg != nil {
				p.File = cfg.Rel(cfg.File)
			}
			rep.Diags = append(rep.Diags, diag.Diagnostic{Pos: p, Severity: diag.Warning, Rule: RuleUnused,
				Message: fmt.Sprintf("[[validate.rules]] path %q suppresses nothing", r.Path)})
		}
	}
	for _, val := range v.Ignore {
		if !ck.ignoreUsed[val] {
			p := facts.Pos{File: site.FileName}
			if cfg != nil && cfg.File != "" {
				p.File = cfg.Rel(cfg.File)
			}
			rep.Diags = append(rep.Diags, diag.Diagnostic{Pos: p, Severity: diag.Warning, Rule: RuleUnused,
				Message: fmt.Sprintf("[validate] ignore value %q matches no claim", val)})
		}
	}
	rep.Diags = append(rep.Diags, inv.Diags...)
	rep.Diags.Sort()
	rep.Skipped = inv.Skipped
	rep.Sources = len(inv.Sources)
	rep.Elapsed = time.Since(c.start)
}

type checker struct {
	inv        *Inventory
	cfg        site.Validate
	ignore     map[string]string // canonical or raw value → the ignore entry
	ignoreUsed map[string]bool
	ruleUsed   map[int]bool
	// exclude holds subject words already accounted for by another claim
	// of the same sentence while re-judging a stale claim (on a copy of
	// the checker: pages are judged on several goroutines at once).
	exclude    map[kindWord]bool
	*relations // the inventory's, computed once (see relations)
	// lean leaves verified results undescribed (no Message, no Config):
	// a Run that keeps only findings never shows them.
	lean bool
	// mu guards ignoreUsed and ruleUsed while claims are judged on
	// several goroutines; copies of the checker share it.
	mu *sync.Mutex
}

func (ck *checker) prepare() {
	ck.relations = ck.inv.relate()
	ck.ignore = map[string]string{}
	ck.ignoreUsed = map[string]bool{}
	ck.ruleUsed = map[int]bool{}
	for _, val := range ck.cfg.Ignore {
		ck.ignore[strings.ToLower(val)] = val
		for k := facts.IP; k <= facts.URL; k++ {
			if n, ok := facts.Normalize(k, val); ok {
				ck.ignore[n] = val
			}
		}
	}
}

// recheck re-judges stale claims whose subject word already verified
// another value of the same kind in the same sentence: in "the router
// (192.168.50.1) hands out 192.168.50.100 to 192.168.50.200" the router's
// one address is accounted for, so the others are not the router's.
func (ck *checker) recheck(results []Result) {
	// A sentence is its page and its text. The claims of one sentence
	// share their Context string, so each string is hashed for its text
	// once, not once per claim: a log pasted as one paragraph is a
	// sentence of a megabyte with thousands of claims.
	type ref struct {
		p *byte
		n int
	}
	refs := map[ref]int{}
	texts := map[string]int{}
	sentenceOf := func(c *Claim) int {
		r := ref{unsafe.StringData(c.Context), len(c.Context)}
		id, ok := refs[r]
		if !ok {
			if id, ok = texts[c.Context]; !ok {
				id = len(texts)
				texts[c.Context] = id
			}
			refs[r] = id
		}
		return id
	}
	type sentence struct {
		file string
		id   int
	}
	type use struct {
		sentence
		kind facts.Kind
		word string
	}
	used := map[use]bool{}
	words := map[sentence][]kindWord{} // the used words of each sentence
	mark := func(u use) {
		if !used[u] {
			used[u] = true
			words[u.sentence] = append(words[u.sentence], kindWord{u.kind, u.word})
		}
	}
	// Sentences with a stale claim: there a verified claim accounts for
	// every nearby word its value's facts have, not only the one that
	// decided ("The Telegram bridge uses port 29317 and the WhatsApp
	// bridge 29318": telegram is 29317's, whichever word verified it).
	staleIn := map[sentence]bool{}
	for _, r := range results {
		if r.Verdict == Stale {
			staleIn[sentence{r.Claim.Pos.File, sentenceOf(&r.Claim)}] = true
		}
	}
	for _, r := range results {
		if r.Verdict == Verified && r.Rule == RuleSubject && r.Subject != "" {
			s := sentence{r.Claim.Pos.File, sentenceOf(&r.Claim)}
			mark(use{s, r.Claim.Kind, r.Subject})
			if !staleIn[s] || r.Claim.Kind != facts.Port || r.Claim.pastCue() != "" {
				// A service has one port, but several addresses (listen
				// and upstream); and the old port of "changed from 8008
				// to 8009" leaves Synapse to the new one.
				continue
			}
			for _, w := range r.Claim.Near[:min(len(r.Claim.Near), 8)] {
				if !ck.inv.hosts[w] && !ck.inv.common[w] && len(ck.inv.byValueWord[valueWord{r.Claim.Kind, r.Claim.Value, w}]) > 0 {
					mark(use{s, r.Claim.Kind, w})
				}
			}
		}
	}
	for i, r := range results {
		if r.Verdict == Stale && r.set && !used[use{sentence{r.Claim.Pos.File, sentenceOf(&r.Claim)}, r.Claim.Kind, r.Subject}] {
			r.Verdict, r.Rule, r.Severity, r.set = Unverified, RuleUnknown, diag.Warning, false
			if ck.cfg.Strict {
				r.Severity = diag.Error
			}
			r.Message = ck.message(&r.Claim, judgement{verdict: Unverified, rule: RuleUnknown, kind: r.Claim.Kind, value: r.Claim.Value})
			r.Config = nil
			r.Subject, r.Want = "", nil
			results[i] = r
		}
	}
	if len(used) == 0 {
		return
	}
	for i, r := range results {
		if r.Verdict != Stale || r.set {
			continue
		}
		s := sentence{r.Claim.Pos.File, sentenceOf(&r.Claim)}
		if !used[use{s, r.Claim.Kind, r.Subject}] {
			continue
		}
		sub := *ck
		sub.exclude = map[kindWord]bool{}
		for _, kw := range words[s] {
			sub.exclude[kw] = true
		}
		c := r.Claim
		results[i] = sub.judge(&c)
	}
}

func (ck *checker) judge(c *Claim) Result {
	r := Result{Claim: *c}
	if d := c.Suppressed; d != nil && d.Problem == "" {
		r.Verdict, r.Rule = Ignored, RuleIgnoreCmt
		r.Message = fmt.Sprintf("ignored by the comment at %s: %s", d.Pos, d.Reason)
		return r
	}
	if val, ok := ck.ignoredValue(c); ok {
		ck.mu.Lock()
		ck.ignoreUsed[val] = true
		ck.mu.Unlock()
		r.Verdict, r.Rule = Ignored, RuleIgnoreValue
		r.Message = fmt.Sprintf("ignored: %q is in [validate] ignore", val)
		return r
	}
	for i, rule := range ck.cfg.Rules {
		if ruleMatches(rule, c) {
			ck.mu.Lock()
			ck.ruleUsed[i] = true
			ck.mu.Unlock()
			r.Verdict, r.Rule = Ignored, RuleIgnoreRule
			r.Message = fmt.Sprintf("ignored by [[validate.rules]] %q: %s", rule.Path, rule.Reason)
			return r
		}
	}
	if c.Bare && c.Kind == facts.Host {
		r.Verdict, r.Rule = Verified, RuleKnownHost
		if !ck.lean {
			r.Config = ck.inv.Lookup(facts.Host, c.Value)
			r.Message = c.Value + " is a host of the config"
		}
		return r
	}
	j := ck.whole(c, c.Kind, c.Value)
	if j.verdict != Verified && c.Kind == facts.URL {
		// http://192.168.50.4:8096/health: the config's host:port.
		if h, p := urlHostPort(c.Value); h != "" && p != "" {
			if hp := ck.whole(c, facts.HostPort, facts.JoinHostPort(h, p)); hp.verdict == Verified {
				j = hp
			}
		}
	}
	if c.Kind == facts.URL && len(ck.inv.byValue[key{facts.URL, c.Value}]) == 0 {
		// A URL the config does not have, next to one it has that differs
		// only in the port (or the address, in one network): the same
		// endpoint, moved. Its parts alone would still verify.
		if s, ok := ck.urlSibling(c); ok {
			j = s
		}
	}
	if j.verdict != Verified && (c.Kind == facts.HostPort || c.Kind == facts.URL) {
		j = ck.byParts(c, j)
	}
	if j.verdict == Unverified && j.rule == RuleUnknown && (c.Kind == facts.Host || c.Kind == facts.HostPort || c.Kind == facts.URL) {
		if t, ok := ck.misspelled(c); ok {
			j = t
		}
	}
	if j.verdict == Verified {
		if cf, isRef := ck.touches(c, j.against); cf != nil {
			j = ck.disputed(j, cf, isRef)
		} else if o, ok := ck.otherMachine(c, j); ok {
			j = o
		}
	}
	r.Verdict, r.Rule, r.Subject, r.Want, r.set = j.verdict, j.rule, j.subject, j.want, j.set
	if ck.lean && r.Verdict == Verified {
		return r
	}
	if !j.set && j.conflict == nil {
		j.against = ck.byOrigin(j.against)
	}
	if j.verdict == Stale && j.conflict == nil {
		// The value nearest the claimed one first: a port moved by one,
		// an address renumbered, a host renamed. It is the likely edit.
		j.against = ck.closest(j.value, j.against)
		j.want = distinctValues(ck.inv, j.against)
		if !j.set {
			j.want = orderedValues(ck.inv, j.against)
		}
	}
	if j.verdict == Stale || j.verdict == Unverified && j.rule == RuleUnknown {
		// Taken back last, so that the message can still say what the
		// config has now.
		if cue := c.pastCue(); cue != "" {
			j.verdict, j.rule, j.cue, j.set = Unverified, RulePast, cue, false
			r.Verdict, r.Rule, r.set = j.verdict, j.rule, j.set
		} else if cue := c.closedCue(); cue != "" && c.Kind == facts.Port {
			j.verdict, j.rule, j.cue, j.set = Unverified, RuleClosed, cue, false
			r.Verdict, r.Rule, r.set = j.verdict, j.rule, j.set
		}
	}
	r.Config = ck.factsOf(j.against)
	switch r.Verdict {
	case Stale:
		r.Severity = diag.Error
	case Unverified:
		r.Severity = diag.Warning
		if ck.cfg.Strict {
			r.Severity = diag.Error
		}
		if j.rule == RuleExternal || j.rule == RulePast || j.rule == RuleClosed {
			r.Severity = diag.Info
		}
	}
	r.Message = ck.message(c, j)
	return r
}

func (ck *checker) ignoredValue(c *Claim) (string, bool) {
	if len(ck.ignore) == 0 {
		return "", false
	}
	if v, ok := ck.ignore[c.Value]; ok {
		return v, true
	}
	if v, ok := ck.ignore[strings.ToLower(c.Raw)]; ok {
		return v, true
	}
	for _, p := range parts(c.Kind, c.Value) {
		if v, ok := ck.ignore[p.value]; ok {
			return v, true
		}
	}
	return "", false
}

func ruleMatches(r site.Rule, c *Claim) bool {
	if !globMatch(r.Path, c.Pos.File) {
		return false
	}
	if len(r.Values) == 0 {
		return true
	}
	for _, v := range r.Values {
		if strings.EqualFold(v, c.Raw) || v == c.Value {
			return true
		}
		for k := facts.IP; k <= facts.URL; k++ {
			if n, ok := facts.Normalize(k, v); ok && n == c.Value {
				return true
			}
		}
	}
	return false
}

// judgement is the verdict on one value (a claim or a part of one).
type judgement struct {
	verdict Verdict
	rule    string
	kind    facts.Kind
	value   string
	subject string // the claim word the verdict turned on
	against []int  // entries judged against
	owners  []int  // for stale: entries that have the claimed value, of other subjects
	want    []string
	part    bool // judged on a part of a host:port or URL
	set     bool // stale against a machine's set of values, not one value
	// conflict is set for a claim the config disagrees with itself
	// about; onRef when the claim has the value of its odd place.
	conflict *conflict
	onRef    bool
	cue      string // for RulePast: the words that put the claim in the past
}

// whole judges value v of kind k with the claim's subject words. The
// subject tiers are tried nearest first: the sentence, then the nearest
// heading, then the page name. Only the first two may make a claim stale,
// and only through a specific word (one a config fact of the same kind
// has, not shared by most facts); the page name only confirms.
func (ck *checker) whole(c *Claim, k facts.Kind, v string) judgement {
	inv := ck.inv
	matches := inv.byValue[key{k, v}]
	j := judgement{kind: k, value: v}
	tiers := [][]string{c.Near, c.Heading, c.Page}
	for ti, words := range tiers {
		// A word of the sentence that names facts of this kind by their
		// own path (services.jellyfin.port, flags.miniIp) decides first:
		// those facts are what the word means, whatever other facts
		// mention it in passing.
		if ti == 0 && (k == facts.Port || k == facts.IP || k == facts.CIDR) {
			if d, ok := ck.byOwnPath(c, k, v, words, matches); ok {
				return d
			}
		}
		// Verified: a fact with this value has one of the tier's words;
		// but a machine has the values of every service on it, so a
		// nearer service word that says otherwise goes first
		// ("Jellyfin (port 8008) runs on mini-vm").
		for i, w := range words {
			if len(matches) == 0 {
				break
			}
			if es := inv.byValueWord[valueWord{k, v, w}]; len(es) > 0 {
				if ti == 0 && k == facts.Port && inv.hosts[w] && ck.nearerSubject(c, k, v, words[:i]) {
					break
				}
				j.verdict, j.rule, j.subject = Verified, RuleSubject, w
				j.against = es
				return j
			}
		}
		if ti == 2 || ti == 1 && len(matches) > 0 {
			// The page name only confirms; a heading makes a claim stale
			// only when no fact at all has the value.
			break
		}
		// Stale: the nearest specific word of the tier that has a value
		// of this kind, other than this one. A word's values are first
		// those of facts it names by path (flags.beeIp → bee), then
		// those of the files it names (machines/bee/…). A subject with
		// many values from many places (bee's ports) is a set a claim
		// can add to, not a value it contradicts; one list attribute
		// (allowedTCPPorts) is a set the claim must be in.
		best := ""
		var bestOthers []int
		for _, w := range words {
			kw := kindWord{k, w}
			if inv.common[w] || ck.exclude[kw] {
				continue
			}
			// A label of the claim's own domain ("home" of
			// printer2.home.example.net) is shared by every name there:
			// it makes a host stale only as a rename of one of them
			// (status2 for status), not as another name in the domain.
			domain := ti == 0 && domainLabel(c, w)
			if domain && k != facts.Host {
				continue
			}
			if ti == 1 && k == facts.Port && inv.hosts[w] {
				// A machine in the heading: its section may name any
				// port the machine serves, and the config lists only
				// the ones it sets ("## mini-vm … Postgres on 5432").
				continue
			}
			byPath, byWord := inv.byPath[kw], inv.byWord[kw]
			if len(byPath) == 0 && len(byWord) == 0 {
				if cw := ck.compound[w]; cw != "" {
					byPath, byWord = inv.byPath[kindWord{k, cw}], inv.byWord[kindWord{k, cw}]
				}
			}
			if len(byPath) == 0 && len(byWord) == 0 || ti == 0 && (ck.blocked(c, k, w) || ck.hostPart(c, w, words)) {
				continue
			}
			var others []int
			if domain {
				for _, e := range append(slices.Clip(byPath), byWord...) {
					if ev := inv.entries[e].value; oneEditHost(v, ev, true) && !numbered(v, ev) && !slices.Contains(others, e) {
						others = append(others, e)
					}
				}
			} else if others = ck.evidence(k, v, byPath); others == nil {
				others = ck.evidence(k, v, byWord)
			}
			if others != nil && (best == "" || ck.overlap(words, others) > ck.overlap(words, bestOthers)) {
				// The first word with evidence decides, unless a later
				// one's facts share more of the sentence's words: "The
				// mini forwards jellyfin to mini-vm.orb.local:8096" is
				// about the proxy with jellyfin's words, not the first
				// mini-vm fact.
				best, bestOthers = w, others
			}
		}
		if best != "" {
			bestOthers = ck.byOverlap(words, bestOthers)
			if len(matches) > 0 && (c.Code || ti == 0 && ck.sharesWord(matches, c.Heading)) {
				// The value is defined, for another subject. In a code
				// line the words around a value are arguments ("dig
				// @192.168.50.1 nas.lan"), not what it is about; and
				// in prose the value may belong to a subject the
				// section is about ("## WireGuard … from the phone: ping
				// 10.100.0.1"): the sentence's word was incidental.
				j.verdict, j.rule = Verified, RuleSubject
				j.against = matches
				return j
			}
			j.verdict, j.rule, j.subject = Stale, RuleStale+"-"+k.String(), best
			j.against = bestOthers
			j.owners = matches
			j.want = distinctValues(inv, bestOthers)
			return j
		}
		if ti == 0 && len(matches) == 0 && k == facts.Port && !c.Code {
			// No fact anywhere has the value, and the sentence names a
			// machine whose ports the config lists: the claim adds one
			// the config does not have ("the router forwards ports 80
			// and 443 to bee" after 80 left bee's firewall). Provisional:
			// recheck keeps it only when the same sentence states another
			// of the machine's ports that is verified, so a sentence
			// that merely starts "From bee, …" is not enough.
			for _, w := range words {
				kw := kindWord{k, w}
				if !inv.hosts[w] {
					continue
				}
				if others := ck.plausible(k, v, inv.byWord[kw]); len(others) > 0 {
					others = ck.closest(v, others)
					j.verdict, j.rule, j.subject = Stale, RuleStale+"-"+k.String(), w
					j.against = others
					j.want = distinctValues(inv, others)
					j.set = true
					return j
				}
			}
		}
	}
	if len(matches) > 0 {
		j.verdict, j.rule, j.against = Verified, RuleValue, matches
		return j
	}
	j.verdict, j.rule = Unverified, RuleUnknown
	switch k {
	case facts.Host:
		if isExternalHost(v, inv) {
			j.rule = RuleExternal
		}
	case facts.IP:
		if isExternalIP(v) {
			j.rule = RuleExternal
		}
	case facts.URL, facts.HostPort:
		h, _ := urlHostPort(v)
		if k == facts.HostPort {
			h, _, _ = facts.SplitHostPort(v)
		}
		if isExternalIP(h) || facts.IsHostName(h) && isExternalHost(h, inv) {
			j.rule = RuleExternal
		}
	}
	return j
}

func distinctValues(inv *Inventory, es []int) []string {
	var out []string
	for _, e := range es {
		if v := inv.entries[e].value; !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// maxValues is how many distinct values of one kind a subject may have for
// a claim of another value to be stale: "Jellyfin's port" is one value,
// "Prometheus" two (server and exporter), "bee's ports" a set.
const maxValues = 2

// blocked reports whether, between the word w and an IP claim, the
// sentence names something else the config does not know ("from bee you
// can reach the printer at 192.168.50.77"): an address belongs to one
// machine, the nearest one named, whatever bee's address is. Something is
// named by an article and a word: "the printer", "a scanner".
func (ck *checker) blocked(c *Claim, k facts.Kind, w string) bool {
	if k != facts.IP {
		return false
	}
	if leaseWords(c.Near) || c.sentTo(w) {
		return true
	}
	ctx, lo := c.around()
	at := -1
	if c.ctxAt > 0 {
		at = c.ctxAt - 1 - lo
	}
	ctx = strings.ToLower(ctx)
	if at < 0 {
		at = strings.Index(ctx, strings.ToLower(c.Raw))
	}
	wi := -1
	for off := 0; ; {
		i := indexWord(ctx[off:], w)
		if i < 0 {
			break
		}
		wi = off + i
		if wi > at {
			break
		}
		off = wi + len(w)
	}
	if at < 0 || wi < 0 {
		return false
	}
	lo, hi := wi+len(w), at
	if wi > at {
		lo, hi = at+len(c.Raw), wi
	}
	if lo >= hi {
		return false
	}
	fs := strings.FieldsFunc(ctx[lo:hi], func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') })
	for i := 0; i+1 < len(fs); i++ {
		switch fs[i] {
		case "the", "a", "an", "its", "their", "our", "another":
			if n := fs[i+1]; !ck.inv.known[n] && !stopWords[n] {
				return true
			}
		}
	}
	return false
}

// byOwnPath judges v by the nearest word that names facts of kind k in
// their own Nix attribute path (services.jellyfin.port, flags.miniIp):
// verified if one of them has v, stale if they agree on other values (at
// most maxValues, plausible as an edit of v). Caddy facts do not take part:
// their matcher names (@bee, @lan) name clients, not what is served.
func (ck *checker) byOwnPath(c *Claim, k facts.Kind, v string, words []string, matches []int) (judgement, bool) {
	inv := ck.inv
	// Any word of the sentence whose own facts have v verifies it
	// ("Grafana runs on the nas (port 3000) and reads from Prometheus"),
	// in the singular too ("bee's nameserver" for networking.nameservers).
	for _, w := range words {
		var with []int
		for _, e := range inv.byAttr[kindWord{k, w}] {
			if inv.entries[e].value == v {
				with = append(with, e)
			}
		}
		if pl, ok := ck.plural[w]; ok && len(with) == 0 {
			for _, e := range inv.byAttr[kindWord{k, pl}] {
				if inv.entries[e].value == v {
					with = append(with, e)
				}
			}
		}
		if len(with) > 0 {
			return judgement{verdict: Verified, rule: RuleSubject, kind: k, value: v, subject: w, against: with}, true
		}
	}
	for i, w := range words {
		kw := kindWord{k, w}
		own := inv.byAttr[kw]
		if len(own) == 0 || inv.common[w] || ck.exclude[kw] || ck.blocked(c, k, w) || ck.hostPart(c, w, words) {
			continue
		}
		others := ck.evidence(k, v, own)
		if others == nil {
			continue
		}
		if len(matches) > 0 && (c.Code || ck.sharesWord(matches, c.Heading)) {
			return judgement{}, false // see whole: an incidental word
		}
		if len(matches) > 0 && ck.nearerOwner(k, v, words[:i], others) {
			// "Jellyfin (port 8097) and Synapse (port 8008)": 8008 is
			// Synapse's, the nearer word, whatever Jellyfin's port is.
			return judgement{}, false
		}
		return judgement{verdict: Stale, rule: RuleStale + "-" + k.String(), kind: k, value: v, subject: w,
			against: others, owners: matches, want: distinctValues(inv, others)}, true
	}
	return judgement{}, false
}

// nearerSubject reports whether one of words, none of them a machine,
// names facts of kind k whose values contradict v.
func (ck *checker) nearerSubject(c *Claim, k facts.Kind, v string, words []string) bool {
	inv := ck.inv
	for _, u := range words {
		kw := kindWord{k, u}
		if inv.hosts[u] || inv.common[u] || ck.exclude[kw] || len(inv.byValueWord[valueWord{k, v, u}]) > 0 {
			continue
		}
		es := inv.byPath[kw]
		if len(es) == 0 {
			es = inv.byWord[kw]
		}
		if len(es) > 0 && !ck.blocked(c, k, u) && ck.evidence(k, v, es) != nil {
			return true
		}
	}
	return false
}

// nearerOwner reports whether one of words (the claim's words nearer than
// the one about to make it stale with the facts others) names a fact
// that has v, and is not a word of those facts too: a machine (mini-vm,
// vm) has the values of every service on it, so it tells nothing.
func (ck *checker) nearerOwner(k facts.Kind, v string, words []string, others []int) bool {
	inv := ck.inv
	for _, u := range words {
		if !inv.hosts[u] && !inv.common[u] && len(inv.byValueWord[valueWord{k, v, u}]) > 0 && !ck.sharesWord(others, []string{u}) {
			return true
		}
	}
	return false
}

// evidence returns the entries of es that contradict a claim of v, or nil
// when they are none or too many to be one subject's value.
func (ck *checker) evidence(k facts.Kind, v string, es []int) []int {
	// Count distinct values, and the places (attribute path on one
	// machine) they come from, giving up as soon as both pass the limit;
	// only then collect.
	var vals, places []string
	n := 0
	for _, e := range es {
		en := ck.inv.entries[e]
		if !ck.plausibleEdit(k, v, en.value) {
			continue
		}
		n++
		if !slices.Contains(vals, en.value) {
			vals = append(vals, en.value)
		}
		f := &ck.inv.Facts[en.fact]
		place := path.Dir(f.Pos.File) + " " + f.Path
		if !slices.Contains(places, place) {
			places = append(places, place)
		}
		if len(vals) > maxValues && len(places) > maxValues {
			return nil
		}
	}
	if n == 0 {
		return nil
	}
	return ck.plausible(k, v, es)
}

// plausible keeps the entries whose value could be what a stale claim of
// v meant (see plausibleEdit).
func (ck *checker) plausible(k facts.Kind, v string, es []int) []int {
	var out []int
	for _, e := range es {
		if ck.plausibleEdit(k, v, ck.inv.entries[e].value) {
			out = append(out, e)
		}
	}
	return out
}

// plausibleEdit reports whether ev could be what a stale claim of v meant:
// any other port; an IP in the same network; a related host name.
func (ck *checker) plausibleEdit(k facts.Kind, v, ev string) bool {
	if ev == v {
		return false
	}
	switch k {
	case facts.IP:
		return sameNetwork(v, ev)
	case facts.CIDR:
		return samePrefixNet(v, ev)
	case facts.Host:
		return relatedHost(v, ev) && !numbered(v, ev)
	case facts.HostPort:
		h1, _, _ := facts.SplitHostPort(v)
		h2, _, _ := facts.SplitHostPort(ev)
		return h1 == h2 || relatedHost(h1, h2) || sameNetwork(h1, h2)
	case facts.URL:
		return false // URLs are judged by their parts
	}
	return true
}

// byParts judges a host:port or URL claim by its host and port when the
// whole value is not verified: a part that is stale makes the claim stale;
// all parts verified make it verified.
func (ck *checker) byParts(c *Claim, whole judgement) judgement {
	ps := parts(c.Kind, c.Value)
	if c.Kind == facts.URL {
		// the URL's own host:port is judged through its host and port
		ps = slices.DeleteFunc(ps, func(p key) bool { return p.kind == facts.HostPort })
	}
	if len(ps) == 0 {
		return whole
	}
	var js []judgement
	for _, p := range ps {
		if p.kind == facts.Port && len(js) > 0 && js[0].verdict == Unverified {
			// The port of a host the config does not know (an external
			// site, a VM manager's address) is that host's business.
			js = append(js, judgement{verdict: Unverified, rule: js[0].rule, kind: p.kind, value: p.value, part: true})
			continue
		}
		j := ck.whole(c, p.kind, p.value)
		j.part = true
		if j.verdict == Stale {
			if p.kind == facts.Port {
				if s, ok := ck.sameHost(c); ok {
					return s
				}
			}
			return j
		}
		js = append(js, j)
	}
	if whole.verdict == Stale {
		return whole
	}
	all := true
	var against []int
	for _, j := range js {
		if j.verdict != Verified {
			all = false
		}
		against = append(against, j.against...)
	}
	if all && (len(js) < 2 || ck.together(js[0].against, js[1].against)) {
		return judgement{verdict: Verified, rule: RuleParts, kind: c.Kind, value: c.Value, against: against}
	}
	if all {
		// Both parts are in the config, but of unrelated facts: bee's
		// address with the nas' exporter port.
		whole.rule = RuleUnknown
		whole.against = against
		return whole
	}
	// Report the first unverified part's reason but about the whole claim.
	for _, j := range js {
		if j.verdict == Unverified {
			whole.rule = j.rule
			if j.rule != RuleExternal {
				whole.rule = RuleUnknown
			}
			break
		}
	}
	return whole
}

// together reports whether two sets of entries come from one fact or
// share a specific subject word: the host and port of one service.
func (ck *checker) together(a, b []int) bool {
	for _, x := range a {
		ex := ck.inv.entries[x]
		for _, y := range b {
			ey := ck.inv.entries[y]
			if ex.fact == ey.fact {
				return true
			}
			for _, w := range ex.strong {
				if !ck.inv.common[w] && slices.Contains(ey.strong, w) {
					return true
				}
			}
		}
	}
	return false
}

// sameHost judges a host:port (or URL) claim whose port is wrong against
// the config's host:port values with the same host and one of the claim's
// words: "Jellyfin is proxied to 192.168.50.4:8097" → 192.168.50.4:8096.
func (ck *checker) sameHost(c *Claim) (judgement, bool) {
	var host string
	switch c.Kind {
	case facts.HostPort:
		host, _, _ = facts.SplitHostPort(c.Value)
	case facts.URL:
		host, _ = urlHostPort(c.Value)
	}
	if host == "" {
		return judgement{}, false
	}
	for _, w := range c.Near {
		var es []int
		for _, e := range ck.inv.byWord[kindWord{facts.HostPort, w}] {
			if h, _, ok := facts.SplitHostPort(ck.inv.entries[e].value); ok && h == host {
				es = append(es, e)
			}
		}
		if len(es) > 0 {
			want := distinctValues(ck.inv, es)
			return judgement{verdict: Stale, rule: RuleStale + "-" + facts.HostPort.String(), kind: facts.HostPort,
				value: c.Value, subject: w, against: es, want: want}, true
		}
	}
	return judgement{}, false
}

func (ck *checker) sharesWord(es []int, words []string) bool {
	for _, e := range es {
		for _, w := range words {
			if !ck.inv.common[w] && slices.Contains(ck.inv.entries[e].words, w) {
				return true
			}
		}
	}
	return false
}

func (ck *checker) withWord(es []int, w string) []int {
	var out []int
	for _, e := range es {
		if slices.Contains(ck.inv.entries[e].words, w) {
			out = append(out, e)
		}
	}
	return out
}

// byOrigin orders entries so that the place a value is defined comes
// first (an option default, an assignment), before the places it is used
// (a Caddy upstream filled by @miniIp@, the binding that fills it): the
// message names the first, which is where a fix goes.
func (ck *checker) byOrigin(es []int) []int {
	es = slices.Clone(es) // the inventory's index is shared
	rank := func(e int) int {
		f := &ck.inv.Facts[ck.inv.entries[e].fact]
		switch {
		case strings.HasPrefix(f.Note, "default of option"):
			return 0
		case f.Source == "nix" && strings.HasPrefix(f.Note, "sets"):
			return 1
		case f.Source == "caddy":
			return 2
		}
		return 3
	}
	sort.SliceStable(es, func(a, b int) bool { return rank(es[a]) < rank(es[b]) })
	return es
}

// maxConfig bounds the facts a result lists: enough to explain it.
const maxConfig = 8

func (ck *checker) factsOf(es []int) []facts.Fact {
	var out []facts.Fact
	var seen []int
	for _, e := range es {
		i := ck.inv.entries[e].fact
		if !slices.Contains(seen, i) {
			seen = append(seen, i)
			out = append(out, ck.inv.Facts[i])
			if len(out) == maxConfig {
				break
			}
		}
	}
	return out
}

var kindWords = map[facts.Kind]string{
	facts.IP: "IP", facts.CIDR: "subnet", facts.Port: "port", facts.Host: "host",
	facts.HostPort: "address", facts.URL: "URL",
}

// message phrases a verdict: what the page says, what the config says and
// where, and a fix.
func (ck *checker) message(c *Claim, j judgement) string {
	subj := ""
	if j.subject != "" {
		ctx, _ := c.around()
		subj = spelled(ctx, j.subject) + " "
	}
	what := subj + kindWords[j.kind] + " " + j.value
	if j.rule == RulePast || j.rule == RuleClosed {
		as := "a past value"
		if j.rule == RuleClosed {
			as = "closed"
		}
		msg := fmt.Sprintf("%s is stated as %s (%q), not checked", what, as, j.cue)
		if len(j.want) > 0 {
			msg += "; the config has " + listValues(j.want)
		}
		return msg
	}
	switch j.verdict {
	case Verified:
		if len(j.against) > 0 {
			return fmt.Sprintf("%s%s %s is verified by %s", subj, kindWords[c.Kind], c.Value, ck.describe(j.against[0]))
		}
		return fmt.Sprintf("%s %s is verified", kindWords[c.Kind], c.Value)
	case Stale:
		if cf := j.conflict; cf != nil {
			return ck.conflictMessage(c, j, what)
		}
		var b strings.Builder
		b.WriteString(what)
		if j.part {
			fmt.Fprintf(&b, " (in %s)", c.Raw)
		}
		b.WriteString(" is stale: ")
		b.WriteString(ck.describe(j.against[0]))
		if n := len(j.against) - 1; n > 0 {
			fmt.Fprintf(&b, " (and %d more)", n)
		}
		if len(j.owners) > 0 {
			// A setting named for the value (listeners.*.port) names
			// its owner better than one it is a part of (a URL).
			o := ck.inv.entries[j.owners[0]]
			for _, e := range j.owners {
				en := ck.inv.entries[e]
				p := strings.TrimSuffix(ck.inv.Facts[en.fact].Path, ".*")
				if j.kind == facts.Port && strings.Contains(strings.ToLower(p[strings.LastIndexByte(p, '.')+1:]), "port") {
					o = en
					break
				}
			}
			f := ck.inv.Facts[o.fact]
			fmt.Fprintf(&b, "; %s belongs to %s at %s", j.value, ownerName(f), f.Pos)
		}
		want := j.want
		if j.set {
			// The nearest value first: a port moved by one, an address
			// renumbered within its network.
			near := ck.inv.entries[j.against[0]].value
			return fmt.Sprintf("%s is stale: no config fact gives %s %s %s; the nearest is %s (did you mean %s?); it has %s",
				what, j.subject, kindWords[j.kind], j.value, ck.describe(j.against[0]), near, listValues(want))
		}
		if len(want) > 3 {
			want = want[:3]
		}
		if j.part && len(want) == 1 {
			// suggest the whole value with the part replaced
			if fixed := strings.Replace(c.Raw, rawPart(c.Raw, j.value), want[0], 1); fixed != c.Raw {
				return b.String() + " (did you mean " + fixed + "?)"
			}
		}
		return b.String() + " (did you mean " + strings.Join(want, " or ") + "?)"
	case Unverified:
		if j.rule == RuleExternal {
			return fmt.Sprintf("%s %s is outside the config (external)", kindWords[c.Kind], c.Value)
		}
		if len(j.against) > 0 {
			return fmt.Sprintf("%s %s is unverified: its host and port are in the config, but not together (%s; %s)", kindWords[c.Kind], c.Value,
				ck.describe(j.against[0]), ck.describe(j.against[len(j.against)-1]))
		}
		return fmt.Sprintf("%s %s is unverified: no config fact has this value or its subject (add it to the config, or suppress with <!-- docsite-ignore: reason -->)", kindWords[c.Kind], c.Value)
	}
	return ""
}

// closest orders entries by how near their value is to v: numerically for
// ports, by the last differing bits for addresses.
func (ck *checker) closest(v string, es []int) []int {
	es = slices.Clone(es)
	dist := func(e int) float64 {
		ev := ck.inv.entries[e].value
		if a, err := strconv.Atoi(v); err == nil {
			if b, err := strconv.Atoi(ev); err == nil {
				return math.Abs(float64(a - b))
			}
		}
		if h1, p1, ok := facts.SplitHostPort(v); ok {
			if h2, p2, ok := facts.SplitHostPort(ev); ok {
				a, _ := strconv.Atoi(p1)
				b, _ := strconv.Atoi(p2)
				switch {
				case h1 == h2:
					return math.Abs(float64(a - b))
				case p1 == p2:
					return 0.5 // the host renamed, the port kept
				}
				return 1e6 + math.Abs(float64(a-b))
			}
		}
		if s1, h1, p1, t1 := splitURL(v); s1 != "" {
			// A URL moved to another port of the same host and path
			// is nearer than another endpoint.
			if s2, h2, p2, t2 := splitURL(ev); s2 == s1 && h2 == h1 && t2 == t1 {
				a, _ := strconv.Atoi(p1)
				b, _ := strconv.Atoi(p2)
				return math.Abs(float64(a - b))
			}
			return 1e6
		}
		x, err1 := netip.ParseAddr(v)
		y, err2 := netip.ParseAddr(ev)
		if err1 == nil && err2 == nil && x.Is4() && y.Is4() {
			a, b := x.As4(), y.As4()
			return math.Abs(float64(int(a[0])<<24|int(a[1])<<16|int(a[2])<<8|int(a[3])) - float64(int(b[0])<<24|int(b[1])<<16|int(b[2])<<8|int(b[3])))
		}
		return math.MaxFloat64
	}
	sort.SliceStable(es, func(a, b int) bool { return dist(es[a]) < dist(es[b]) })
	return es
}

// orderedValues are the distinct values of es in their order.
func orderedValues(inv *Inventory, es []int) []string {
	var out []string
	for _, e := range es {
		if v := inv.entries[e].value; !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// listValues is "22, 443 and 8448", or the first few and how many more.
func listValues(vs []string) string {
	if len(vs) > 4 {
		return strings.Join(vs[:4], ", ") + fmt.Sprintf(" and %d more", len(vs)-4)
	}
	if len(vs) <= 1 {
		return strings.Join(vs, "")
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " and " + vs[len(vs)-1]
}

// describe is "file:line:col note" for an entry's fact.
func (ck *checker) describe(e int) string {
	en := ck.inv.entries[e]
	f := ck.inv.Facts[en.fact]
	note := f.Note
	if note == "" {
		note = "sets " + f.Path + " = " + f.Value
		if f.Path == "" {
			note = "defines " + f.Kind.String() + " " + f.Value
		}
	}
	if f.Conditional {
		note += " (under lib.mkIf)"
	}
	return f.Pos.String() + " " + note
}

func ownerName(f facts.Fact) string {
	if f.Path != "" {
		return f.Path
	}
	if len(f.Subjects) > 0 {
		return f.Subjects[0]
	}
	return f.Kind.String() + " " + f.Value
}

// nearBytes is how far around a claim its context is looked at for the
// words the claim is about: a sentence is rarely longer, a log pasted as
// one paragraph is megabytes, and reading all of it for each of its
// claims made such a page quadratic.
const nearBytes = 2048

// around returns the part of c's context around c, all of it up to
// nearBytes either side of the claim (cut at word bounds, unless a word
// is very long), and where that part starts in it.
func (c *Claim) around() (string, int) {
	ctx := c.Context
	if c.ctxAt == 0 || len(ctx) <= 2*nearBytes {
		return ctx, 0
	}
	at := c.ctxAt - 1
	lo, hi := max(0, at-nearBytes), min(len(ctx), at+len(c.Raw)+nearBytes)
	// Widen to whole words, but not through a word of kilobytes.
	for k := 0; lo > 0 && wordByte(ctx[lo-1]) && k < 64; k++ {
		lo--
	}
	for k := 0; hi < len(ctx) && wordByte(ctx[hi]) && k < 64; k++ {
		hi++
	}
	return ctx[lo:hi], lo
}

// spelled returns word as the context writes it ("Jellyfin" for jellyfin).
func spelled(ctx, word string) string {
	for i := 0; i+len(word) <= len(ctx); i++ {
		if strings.EqualFold(ctx[i:i+len(word)], word) &&
			(i == 0 || !wordByte(ctx[i-1])) && (i+len(word) == len(ctx) || !wordByte(ctx[i+len(word)])) {
			return ctx[i : i+len(word)]
		}
	}
	return word
}

// rawPart finds the spelling of a canonical part inside a raw value.
func rawPart(raw, v string) string {
	for i := 0; i+len(v) <= len(raw); i++ {
		if strings.EqualFold(raw[i:i+len(v)], v) {
			return raw[i : i+len(v)]
		}
	}
	return v
}

// globMatch matches slash paths with *, ? and ** (any number of segments).
func globMatch(pattern, name string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	if !strings.Contains(pattern, "**") {
		ok, _ := path.Match(pattern, name)
		return ok
	}
	ps := strings.Split(pattern, "/")
	ns := strings.Split(name, "/")
	var match func(pi, ni int) bool
	match = func(pi, ni int) bool {
		for pi < len(ps) {
			if ps[pi] == "**" {
				for k := ni; k <= len(ns); k++ {
					if match(pi+1, k) {
						return true
					}
				}
				return false
			}
			if ni >= len(ns) {
				return false
			}
			if ok, _ := path.Match(ps[pi], ns[ni]); !ok {
				return false
			}
			pi++
			ni++
		}
		return ni == len(ns)
	}
	return match(0, 0)
}

// overlap is the most words of ws (not common ones) that one entry of es has.
func (ck *checker) overlap(ws []string, es []int) int {
	n := 0
	for _, e := range es {
		n = max(n, ck.shared(ws, e))
	}
	return n
}

func (ck *checker) shared(ws []string, e int) int {
	n := 0
	for _, w := range ws {
		if !ck.inv.common[w] && slices.Contains(ck.inv.entries[e].words, w) {
			n++
		}
	}
	return n
}

// byOverlap orders entries by how many of ws they have, most first, so a
// message names the fact the sentence is most likely about.
func (ck *checker) byOverlap(ws []string, es []int) []int {
	es = slices.Clone(es) // the inventory's index is shared
	sort.SliceStable(es, func(i, j int) bool { return ck.shared(ws, es[i]) > ck.shared(ws, es[j]) })
	return es
}

// splitURL splits a canonical URL into scheme, host (v6 without brackets),
// port ("" when not written) and the rest (path, query, fragment).
func splitURL(u string) (scheme, host, port, tail string) {
	i := strings.Index(u, "://")
	if i < 0 {
		return "", "", "", ""
	}
	scheme, rest := u[:i], u[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest, tail = rest[:j], rest[j:]
	}
	if h, p, ok := facts.SplitHostPort(rest); ok {
		return scheme, h, p, tail
	}
	return scheme, strings.Trim(rest, "[]"), "", tail
}

// urlSibling judges a URL the config does not define against the config's
// URLs with the same scheme and path that differ from it only in the port,
// or only in an address of the same network, and share a word of the
// claim's sentence or heading: Gatus checking http://192.168.50.4:8097/health
// where the page says http://192.168.50.4:8096/health. Host names that
// differ are other sites (ha. and grafana. of one domain), not a move.
func (ck *checker) urlSibling(c *Claim) (judgement, bool) {
	sc, h, p, tail := splitURL(c.Value)
	if sc == "" {
		return judgement{}, false
	}
	var es []int
	subject := ""
	for _, e := range ck.urls {
		en := &ck.inv.entries[e]
		sc2, h2, p2, tail2 := splitURL(en.value)
		if sc2 != sc || tail2 != tail || (h2 == h) == (p2 == p) || h2 != h && !sameNetwork(h, h2) {
			continue
		}
		if w := ck.firstShared(en.words, c.Near, c.Heading); w != "" {
			es = append(es, e)
			if subject == "" {
				subject = w
			}
		}
	}
	if len(es) == 0 || len(distinctValues(ck.inv, es)) > maxValues {
		return judgement{}, false
	}
	return judgement{verdict: Stale, rule: RuleStale + "-" + facts.URL.String(), kind: facts.URL, value: c.Value,
		subject: subject, against: es, want: distinctValues(ck.inv, es)}, true
}

// firstShared is the first word of the tiers, not a common one, that words has.
func (ck *checker) firstShared(words []string, tiers ...[]string) string {
	for _, t := range tiers {
		for _, w := range t {
			if !ck.inv.common[w] && slices.Contains(words, w) {
				return w
			}
		}
	}
	return ""
}
