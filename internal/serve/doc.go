// Package serve is docsite's development server: it builds the site into
// memory, serves it, and rebuilds on every change, telling open browsers
// what changed over Server-Sent Events.
//
// Each rebuild produces a complete, immutable Version (every file, its
// content type and strong ETag, and the findings), published through an
// atomic pointer: a request reads the pointer once, so it never sees two
// versions or a half-built one. Requests are answered from the version's
// map alone; nothing on disk is reachable, whatever the path says.
//
// In serve mode every page loads /__docsite/live.js, which listens on
// /__docsite/events and fetches /__docsite/findings.json?page=KEY: the
// overlay of errors and warnings (the same findings `docsite check` prints)
// and the verdicts of the claims on that page, which the build tags with
// data-claim="LINE:COL". A rebuild sends one of:
//
//	reload    {version, changed: [page keys], all, css, edited}
//	css       {version, css: [paths]}          stylesheets only: swapped in place
//	findings  {version}                        verdicts or diagnostics only
//
// and each connection starts with hello {version}, so a page that missed
// a build (or outlived a server restart) reloads.
//
// A batch of file changes is classified: a page goes to the build's
// incremental Builder; the theme, static files and site.toml rebuild
// everything; a Nix or Caddy source reloads the inventory only. Pages are
// published first; the site-wide check follows in the background and
// publishes the findings, unless a newer edit has superseded it.
package serve
