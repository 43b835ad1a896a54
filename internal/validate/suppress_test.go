package validate

import (
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/site"
)

// TestSiteSuppressions covers what site.toml can suppress and strictness:
// [validate] ignore values (any spelling of the value), per-path rules with
// and without values, warnings for the ones that match nothing, and
// unverified claims turning into errors under strict.
func TestSiteSuppressions(t *testing.T) {
	inv := labelledInventory(t)
	page := []byte("# Notes\n\nThe printer is at 192.168.50.77 and the scanner at 192.168.50.78.\n\nJellyfin (port 8097).\n")
	legacy := []byte("# Old\n\nThe old router was 192.168.1.1.\n")
	claims := append(inv.Claims("content/notes.md", page, parseMD(page)), inv.Claims("content/legacy/old.md", legacy, parseMD(legacy))...)

	cfg := labelledConfig(t)
	cfg.Validate.Ignore = []string{"192.168.50.77", "10.9.9.9"}
	cfg.Validate.Rules = []site.Rule{
		{Path: "content/legacy/*.md", Reason: "archived", Pos: facts.Pos{File: "site.toml", Line: 10, Col: 1}},
		{Path: "content/notes.md", Values: []string{"192.168.50.78"}, Reason: "scanner is DHCP", Pos: facts.Pos{File: "site.toml", Line: 14, Col: 1}},
		{Path: "content/nowhere/**", Reason: "typo", Pos: facts.Pos{File: "site.toml", Line: 18, Col: 1}},
	}
	cfg.Validate.Strict = true
	rep := Check(claims, inv, cfg)

	verdict := map[string]Result{}
	for _, r := range rep.Results {
		verdict[r.Claim.Value] = r
	}
	for v, want := range map[string]string{"192.168.50.77": RuleIgnoreValue, "192.168.50.78": RuleIgnoreRule, "192.168.1.1": RuleIgnoreRule} {
		if r := verdict[v]; r.Verdict != Ignored || r.Rule != want {
			t.Errorf("%s: %s (%s), want ignored by %s", v, r.Verdict, r.Rule, want)
		}
	}
	if r := verdict["8097"]; r.Verdict != Stale || r.Severity != diag.Error {
		t.Errorf("8097: %s %s, want stale error", r.Verdict, r.Severity)
	}
	var unused []string
	for _, d := range rep.Diags {
		if d.Rule == RuleUnused {
			unused = append(unused, d.String())
		}
	}
	got := strings.Join(unused, "\n")
	for _, want := range []string{`site.toml:18:1: warning: [[validate.rules]] path "content/nowhere/**" suppresses nothing`, `[validate] ignore value "10.9.9.9" matches no claim`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "192.168.50.77") {
		t.Errorf("a used ignore value is reported unused:\n%s", got)
	}

	// Strict: an unverified claim is an error.
	page2 := []byte("The backup target is 192.168.60.99.\n")
	rep = Check(inv.Claims("content/x.md", page2, parseMD(page2)), inv, cfg)
	if len(rep.Results) != 1 || rep.Results[0].Verdict != Unverified || rep.Results[0].Severity != diag.Error {
		t.Errorf("strict: %+v", rep.Results)
	}
	cfg.Validate.Strict = false
	rep = Check(inv.Claims("content/x.md", page2, parseMD(page2)), inv, cfg)
	if rep.Results[0].Severity != diag.Warning {
		t.Errorf("not strict: %s", rep.Results[0].Severity)
	}
}

// TestUnknownHostPort: the port of a host the config does not know is not
// judged by the sentence's subjects, even when it names a machine.
func TestUnknownHostPort(t *testing.T) {
	inv := labelledInventory(t)
	page := []byte("From bee, check https://status.example.org:8443/health and 203.0.113.9:8443 and 192.168.60.7:9443.\n")
	rep := Check(inv.Claims("content/x.md", page, parseMD(page)), inv, labelledConfig(t))
	for _, r := range rep.Results {
		if r.Verdict == Stale {
			t.Errorf("%s %s: %s", r.Claim.Pos, r.Claim.Value, r.Message)
		}
	}
}

// TestMachineWordAlone: a sentence that names a machine and a value no
// fact has is not enough to call the value stale, unless the sentence
// lists the machine's values and the others check out.
func TestMachineWordAlone(t *testing.T) {
	inv := labelledInventory(t)
	page := []byte("From bee you can reach the printer at 192.168.50.77.\n\nRun curl on bee against port 9999 of the test container.\n\nbee opens ports 80, 443 and 8449.\n")
	rep := Check(inv.Claims("content/x.md", page, parseMD(page)), inv, labelledConfig(t))
	got := map[string]Verdict{}
	for _, r := range rep.Results {
		got[r.Claim.Value] = r.Verdict
	}
	want := map[string]Verdict{"192.168.50.77": Unverified, "9999": Unverified, "80": Verified, "443": Verified, "8449": Stale}
	for v, w := range want {
		if got[v] != w {
			t.Errorf("%s: %s, want %s", v, got[v], w)
		}
	}
}
