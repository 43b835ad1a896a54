// docsite live reload: served by `docsite serve` only, never written to the
// built site. Every URL is derived from this script's own address, so it
// works behind a TLS proxy, under a path prefix, from a LAN IP or a phone.
(function () {
  "use strict";
  if (window.__docsiteLive) return;
  window.__docsiteLive = true;

  var script = document.currentScript;
  var here = new URL(script ? script.src : "__docsite/live.js", location.href);
  var api = new URL(".", here); // …/__docsite/
  var root = new URL("..", api); // the site root
  var SCROLL = "docsite:scroll";
  var meta = document.querySelector('meta[name="docsite-version"]');
  var known = meta ? meta.content : ""; // the newest version this page knows of
  var navigate = true;
  var dismissed = "";
  var lastFindings = null;

  // The page's key in events and findings: its path from the site root,
  // "mini-vm/" for mini-vm/index.html, "" for the home page.
  function pageKey() {
    var p = location.pathname;
    if (p.indexOf(root.pathname) === 0) p = p.slice(root.pathname.length);
    return p.replace(/(^|\/)index\.html$/, "$1");
  }

  // Reload keeping the scroll position: the browser usually restores it
  // itself, but not always after content above the fold changed height.
  function reload() {
    try {
      sessionStorage.setItem(SCROLL, JSON.stringify({ p: location.pathname, x: scrollX, y: scrollY }));
    } catch (e) {}
    location.reload();
  }

  function restoreScroll() {
    var s;
    try {
      s = JSON.parse(sessionStorage.getItem(SCROLL) || "null");
      sessionStorage.removeItem(SCROLL);
    } catch (e) {}
    if (s && s.p === location.pathname) {
      if ("scrollRestoration" in history) history.scrollRestoration = "manual";
      var go = function () { scrollTo(s.x, s.y); };
      go();
      addEventListener("load", go);
    }
  }

  function swapCSS(files) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      var u = new URL(old.getAttribute("href"), location.href);
      var key = u.pathname.indexOf(root.pathname) === 0 ? u.pathname.slice(root.pathname.length) : u.pathname;
      if (files.indexOf(key) < 0) continue;
      var fresh = old.cloneNode();
      u.searchParams.set("ds", Date.now());
      fresh.href = u.href;
      // Drop the old sheet only once the new one applies: no flash.
      fresh.onload = fresh.onerror = (function (o) { return function () { o.remove(); }; })(old);
      old.after(fresh);
    }
  }

  function onReload(d) {
    known = d.version;
    var key = pageKey();
    if (d.edited != null && navigate && d.edited !== key) {
      location.href = new URL(d.edited, root).href;
      return;
    }
    if (d.all || (d.changed || []).indexOf(key) >= 0) {
      reload();
      return;
    }
    if (d.css && d.css.length) swapCSS(d.css);
    loadFindings();
  }

  // ---- findings: the overlay and the inline claim marks ----

  var style = document.createElement("style");
  style.textContent = [
    "#ds-live-overlay{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;",
    "background:#1e1e1e;color:#eee;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;",
    "border-left:6px solid #e5534b;border-radius:6px;box-shadow:0 8px 30px rgba(0,0,0,.45);padding:.8rem 2.6rem .8rem 1rem}",
    "#ds-live-overlay.ds-warn{border-left-color:#d29922}",
    "#ds-live-overlay h2{font:600 14px/1.4 system-ui,sans-serif;margin:0 0 .5rem;color:#fff}",
    "#ds-live-overlay ol{list-style:none;margin:0;padding:0}",
    "#ds-live-overlay li{margin:.45rem 0;padding-top:.45rem;border-top:1px solid #333}",
    "#ds-live-overlay .ds-pos{color:#8cb4ff}",
    "#ds-live-overlay .ds-error{color:#ff7b72;font-weight:600}",
    "#ds-live-overlay .ds-warning{color:#e3b341;font-weight:600}",
    "#ds-live-overlay pre{margin:.3rem 0 0;padding:.3rem .5rem;background:#111;color:#ccc;white-space:pre-wrap;border-radius:4px}",
    "#ds-live-overlay button{position:absolute;top:.4rem;right:.5rem;background:none;border:0;color:#aaa;font-size:20px;cursor:pointer}",
    ".ds-claim-stale{text-decoration:underline wavy #e5534b;text-underline-offset:3px;background:rgba(229,83,75,.12);cursor:help}",
    ".ds-claim-stale::after{content:\"\\26A0\";color:#e5534b;font-size:.8em;margin-left:.15em}",
    ".ds-claim-unverified{text-decoration:underline dotted #d29922;text-underline-offset:3px;cursor:help}",
    ".ds-claim-verified{cursor:help}"
  ].join("\n");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function showOverlay(f) {
    var old = document.getElementById("ds-live-overlay");
    if (old) old.remove();
    var diags = (f.diagnostics || []).filter(function (d) { return d.severity === "error" || d.severity === "warning"; });
    if (!diags.length || dismissed === f.version) return;
    var errors = diags.filter(function (d) { return d.severity === "error"; }).length;
    var box = el("div", errors ? "" : "ds-warn");
    box.id = "ds-live-overlay";
    box.setAttribute("role", "alert");
    var total = f.total || {};
    if (total.error != null) errors = total.error;
    var warns = total.warning != null ? total.warning : diags.length - errors;
    var title = errors ? errors + " error" + (errors > 1 ? "s" : "") : "";
    if (warns) title += (title ? ", " : "") + warns + " warning" + (warns > 1 ? "s" : "");
    box.appendChild(el("h2", "", "docsite: " + title));
    var close = el("button", "", "\u00d7");
    close.title = "Dismiss until the next build";
    close.onclick = function () { dismissed = f.version; box.remove(); };
    box.appendChild(close);
    var list = el("ol");
    diags.forEach(function (d) {
      var li = el("li");
      var pos = d.pos || {};
      var at = (pos.file || "-") + (pos.line ? ":" + pos.line + (pos.column ? ":" + pos.column : "") : "");
      li.appendChild(el("span", "ds-pos", at));
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("span", "ds-" + d.severity, d.severity));
      li.appendChild(document.createTextNode(": " + d.message));
      if (d.excerpt) li.appendChild(el("pre", "", d.excerpt));
      list.appendChild(li);
    });
    box.appendChild(list);
    var more = errors + warns - diags.length;
    if (more > 0) box.appendChild(el("p", "", "… and " + more + " more (docsite check lists them all)"));
    document.body.appendChild(box);
  }

  function markClaims(f) {
    var claims = (f.claims || {})[pageKey()] || [];
    var by = {};
    claims.forEach(function (c) { by[c.at] = c; });
    var spans = document.querySelectorAll("[data-claim]");
    for (var i = 0; i < spans.length; i++) {
      var s = spans[i];
      var c = by[s.getAttribute("data-claim")];
      s.classList.remove("ds-claim-stale", "ds-claim-unverified", "ds-claim-verified");
      s.removeAttribute("title");
      if (!c) continue;
      s.classList.add("ds-claim-" + c.verdict);
      var tip = c.message || "";
      if (c.source) tip += (tip ? " — " : "") + c.source;
      if (tip) s.title = tip;
    }
  }

  function applyFindings(f) {
    lastFindings = f;
    if (typeof f.navigate_to_changed === "boolean") navigate = f.navigate_to_changed;
    if (!style.parentNode) document.head.appendChild(style);
    showOverlay(f);
    markClaims(f);
    document.documentElement.setAttribute("data-docsite-findings", f.version);
  }

  var loading = 0;
  function loadFindings() {
    var n = ++loading;
    var u = new URL("findings.json", api);
    u.searchParams.set("page", pageKey());
    fetch(u, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (f) { if (n === loading) applyFindings(f); })
      .catch(function () {});
  }

  // ---- the event stream ----

  function connect() {
    var es = new EventSource(new URL("events", api));
    es.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      // A different version on (re)connect means we missed a build, or the
      // server restarted with another site: show what it serves now.
      if (known && d.version !== known) { reload(); return; }
      known = d.version;
      loadFindings();
    });
    es.addEventListener("reload", function (e) { onReload(JSON.parse(e.data)); });
    es.addEventListener("css", function (e) {
      var d = JSON.parse(e.data);
      known = d.version;
      swapCSS(d.css || []);
    });
    es.addEventListener("findings", function (e) {
      known = JSON.parse(e.data).version;
      loadFindings();
    });
    // EventSource retries by itself while the server is down; if the
    // browser gave up (CLOSED), start over.
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  restoreScroll();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
  window.__docsiteFindings = function () { return lastFindings; };
})();
