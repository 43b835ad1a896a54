// Package validate checks the facts runbooks state against the facts the
// config defines.
//
// Claims extracts from a page's goldmark AST every IP, CIDR, port, host,
// host:port and URL it states, at its byte-exact line:col, with the words
// around it (sentence, list item or table row; headings; page name).
// LoadInventory reads the configured .nix files and Caddy templates into an
// Inventory; StartInventory returns it as soon as its host names are known
// (all Claims needs) and builds the indexes Check matches with meanwhile.
// Check gives every claim a verdict; a Run does the same page by page as a
// build hands the pages over, keeping only the findings:
//
//   - verified: the config defines the value, and where the claim names a
//     subject ("Jellyfin (port 8096)"), a fact with that subject has it;
//   - stale (error): a fact about the claim's subject has a different
//     value of the same kind, and none has the claimed value;
//   - unverified (warning, error under strict): nothing in the config
//     speaks to it; public hosts and addresses the config has no reason
//     to define are unverified with severity info (rule "external");
//   - ignored: suppressed by <!-- docsite-ignore: reason --> (next block),
//     <!-- docsite-ignore-start: reason --> … <!-- docsite-ignore-end -->,
//     [validate] ignore values or [[validate.rules]].
//
// Precision comes first. Only a specific word (one that names a fact in
// its Nix attribute path, Caddy site, or file path; not a stop word like
// port, ip, server, nor a Caddy matcher or a word only a comment gives) of
// the claim's own sentence or nearest heading is evidence for stale. A word
// that names Nix facts by attribute path (services.jellyfin.port) decides
// before words that merely mention a value. A subject with many values (a
// machine's ports) is a set, not a value to contradict: a port no fact has
// is stale against a machine only when the same sentence lists other ports
// of it that check out. An IP is only stale against one in the same /24
// (/64), and not when the sentence names something else in between ("the
// printer at …"); a host only against one differing in a single label. The
// words around a value in a code line are arguments, not its subject. Stale
// messages lead with the config value nearest the claimed one (the likely
// edit) and name where it is defined before where it is used.
//
// # When the config disagrees with itself
//
// A runbook that states a value several config places share still agrees
// with the places that did not change after one did. So Check also reads
// the relations the config states between its own places (conflict.go):
// an upstream or endpoint URL points at a machine (by its address, a Caddy
// site it serves, or a name like mini-vm.orb.local) whose listeners and
// firewall are known; a firewall opens ports on a machine whose Caddy sites
// are known; a template binding inherits a value defined elsewhere. Where
// such a relation breaks, and the two values are one edit apart (ports one
// digit or at most 10 apart, host names one small label edit apart), a
// claim judged against either side is stale with rule "stale-conflict",
// and its message names both places. Machines come from the flake's
// nixosConfigurations/darwinConfigurations module files and from the
// machine whose config fills a template. A claim verified only by another
// machine's copy of a setting (Caddy's admin port on bee, not on the mini
// the page is about) is stale against its own machine's value.
//
// # JSON report
//
// WriteJSON (docsite check --format json) writes one object; the schema is
// stable (version 1), fields are only ever added:
//
//	{
//	  "version": 1,
//	  "summary": {"pages": 7, "claims": 291, "verified": 275, "stale": 0,
//	              "unverified": 0, "ignored": 16, "sources_read": 14,
//	              "sources_skipped": 0, "errors": 0, "warnings": 0,
//	              "elapsed_ms": 12},
//	  "claims": [{
//	    "file": "content/mini-vm.md", "line": 42, "column": 14,
//	    "kind": "port",                 // ip cidr port host hostport url
//	    "value": "8096",                // canonical form
//	    "raw": "8096",                  // as written
//	    "verdict": "stale",             // verified stale unverified ignored
//	    "severity": "error",            // error warning info
//	    "message": "Jellyfin port 8096 is stale: infra/templates/Caddyfile.mini:10:29 proxies jellyfin to mini-vm.orb.local:8097 (did you mean 8097?)",
//	    "rule": "stale-port",           // see below
//	    "subject": "jellyfin",          // the word the verdict turned on, if any
//	    "subjects": ["jellyfin", "services", "mini-vm"],
//	    "config": [{"file": "infra/templates/Caddyfile.mini", "line": 10,
//	                "column": 29, "path": "http://@miniIp@:8096 > reverse_proxy",
//	                "kind": "port", "value": "8097"}]
//	  }],
//	  "links":    [{"file": …, "line": …, "column": …, "severity": "error", "message": …, "rule": "link"}],
//	  "findings": [ same shape: suppression problems, unused suppressions, config warnings ],
//	  "skipped":  [{"file": "secrets/wifi.nix", "line": 1, "column": 1, "reason": "git-crypt encrypted file"}]
//	}
//
// "claims" lists only findings (stale, and unverified at warning or error)
// unless --all is given, which lists every claim. "config" is the list of
// config facts the claim was judged against: for stale, the subject's
// facts with other values; for verified, the facts with the value.
//
// Rules: subject-match, value-defined, parts-verified, known-host (verified);
// stale-ip, stale-cidr, stale-port, stale-host, stale-hostport (stale);
// unverified, external (unverified); ignore-comment, ignore-value,
// ignore-rule (ignored). Findings that are not claims: ignore-comment
// (malformed comment), unused-suppression, unreadable-source,
// config-source (a glob matching nothing), and the readers' own (caddy, nix).
package validate
