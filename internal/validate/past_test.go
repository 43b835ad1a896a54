package validate

import (
	"testing"
)

// TestPastCue lists sentences and, for one claim in each, the words that
// put it in the past ("" for none).
func TestPastCue(t *testing.T) {
	testCues(t, []cueCase{
		{"Jellyfin previously ran on port 8097.", "8097", "previously"},
		{"Previously, Jellyfin ran on port 8097.", "8097", "previously"},
		{"Jellyfin previously ran on port 8097; it now listens on port 8096.", "8096", ""},
		{"Jellyfin previously ran on port 8097, and now on port 8096.", "8096", ""},
		{"Grafana used to listen on port 3300.", "3300", "used to"},
		{"The VPN is used to reach 10.100.0.3.", "10.100.0.3", ""},
		{"Home Assistant no longer answers on port 8124.", "8124", "no longer"},
		{"Jellyfin is no longer slow. It listens on port 8097.", "8097", ""},
		{"We moved Prometheus from port 9091 to port 9090.", "9091", "moved from"},
		{"We moved Prometheus from port 9091 to port 9090.", "9090", ""},
		{"The Synapse listener changed from 8008 to 8009.", "8009", ""},
		{"The Synapse listener changed from 8008 to 8009.", "8008", "changed from"},
		{"Caddy forwards from port 443 to 8096.", "443", ""},
		{"AdGuard uses port 3001 instead of port 3002.", "3002", "instead of"},
		{"AdGuard uses port 3001 instead of port 3002.", "3001", ""},
		{"Instead of a tunnel, bee forwards port 8097.", "8097", ""},
		{"Prometheus scrapes port 9101 rather than the old one.", "9101", ""},
		{"The retired Gatus port 8081 is closed.", "8081", "retired"},
		{"The legacy API on port 8081 is still served.", "8081", ""},
		{"Before the move, Jellyfin used port 8097.", "8097", "before the move"},
		{"Until the migration, Jellyfin used port 8097.", "8097", "until the migration"},
		{"Before restarting, check that Jellyfin answers on port 8097.", "8097", ""},
		{"Wait until port 8097 answers.", "8097", ""},
		{"Before the move, Jellyfin used port 8097 and now uses port 8096.", "8096", ""},
		{"bee (formerly the gateway) serves 192.168.50.2.", "192.168.50.2", ""},
		{"bee (formerly at 192.168.50.2) serves 192.168.50.3.", "192.168.50.2", "formerly"},
		{"As previously noted, Jellyfin listens on port 8095.", "8095", ""},
		{"Jellyfin, previously mentioned, listens on port 8095.", "8095", ""},
		{"Formerly: nothing. Jellyfin listens on port 8095.", "8095", ""},
		{"Formerly at 192.168.50.12, the nas now lives at 192.168.50.10.", "192.168.50.10", ""},
		{"| nas | formerly 192.168.50.12 |\n|---|---|\n| x | y |", "192.168.50.12", ""},
		{"Formerly:\n\n```\nlisten 192.168.50.12:8097\n```", "192.168.50.12:8097", ""},
	}, (*Claim).pastCue)
}

// TestClosedCue lists sentences and, for one port in each, the words that
// state it closed ("" for none).
func TestClosedCue(t *testing.T) {
	testCues(t, []cueCase{
		{"Jellyfin's HTTPS port 8920 stays closed.", "8920", "closed"},
		{"Port 8920 is not exposed to the internet.", "8920", "not exposed"},
		{"The firewall blocks port 5353 on the LAN.", "5353", "blocks"},
		{"Port 8921 is blocked, since TLS ends at bee.", "8921", "blocked"},
		{"Jellyfin listens on port 8097 and port 8920 stays closed.", "8097", ""},
		{"Jellyfin listens on port 8097, and 8920 stays closed.", "8097", ""},
		{"Jellyfin listens on port 8097 when the firewall is not open.", "8097", ""},
		{"Jellyfin listens on port 8097. It is closed on weekends.", "8097", ""},
		{"Jellyfin's port 8097 is not used by anything else.", "8097", ""},
		{"Port 8920 remains firewalled.", "8920", "firewalled"},
		{"Jellyfin's HTTPS port 8920 (default) is not opened.", "8920", "not opened"},
		{"The mini-vm firewall blocks Jellyfin's HTTPS port 8920.", "8920", "blocks"},
	}, (*Claim).closedCue)
}

// A cueCase is a page, the raw text of one claim in it, and the cue
// words expected for that claim.
type cueCase struct{ md, value, cue string }

// testCues extracts each case's claims against the labelled inventory
// and checks cue on the claim written as value.
func testCues(t *testing.T, cases []cueCase, cue func(*Claim) string) {
	t.Helper()
	inv := labelledInventory(t)
	for _, tc := range cases {
		src := []byte(tc.md)
		found := false
		for _, c := range inv.Claims("p.md", src, parseMD(src)) {
			if c.Raw != tc.value {
				continue
			}
			found = true
			if got := cue(&c); got != tc.cue {
				t.Errorf("%q: %s: cue %q, want %q", tc.md, tc.value, got, tc.cue)
			}
		}
		if !found {
			t.Errorf("%q: no claim %s", tc.md, tc.value)
		}
	}
}
