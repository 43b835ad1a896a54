package validate

import (
	"fmt"
	"math"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// A conflict is a place where the config disagrees with itself: a
// reference (a reverse_proxy upstream, an endpoint URL, a firewall port, a
// template binding) whose value nothing it refers to has, next to the value
// it most likely meant. After one place of a config changes, the runbook
// still agrees with the places that did not, so the claim alone looks
// verified; the conflict is what shows the change. A claim judged against
// either side is stale, and its message names both.
//
// Conflicts are found only through relations the config states itself
// (an upstream's host is a machine whose listeners are known, a firewall
// opens a port on a machine whose listeners are known, a binding inherits
// a value defined elsewhere), never by comparing unrelated facts, so a
// consistent config has none.
type conflict struct {
	kind facts.Kind // the kind of the value in dispute: port, host, IP or subnet
	// ref are the facts of the odd place (the upstream, the firewall
	// port, the binding), carrying refValue; want are the facts of the
	// place it most likely meant, carrying wantValue.
	ref, want           []int
	refValue, wantValue string
	// why says what is missing, after the ref's description: "but nothing
	// on mini-vm listens on 8097".
	why string
	// global: the want side is a value the whole config shares (a flag
	// a template binding should have passed on), so a claim of it is
	// touched wherever it stands.
	global bool
}

// machineIndex knows which machine each fact configures and what each
// machine listens on.
type machineIndex struct {
	inv     *Inventory
	machine []string // by fact index; "" when not one machine's
	addrs   map[string]string
	// listen and fw are each machine's ports: what its services and Caddy
	// sites listen on, and what its firewall opens (by attribute path:
	// TCP and UDP apart).
	listen map[string]map[string][]int
	fw     map[string]map[string]map[string][]int
	// sites are the Caddy site hosts: host → machine and the ports served
	// for that host.
	sites     map[string]string
	sitePorts map[string]map[string][]int
	// referenced are ports some reference on another fact expects a
	// machine to listen on.
	referenced map[string]map[string]bool
	machines   map[string]bool
	what       map[int][]string // see whatWords
	// served marks machines whose Caddy sites are known: only on those is
	// what listens known well enough to call a firewall port unused.
	served map[string]bool
}

// setMachines tells the inventory which machines each config file and each
// template belongs to (from the flake's nixosConfigurations and the
// substituteAll/replaceVars calls), so conflicts can be found per machine.
// Without it, machines come from machines/<name>/ file paths only.
func (inv *Inventory) setMachines(files, templates map[string][]string) {
	inv.fileHosts, inv.templateHosts = files, templates
}

func (inv *Inventory) machineOfFact(f *facts.Fact) string {
	one := func(ms []string) string {
		if len(ms) == 1 {
			return ms[0]
		}
		return ""
	}
	if f.Source == "caddy" {
		if ms, ok := inv.templateHosts[f.Pos.File]; ok {
			return one(ms)
		}
	}
	if ms, ok := inv.fileHosts[f.Pos.File]; ok {
		return one(ms)
	}
	return machineDir(f.Pos.File)
}

// conflicts finds every conflict of the inventory, keyed by the facts on
// either side, and the machine of each fact ("" when not one machine's).
func (inv *Inventory) conflicts() (map[int][]*conflict, []string) {
	mi := &machineIndex{
		inv: inv, machine: make([]string, len(inv.Facts)), addrs: map[string]string{},
		listen: map[string]map[string][]int{}, fw: map[string]map[string]map[string][]int{},
		sites: map[string]string{}, sitePorts: map[string]map[string][]int{},
		referenced: map[string]map[string]bool{}, machines: map[string]bool{}, served: map[string]bool{},
	}
	var cs []*conflict
	cs = append(cs, mi.bindingConflicts()...)
	mi.index()
	refs := mi.references()
	for _, r := range refs {
		if r.machine != "" && r.port != "" {
			if mi.referenced[r.machine] == nil {
				mi.referenced[r.machine] = map[string]bool{}
			}
			mi.referenced[r.machine][r.port] = true
		}
	}
	for _, r := range refs {
		if c := mi.checkRef(r); c != nil {
			cs = append(cs, c)
		}
	}
	cs = append(cs, mi.firewallConflicts()...)
	out := map[int][]*conflict{}
	for _, c := range cs {
		if len(c.ref) == 0 || len(c.want) == 0 {
			continue // a side that carries no value has nothing to name
		}
		for _, i := range c.ref {
			out[i] = append(out[i], c)
		}
		for _, i := range c.want {
			out[i] = append(out[i], c)
		}
	}
	return out, mi.machine
}

func isBinding(f *facts.Fact) bool { return strings.HasPrefix(f.Note, "fills @") }

// bindingConflicts: a template binding (inherit (config.flags) miniIp next
// to substituteAll) names a value the config defines elsewhere
// (flags.miniIp); a binding of the same name with another value is a
// template filled differently from the rest of the config.
func (mi *machineIndex) bindingConflicts() []*conflict {
	inv := mi.inv
	// Definitions by the last segment of their path (flags.miniIp →
	// miniIp), which is the name a binding passes them on as.
	defs := map[string][]int{}
	for j := range inv.Facts {
		if d := &inv.Facts[j]; d.Source == "nix" && !isBinding(d) {
			name := d.Path[strings.LastIndexByte(d.Path, '.')+1:]
			defs[name] = append(defs[name], j)
		}
	}
	var out []*conflict
	for i := range inv.Facts {
		b := &inv.Facts[i]
		if !isBinding(b) || b.Path == "" || strings.Contains(b.Path, ".") {
			continue
		}
		var others []int
		same := false
		for _, j := range defs[b.Path] {
			d := &inv.Facts[j]
			if d.Kind != b.Kind {
				continue
			}
			if d.Value == b.Value {
				same = true
				break
			}
			others = append(others, j)
		}
		if same || len(others) == 0 {
			continue
		}
		out = append(out, &conflict{kind: b.Kind, ref: []int{i}, want: others, refValue: b.Value, wantValue: inv.Facts[others[0]].Value, global: true,
			why: "while the rest of the config reads " + inv.Facts[others[0]].Path})
	}
	return out
}

// index assigns facts to machines and collects addresses, listeners,
// firewall ports and Caddy sites.
func (mi *machineIndex) index() {
	inv := mi.inv
	// Positions holding a URL or host:port: their port facts are parts of
	// a reference, not listeners.
	whole, sitePos := map[facts.Pos]bool{}, map[facts.Pos]bool{}
	for i := range inv.Facts {
		f := &inv.Facts[i]
		mi.machine[i] = inv.machineOfFact(f)
		if mi.machine[i] != "" {
			mi.machines[mi.machine[i]] = true
		}
		if f.Kind == facts.URL || f.Kind == facts.HostPort {
			whole[f.Pos] = true
		}
		// A site address with a port also yields its bare host; that
		// is not a site on the default ports.
		if f.Source == "caddy" && f.Kind == facts.HostPort && strings.HasPrefix(f.Note, "Caddy site ") {
			sitePos[f.Pos] = true
		}
	}
	for _, ms := range inv.fileHosts {
		for _, m := range ms {
			mi.machines[m] = true
		}
	}
	add := func(mm map[string]map[string][]int, m, port string, i int) {
		if mm[m] == nil {
			mm[m] = map[string][]int{}
		}
		mm[m][port] = append(mm[m][port], i)
	}
	for i := range inv.Facts {
		f := &inv.Facts[i]
		m := mi.machine[i]
		switch {
		case f.Source == "nix" && f.Kind == facts.IP && !isBinding(f):
			// A machine's address: its interfaces, or an option named
			// after it (flags.beeIp).
			if m != "" && strings.HasPrefix(f.Path, "networking.interfaces.") {
				mi.addrs[f.Value] = m
			} else if m == "" {
				if n := mi.namedMachine(f.Path); n != "" {
					mi.addrs[f.Value] = n
				}
			}
		case f.Source == "nix" && f.Kind == facts.Port && m != "" && !whole[f.Pos]:
			if strings.HasPrefix(f.Path, "networking.firewall.") {
				proto := strings.TrimSuffix(f.Path, ".*")
				if mi.fw[m] == nil {
					mi.fw[m] = map[string]map[string][]int{}
				}
				add(mi.fw[m], proto, f.Value, i)
			} else {
				add(mi.listen, m, f.Value, i)
			}
		case f.Source == "caddy" && m != "":
			if strings.HasSuffix(f.Path, "global options > admin") && f.Kind == facts.Port {
				add(mi.listen, m, f.Value, i)
			}
			if !strings.HasPrefix(f.Note, "Caddy site ") || f.Kind == facts.Host && sitePos[f.Pos] {
				continue
			}
			mi.served[m] = true
			host, ports := siteAddress(f)
			for _, p := range ports {
				add(mi.listen, m, p, i)
				if host != "" {
					mi.sites[host] = m
					add(mi.sitePorts, host, p, i)
				}
			}
		}
	}
}

// namedMachine returns the machine an option is named after: flags.beeIp
// and flags.miniVmAddress name bee and mini-vm.
func (mi *machineIndex) namedMachine(path string) string {
	seg := path[strings.LastIndexByte(path, '.')+1:]
	low := strings.ToLower(seg)
	best := ""
	for m := range mi.machines {
		flat := strings.ReplaceAll(m, "-", "")
		for _, prefix := range []string{m, flat} {
			rest, ok := strings.CutPrefix(low, prefix)
			if !ok {
				continue
			}
			switch rest {
			case "ip", "ipv4", "ip4", "addr", "address":
				if len(m) > len(best) {
					best = m
				}
			}
		}
	}
	return best
}

// siteAddress returns the host a Caddy site fact names (if any) and the
// ports it serves: its explicit port, else 443 and 80 for a name (HTTPS
// with the HTTP redirect), 80 for http://.
func siteAddress(f *facts.Fact) (host string, ports []string) {
	switch f.Kind {
	case facts.Host:
		return f.Value, []string{"443", "80"}
	case facts.HostPort:
		h, p, _ := facts.SplitHostPort(f.Value)
		return h, []string{p}
	case facts.Port:
		return "", []string{f.Value}
	case facts.URL:
		h, p := urlEndpoint(f.Value)
		return h, []string{p}
	}
	return "", nil
}

// ref is one reference: an upstream or endpoint the config points at.
type ref struct {
	facts      []int // the facts at its position (URL, host:port, host, port)
	from       string
	host, port string
	machine    string // the machine host resolves to, if any
	loopback   bool
}

// references collects Caddy upstreams and Nix URLs and host:port values,
// with the machine each points at.
func (mi *machineIndex) references() []*ref {
	inv := mi.inv
	// A reference stands where a whole address does: a Caddy upstream
	// (its host and port facts share a line), a Nix URL or host:port.
	keyOf := func(f *facts.Fact) (facts.Pos, bool) {
		switch {
		case f.Source == "caddy" && strings.Contains(f.Path, "> reverse_proxy"):
			p := f.Pos
			p.Col = 0
			return p, true
		case f.Source == "nix" && !isBinding(f):
			return f.Pos, true
		}
		return facts.Pos{}, false
	}
	byPos := map[facts.Pos]*ref{}
	var out []*ref
	for i := range inv.Facts {
		f := &inv.Facts[i]
		if f.Kind != facts.URL && f.Kind != facts.HostPort {
			continue
		}
		p, ok := keyOf(f)
		if !ok || byPos[p] != nil {
			continue
		}
		r := &ref{from: mi.machine[i]}
		byPos[p] = r
		out = append(out, r)
	}
	for i := range inv.Facts {
		f := &inv.Facts[i]
		p, ok := keyOf(f)
		if !ok || byPos[p] == nil {
			continue
		}
		r := byPos[p]
		r.facts = append(r.facts, i)
		switch f.Kind {
		case facts.URL:
			r.host, r.port = urlEndpoint(f.Value)
		case facts.HostPort:
			if r.host == "" {
				r.host, r.port, _ = facts.SplitHostPort(f.Value)
			}
		}
	}
	kept := out[:0]
	for _, r := range out {
		if r.host == "" || r.port == "" {
			continue
		}
		switch r.host {
		case "localhost", "127.0.0.1", "::1":
			r.loopback, r.machine = true, r.from
		default:
			r.machine = mi.resolve(r.host)
		}
		kept = append(kept, r)
	}
	return kept
}

// resolve returns the machine a host names: one of its addresses, a Caddy
// site it serves, its own name, or a name whose first label is its name
// (mini-vm.orb.local).
func (mi *machineIndex) resolve(host string) string {
	if m, ok := mi.addrs[host]; ok {
		return m
	}
	if m, ok := mi.sites[host]; ok {
		return m
	}
	label, _, _ := strings.Cut(host, ".")
	if mi.machines[label] {
		return label
	}
	return ""
}

// checkRef reports a reference whose machine does not listen where it
// points.
func (mi *machineIndex) checkRef(r *ref) *conflict {
	inv := mi.inv
	if r.machine == "" {
		// A name under a domain the config serves that no site serves,
		// next to one that does (matrix2.home.example.net): a host
		// renamed on one side.
		if !facts.IsHostName(r.host) || !inv.domains[parentDomain(r.host)] {
			return nil
		}
		wantHost := mi.renamed(r.host, r.port)
		if wantHost == "" {
			return nil
		}
		want := mi.sitePorts[wantHost][r.port]
		want = mi.sameValue(mi.sites[wantHost], facts.Host, wantHost, want)
		return &conflict{kind: facts.Host, ref: mi.carrying(r.facts, facts.Host, r.host), want: mi.carrying(want, facts.Host, wantHost),
			refValue: r.host, wantValue: wantHost, why: fmt.Sprintf("but no Caddy site serves %s", r.host)}
	}
	if ports, ok := mi.sitePorts[r.host]; ok {
		// A name Caddy serves: the port must be one of its sites'.
		if ports[r.port] != nil {
			return nil
		}
		// The name moved to another port, or this port to another name.
		if h := mi.renamed(r.host, r.port); h != "" {
			ps := mi.sitePorts[h]
			{
				want := mi.sameValue(mi.sites[h], facts.Host, h, ps[r.port])
				return &conflict{kind: facts.Host, ref: mi.carrying(r.facts, facts.Host, r.host), want: mi.carrying(want, facts.Host, h),
					refValue: r.host, wantValue: h, why: fmt.Sprintf("but Caddy serves port %s as %s, not %s", r.port, h, r.host)}
			}
		}
		p, want := closestPort(r.port, ports)
		if p == "" {
			return nil
		}
		return &conflict{kind: facts.Port, ref: mi.carrying(r.facts, facts.Port, r.port), want: mi.carrying(want, facts.Port, p),
			refValue: r.port, wantValue: p, why: fmt.Sprintf("but Caddy serves %s on port %s", r.host, p)}
	}
	listen := mi.listen[r.machine]
	var open map[string][]int
	for _, ps := range mi.fw[r.machine] {
		for p, is := range ps {
			if open == nil {
				open = map[string][]int{}
			}
			open[p] = append(open[p], is...)
		}
	}
	if len(listen) == 0 && len(open) == 0 {
		return nil // nothing known about what it listens on
	}
	if listen[r.port] == nil && open[r.port] == nil {
		all := map[string][]int{}
		for p, is := range listen {
			all[p] = append(all[p], is...)
		}
		for p, is := range open {
			all[p] = append(all[p], is...)
		}
		p, want := mi.nearestByWords(r, all)
		if p == "" {
			return nil
		}
		return &conflict{kind: facts.Port, ref: mi.carrying(r.facts, facts.Port, r.port), want: mi.carrying(want, facts.Port, p),
			refValue: r.port, wantValue: p, why: fmt.Sprintf("but nothing on %s listens on %s", r.machine, r.port)}
	}
	if !r.loopback && r.from != r.machine && len(open) > 0 && open[r.port] == nil && len(mi.fw[r.machine]) > 0 {
		// Reached from another machine through a firewall that does not
		// open the port: the firewall likely opens a moved one.
		unused := map[string][]int{}
		for p, is := range open {
			if listen[p] == nil && !mi.referenced[r.machine][p] {
				unused[p] = is
			}
		}
		p, want := closestPort(r.port, unused)
		if p == "" {
			return nil
		}
		return &conflict{kind: facts.Port, ref: mi.carrying(r.facts, facts.Port, r.port), want: mi.carrying(want, facts.Port, p),
			refValue: r.port, wantValue: p, why: fmt.Sprintf("but %s's firewall does not open %s", r.machine, r.port)}
	}
	return nil
}

// firewallConflicts reports ports a firewall opens that nothing on its
// machine listens on and nothing elsewhere points at, next to the nearest
// port that is listened on but not opened.
func (mi *machineIndex) firewallConflicts() []*conflict {
	var out []*conflict
	for m, byPath := range mi.fw {
		listen := mi.listen[m]
		if !mi.served[m] {
			// Services on NixOS defaults (Caddy's 80 and 443, sshd)
			// state no port: without the machine's sites, an open port
			// nothing names may well be in use.
			continue
		}
		for _, ports := range byPath {
			for p, is := range ports {
				if listen[p] != nil || mi.referenced[m][p] {
					continue
				}
				closed := map[string][]int{}
				for lp, ls := range listen {
					if ports[lp] == nil {
						closed[lp] = ls
					}
				}
				wp, want := closestPort(p, closed)
				if wp == "" {
					continue
				}
				out = append(out, &conflict{kind: facts.Port, ref: mi.carrying(is, facts.Port, p), want: mi.carrying(mi.samePort(m, wp, want), facts.Port, wp),
					refValue: p, wantValue: wp, why: fmt.Sprintf("but nothing on %s listens on %s", m, p)})
			}
		}
	}
	return out
}

// samePort adds to want the other facts of machine m that carry port p, so
// a claim of p judged against any of them sees the conflict.
func (mi *machineIndex) samePort(m, p string, want []int) []int {
	return mi.sameValue(m, facts.Port, p, want)
}

// sameValue adds to want the other facts of machine m that carry value v
// of kind k.
func (mi *machineIndex) sameValue(m string, k facts.Kind, v string, want []int) []int {
	out := slices.Clone(want)
	for i := range mi.inv.Facts {
		if mi.machine[i] == m && !slices.Contains(out, i) && carries(&mi.inv.Facts[i], k, v) {
			out = append(out, i)
		}
	}
	return out
}

// nearestByWords picks, among a machine's ports, the one a reference most
// likely meant: one whose facts share a word with it, else (not for
// loopback references) the nearest.
func (mi *machineIndex) nearestByWords(r *ref, ports map[string][]int) (string, []int) {
	words := map[string]bool{}
	for _, i := range r.facts {
		for _, w := range mi.whatWords(i) {
			words[w] = true
		}
	}
	shared := map[string][]int{}
	for p, is := range ports {
		for _, i := range is {
			for _, w := range mi.whatWords(i) {
				if words[w] {
					shared[p] = is
				}
			}
		}
	}
	if p, is := closestPort(r.port, shared); p != "" || r.loopback {
		// A loopback upstream to a port nothing states is most often a
		// service on its default port; only a listener of the same
		// service is evidence that the port moved.
		return p, is
	}
	return closestPort(r.port, ports)
}

// whatWords are the words that say what fact i is: those of its attribute
// or directive path and note (not of comments nearby), with the parts of
// compounds (matrix-synapse → matrix) and the subject each is an alias of
// ([validate.aliases] matrix = ["homeserver"]), less machine names and
// words too common to tell facts apart.
func (mi *machineIndex) whatWords(i int) []string {
	if mi.what == nil {
		mi.what = map[int][]string{}
		for _, en := range mi.inv.entries {
			if !en.derived {
				if _, ok := mi.what[en.fact]; !ok {
					mi.what[en.fact] = en.path
				}
			}
		}
		for f, ws := range mi.what {
			var out []string
			add := func(w string) {
				if !mi.machines[w] && !mi.inv.common[w] && !stopWords[w] && !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
			for _, w := range ws {
				add(w)
				for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '_' }) {
					add(p)
				}
				for _, a := range mi.inv.aliases {
					if slices.Contains(a.phrases, w) {
						add(a.key)
					}
				}
			}
			mi.what[f] = out
		}
	}
	return mi.what[i]
}

// closestPort returns the port of ports numerically nearest to p that p
// could be an edit of (see portEdit), and its facts.
func closestPort(p string, ports map[string][]int) (string, []int) {
	a, err := strconv.Atoi(p)
	if err != nil {
		return "", nil
	}
	best, bestD := "", math.MaxInt
	for q := range ports {
		b, err := strconv.Atoi(q)
		if err != nil || q == p || !portEdit(p, q) {
			continue
		}
		d := a - b
		if d < 0 {
			d = -d
		}
		if d < bestD || d == bestD && q < best {
			best, bestD = q, d
		}
	}
	if best == "" {
		return "", nil
	}
	return best, ports[best]
}

// carrying keeps the facts of is that carry value v of kind k: the port
// itself, or a host:port or URL with that port (for a host: with that
// host). A claim of the machine's address is not judged by a conflict
// about its port.
func (mi *machineIndex) carrying(is []int, k facts.Kind, v string) []int {
	var out []int
	for _, i := range is {
		if carries(&mi.inv.Facts[i], k, v) {
			out = append(out, i)
		}
	}
	return out
}

func carries(f *facts.Fact, k facts.Kind, v string) bool {
	if f.Kind == k {
		return f.Value == v
	}
	var h, p string
	switch f.Kind {
	case facts.HostPort:
		h, p, _ = facts.SplitHostPort(f.Value)
	case facts.URL:
		h, p = urlHostPort(f.Value)
	default:
		return false
	}
	switch k {
	case facts.Port:
		return p == v
	case facts.Host, facts.IP:
		if a, err := netip.ParseAddr(h); err == nil {
			return a.String() == v
		}
		return h == v
	}
	return false
}

// touches returns the conflict a claim judged against entries es runs into,
// and whether the claim sides with the reference (its value is the odd
// one). A claim that sides with what the reference should have pointed at
// (Synapse's port, when a status check elsewhere points one off) is only
// touched where it is about the reference's machine: the page, heading or
// sentence names it. Elsewhere it states a value the config still agrees
// on, and the conflict is reported where it is.
func (ck *checker) touches(c *Claim, es []int) (*conflict, bool) {
	if len(ck.conflicts) == 0 {
		return nil, false
	}
	k := c.Kind
	var about []string // the machines the claim is about, once needed
	aboutDone := false
	for _, e := range es {
		en := ck.inv.entries[e]
		for _, cf := range ck.conflicts[en.fact] {
			// Only entries that are the disputed value or contain it.
			if en.kind != cf.kind && en.kind != facts.HostPort && en.kind != facts.URL {
				continue
			}
			if k != cf.kind && k != facts.HostPort && k != facts.URL {
				continue
			}
			if slices.Contains(cf.ref, en.fact) {
				return cf, true
			}
			if !aboutDone {
				for _, words := range [][]string{c.Near, c.Heading, c.Page} {
					about = ck.machinesIn(about, words)
				}
				aboutDone = true
			}
			if m := ck.factMachine[cf.ref[0]]; cf.global || m == "" || slices.Contains(about, m) {
				return cf, false
			}
		}
	}
	return nil, false
}

// entriesOf returns the whole-fact entries of facts is.
func (ck *checker) entriesOf(is []int) []int {
	var out []int
	for e, en := range ck.inv.entries {
		if !en.derived && slices.Contains(is, en.fact) {
			out = append(out, e)
		}
	}
	return out
}

// RuleConflict is the rule of a claim the config disagrees with itself about.
const RuleConflict = "stale-conflict"

// disputed turns a verified judgement into a stale one: the claim agrees
// with one side of a conflict, and the other side says otherwise.
func (ck *checker) disputed(j judgement, cf *conflict, onRef bool) judgement {
	other, own := cf.want, cf.ref
	if !onRef {
		other, own = cf.ref, cf.want
	}
	j.verdict, j.rule = Stale, RuleConflict
	j.conflict, j.onRef = cf, onRef
	j.against = append(ck.entriesOf(other), ck.entriesOf(own)...)
	j.want = []string{cf.wantValue}
	if !onRef {
		j.want = []string{cf.refValue}
	}
	j.owners = nil
	return j
}

// conflictMessage names both places of a conflict: the odd one first, with
// what is missing, then the one it likely meant.
func (ck *checker) conflictMessage(c *Claim, j judgement, what string) string {
	cf := j.conflict
	refE, wantE := ck.widest(ck.entriesOf(cf.ref)), ck.widest(ck.entriesOf(cf.want))
	if len(refE) == 0 || len(wantE) == 0 {
		return what + " is stale: the config disagrees with itself"
	}
	var b strings.Builder
	b.WriteString(what)
	if j.part {
		fmt.Fprintf(&b, " (in %s)", c.Raw)
	}
	fmt.Fprintf(&b, " is stale: the config disagrees with itself: %s, %s; %s", ck.describeValue(refE[0]), cf.why, ck.describeValue(wantE[0]))
	if j.onRef {
		fmt.Fprintf(&b, " (did you mean %s?)", cf.wantValue)
	} else {
		fmt.Fprintf(&b, " (if %s is right, fix the config at %s)", cf.wantValue, ck.inv.Facts[cf.ref[0]].Pos)
	}
	return b.String()
}

// describeValue is describe with the fact's value when its note does not
// show it ("sets networking.firewall.allowedTCPPorts.* = 8097").
func (ck *checker) describeValue(e int) string {
	d := ck.describe(e)
	if f := &ck.inv.Facts[ck.inv.entries[e].fact]; !strings.Contains(f.Note, f.Value) && f.Note != "" {
		d += " = " + f.Value
	}
	return d
}

// renamed returns the Caddy site host serving port that is the nearest
// rename of host (one label edited a little: matrix → matrix2), or "".
func (mi *machineIndex) renamed(host, port string) string {
	best, bestD := "", math.MaxInt
	for h, ps := range mi.sitePorts {
		if h == host || ps[port] == nil || !relatedHost(host, h) {
			continue
		}
		d := facts.EditDistance(host, h, math.MaxInt)
		if d*3 > len(strings.SplitN(h, ".", 2)[0])+2 {
			continue // another name, not an edit of this one
		}
		if d < bestD || d == bestD && h < best {
			best, bestD = h, d
		}
	}
	return best
}

// setting is what a fact sets, the same on every machine: the Nix
// attribute path, or the Caddy directive path without the Nix option that
// holds the Caddyfile text ("global options > admin").
func setting(f *facts.Fact) string {
	p := f.Path
	if f.Source == "caddy" && strings.HasSuffix(f.Pos.File, ".nix") {
		if _, rest, ok := strings.Cut(p, " > "); ok {
			p = rest
		}
	}
	return p
}

// claimMachines are the machines a claim is about: those its sentence
// names, else its heading, else its page.
func (ck *checker) claimMachines(c *Claim) []string {
	for _, words := range [][]string{c.Near, c.Heading, c.Page} {
		if ms := ck.machinesIn(nil, words); len(ms) > 0 {
			return ms
		}
	}
	return nil
}

// machinesIn appends to ms the machines words name, leaving out the parts
// of compounds they hold: mini-vm's page is not about the mini.
func (ck *checker) machinesIn(ms, words []string) []string {
	for _, w := range strongWords(words) {
		if ck.machineNames[w] && !slices.Contains(ms, w) {
			ms = append(ms, w)
		}
	}
	return ms
}

// otherMachine judges a claim verified only by facts of other machines
// than the one it is about, when that machine has the same setting with
// another value: "the admin API listens on localhost:2019" on bee's page,
// after bee's admin moved to 2020 while the mini's stayed.
func (ck *checker) otherMachine(c *Claim, j judgement) (judgement, bool) {
	// Cheap tests first, without allocating: this runs for every
	// verified claim.
	for _, e := range j.against {
		if ck.factMachine[ck.inv.entries[e].fact] == "" {
			return j, false // verified by a fact every machine shares
		}
	}
	ms := ck.claimMachines(c)
	if len(ms) == 0 {
		return j, false // about no machine
	}
	var settings []string
	for _, e := range j.against {
		f := ck.inv.entries[e].fact
		if slices.Contains(ms, ck.factMachine[f]) {
			return j, false // verified on its own machine
		}
		if st := setting(&ck.inv.Facts[f]); !slices.Contains(settings, st) {
			settings = append(settings, st)
		}
	}
	var others []int
	for _, m := range ms {
		for _, st := range settings {
			for _, e := range ck.bySetting[settingKey{j.kind, m, st}] {
				if v := ck.inv.entries[e].value; v != j.value && ck.plausibleEdit(j.kind, j.value, v) {
					others = append(others, e)
				}
			}
		}
	}
	if len(others) == 0 {
		return j, false
	}
	slices.Sort(others)
	j.verdict, j.rule = Stale, RuleStale+"-"+j.kind.String()
	j.against, j.owners = slices.Compact(others), nil
	j.want = distinctValues(ck.inv, j.against)
	return j, true
}

type settingKey struct {
	kind             facts.Kind
	machine, setting string
}

// relations are what Check derives from an inventory before judging: the
// conflicts, the machine of each fact, and one machine's facts by setting.
// An inventory does not change once loaded, so they are derived once, the
// first time a check needs them, however many checks use it (the dev
// server checks page by page).
type relations struct {
	conflicts    map[int][]*conflict
	factMachine  []string
	machineNames map[string]bool
	bySetting    map[settingKey][]int
	// urls are the entries of URLs the config states (not parts of
	// one), which urlSibling compares a URL claim with.
	urls []int
	// compound maps a part of one hyphenated path word to that word
	// (telegram → mautrix-telegram), for a claim that names the part
	// alone: see compounds.
	compound map[string]string
	// plural maps a word to the plural a Nix attribute path has
	// (nameserver → nameservers), for byOwnPath.
	plural map[string]string
	// hostValues are the config's host names, once each, for
	// misspelled.
	hostValues []string
}

func (inv *Inventory) relate() *relations {
	inv.relOnce.Do(func() {
		r := &relations{machineNames: map[string]bool{}, bySetting: map[settingKey][]int{}}
		r.conflicts, r.factMachine = inv.conflicts()
		for _, m := range r.factMachine {
			if m != "" {
				r.machineNames[m] = true
			}
		}
		for e, en := range inv.entries {
			if en.kind == facts.URL && !en.derived {
				r.urls = append(r.urls, e)
			}
			if m := r.factMachine[en.fact]; m != "" {
				k := settingKey{en.kind, m, setting(&inv.Facts[en.fact])}
				r.bySetting[k] = append(r.bySetting[k], e)
			}
		}
		r.compound = inv.compounds()
		for kv := range inv.byValue {
			if kv.kind == facts.Host {
				r.hostValues = append(r.hostValues, kv.value)
			}
		}
		sort.Strings(r.hostValues)
		r.plural = map[string]string{}
		for kw := range inv.byAttr {
			if w := kw.word; len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
				r.plural[w[:len(w)-1]] = w
			}
		}
		inv.rel = r
	})
	return inv.rel
}

// compounds maps each part of a hyphenated path word to the word, where
// the part names nothing else: "the Telegram bridge" means
// mautrix-telegram. Parts are weak words of a fact (strongWords), so that
// mini-vm is no evidence about the mini; a part the config knows as a
// word of its own, a machine, a stop word, a part of two compounds or one
// shorter than four letters (vm, ui) is left out.
func (inv *Inventory) compounds() map[string]string {
	m := map[string]string{}
	for kw := range inv.byPath {
		c := kw.word
		if !strings.ContainsAny(c, "-_") {
			continue
		}
		for _, p := range strings.FieldsFunc(c, func(r rune) bool { return r == '-' || r == '_' }) {
			if len(p) < 4 || stopWords[p] || inv.hosts[p] || inv.common[p] {
				continue
			}
			if prev, ok := m[p]; ok && prev != c {
				m[p] = "" // two compounds share it
				continue
			}
			m[p] = c
		}
	}
	own := func(w string) bool {
		for k := facts.IP; k <= facts.URL; k++ {
			if len(inv.byWord[kindWord{k, w}]) > 0 {
				return true
			}
		}
		return false
	}
	for p, c := range m {
		if c == "" || own(p) {
			delete(m, p)
		}
	}
	return m
}

// portEdit reports whether port a could be b edited: one digit changed, or
// a step of at most 10 (8096 → 8097, 8008 → 8009, 443 → 444). Two ports
// further apart are two services, one of them maybe on a default the
// config does not state; calling that a conflict would be a guess.
func portEdit(a, b string) bool {
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	if d := x - y; d >= -10 && d <= 10 {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	diff := 0
	for i := range len(a) {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff == 1
}

// widest moves to the front the entry that shows the most of its place: a
// URL before its host:port before its port.
func (ck *checker) widest(es []int) []int {
	rank := func(e int) int {
		switch ck.inv.entries[e].kind {
		case facts.URL:
			return 0
		case facts.HostPort:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(es, func(a, b int) int { return rank(a) - rank(b) })
	return es
}

// urlEndpoint is the host and port a URL reaches: its explicit port, else
// 80 for http and 443 for anything else.
func urlEndpoint(u string) (host, port string) {
	host, port = urlHostPort(u)
	if port == "" {
		port = "443"
		if strings.HasPrefix(u, "http://") {
			port = "80"
		}
	}
	return host, port
}
