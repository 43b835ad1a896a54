// docsite default theme: dark-mode toggle, menu drawer, copy buttons and
// offline search. Plain ES5-ish JavaScript, no framework; the page reads and
// navigates fine without it.
(function () {
  "use strict";
  var doc = document, html = doc.documentElement;
  var root = html.getAttribute("data-root") || "";
  var isFile = location.protocol === "file:";

  // On file:// a link to "dir/" opens a directory listing, so point it at
  // dir/index.html. Web servers keep the pretty URLs.
  function fix(href) {
    if (!isFile || /^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(href)) return href;
    var i = href.search(/[?#]/), path = i < 0 ? href : href.slice(0, i), rest = i < 0 ? "" : href.slice(i);
    if (path !== "" && path.slice(-1) === "/") path += "index.html";
    else if (path === "." || path === "..") path += "/index.html";
    return path + rest;
  }

  // Console sessions copy only their commands: lines that start with a prompt
  // (chroma class gp), without the prompt and without output (class go).
  var PROMPT = /^(\[[^\]\n]*\] ?|[\w.-]+@[\w.-]+(:[^\s$#%]*)? ?)?[$#%] ?/;
  function copyText(code, lang) {
    var text = code.textContent.replace(/\n$/, "");
    var session = /^(console|shell-session|bash-session|sh-session|terminal)$/i.test(lang);
    if (!code.querySelector(".gp")) {
      if (!session) return text;
      return text.split("\n").filter(function (l) { return PROMPT.test(l); })
        .map(function (l) { return l.replace(PROMPT, ""); }).join("\n");
    }
    var lines = [], cur = { s: "", p: false };
    (function walk(n, cls) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 1) { walk(c, c.classList.contains("gp") ? "gp" : c.classList.contains("go") ? "go" : cls); continue; }
        if (c.nodeType !== 3) continue;
        var parts = c.nodeValue.split("\n");
        for (var i = 0; i < parts.length; i++) {
          if (i > 0) { lines.push(cur); cur = { s: "", p: false }; }
          if (cls === "gp") cur.p = true;
          else if (cls !== "go") cur.s += parts[i];
        }
      }
    })(code, "");
    lines.push(cur);
    return lines.filter(function (l) { return l.p; })
      .map(function (l) { return l.s.replace(/^ /, ""); }).join("\n");
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { legacyCopy(text, done); });
    } else legacyCopy(text, done);
  }
  // Plain HTTP from a LAN address and file pages are not secure contexts: no Clipboard API.
  function legacyCopy(text, done) {
    var ta = doc.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.style.cssText = "position:fixed;top:0;opacity:0";
    doc.body.appendChild(ta); ta.select();
    try { doc.execCommand("copy"); done(); } catch (e) { /* nothing to report to */ }
    ta.remove();
  }

  function setupCode() {
    doc.querySelectorAll(".ds-main pre").forEach(function (pre) {
      var code = pre.querySelector("code") || pre, box = pre.parentNode;
      if (!box.classList.contains("ds-code")) {
        box = doc.createElement("div"); box.className = "ds-code";
        pre.parentNode.insertBefore(box, pre); box.appendChild(pre);
      }
      var lang = box.getAttribute("data-lang") || pre.getAttribute("data-lang") || code.getAttribute("data-lang") ||
        ((code.className.match(/language-(\S+)/) || [])[1]) || "";
      if (lang && !box.hasAttribute("data-lang")) box.setAttribute("data-lang", lang);
      var btn = box.querySelector(".ds-copy");
      if (!btn) {
        btn = doc.createElement("button"); btn.className = "ds-copy"; btn.textContent = "Copy";
        box.appendChild(btn);
      }
      btn.type = "button";
      btn.setAttribute("aria-label", /^(console|shell-session|bash-session|sh-session|terminal)$/i.test(lang) ? "Copy commands" : "Copy code");
      btn.addEventListener("click", function () {
        copy(copyText(code, lang), function () {
          btn.textContent = "Copied"; btn.classList.add("ds-done");
          setTimeout(function () { btn.textContent = "Copy"; btn.classList.remove("ds-done"); }, 1500);
        });
      });
    });
  }

  function isDark() {
    var t = html.getAttribute("data-theme");
    return t ? t === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function setupTheme() {
    var btn = doc.querySelector(".ds-theme");
    if (!btn) return;
    btn.setAttribute("aria-pressed", String(isDark()));
    btn.addEventListener("click", function () {
      var t = isDark() ? "light" : "dark";
      html.setAttribute("data-theme", t);
      try { localStorage.setItem("docsite-theme", t); } catch (e) { /* private mode: not persisted */ }
      btn.setAttribute("aria-pressed", String(t === "dark"));
    });
  }

  function setupMenu() {
    var menu = doc.querySelector(".ds-menu"), side = doc.getElementById("ds-sidebar");
    if (!menu || !side) return;
    function open(on) {
      html.classList.toggle("ds-nav-open", on);
      menu.setAttribute("aria-expanded", String(on));
      if (on) { var a = side.querySelector(".ds-current") || side.querySelector("a[href]:not(.ds-close)"); if (a) a.focus(); } else menu.focus();
    }
    menu.addEventListener("click", function (e) { e.preventDefault(); open(!html.classList.contains("ds-nav-open")); });
    side.querySelector(".ds-close").addEventListener("click", function (e) { e.preventDefault(); open(false); });
    doc.addEventListener("click", function (e) {
      if (html.classList.contains("ds-nav-open") && !side.contains(e.target) && !menu.contains(e.target)) open(false);
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && html.classList.contains("ds-nav-open")) open(false);
    });
    // On narrow screens the table of contents sits above the article: fold it.
    if (matchMedia("(max-width: 1100px)").matches) doc.querySelectorAll(".ds-toc details").forEach(function (d) { d.open = false; });
  }

  // Search. The index is a script (window.DOCSITE_SEARCH = [{t, u, h, x}]),
  // not JSON, because fetch() of a local file fails on file://.
  function slug(s) {
    return s.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, "").replace(/ /g, "-");
  }
  function rank(q, idx) {
    var terms = q.toLowerCase().split(/\s+/).filter(Boolean), out = [];
    if (!terms.length) return out;
    idx.forEach(function (d) {
      if (d._t === undefined) { d._t = d.t.toLowerCase(); d._x = (d.x || "").toLowerCase(); d._h = (d.h || []).map(function (h) { return h.toLowerCase(); }); }
      var score = 0, head = "", i, j;
      for (i = 0; i < terms.length; i++) {
        var term = terms[i], s = 0, k = d._t.indexOf(term);
        if (k >= 0) s += k === 0 || /\W/.test(d._t[k - 1]) ? 120 : 100;
        for (j = 0; j < d._h.length; j++) {
          if (d._h[j].indexOf(term) >= 0) { s += 20; if (!head && k < 0) head = d.h[j]; break; }
        }
        if (d._x.indexOf(term) >= 0) s += 2;
        if (!s) return;
        score += s;
      }
      out.push({ d: d, s: score, h: head });
    });
    out.sort(function (a, b) { return b.s - a.s || a.d.t.localeCompare(b.d.t); });
    return out.slice(0, 20);
  }
  function esc(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function highlight(el, text, terms) {
    var re = new RegExp("(" + terms.map(esc).join("|") + ")", "gi");
    text.split(re).forEach(function (part, i) {
      if (i % 2) { var m = doc.createElement("mark"); m.textContent = part; el.appendChild(m); } else if (part) el.appendChild(doc.createTextNode(part));
    });
  }
  function snippet(x, terms) {
    var lx = x.toLowerCase(), at = -1;
    terms.forEach(function (t) { var k = lx.indexOf(t); if (k >= 0 && (at < 0 || k < at)) at = k; });
    var from = Math.max(0, at - 50), s = x.slice(from, from + 170);
    if (from > 0) s = "…" + s.replace(/^\S*\s/, "");
    return from + 170 < x.length ? s.replace(/\s\S*$/, "") + "…" : s;
  }

  function setupSearch() {
    var input = doc.getElementById("ds-q"), list = doc.getElementById("ds-results");
    if (!input || !list) return;
    var sel = -1, state = "";
    function load() {
      if (window.DOCSITE_SEARCH || state) return;
      state = "loading";
      var s = doc.createElement("script");
      s.src = root + "search-index.js";
      s.onload = function () { state = "ready"; render(); };
      s.onerror = function () { state = "failed"; render(); };
      doc.head.appendChild(s);
    }
    function links() { return list.querySelectorAll("a"); }
    function select(i) {
      var as = links();
      if (!as.length) return;
      sel = (i + as.length) % as.length;
      as.forEach(function (a, k) { a.setAttribute("aria-selected", String(k === sel)); });
      input.setAttribute("aria-activedescendant", as[sel].id);
      as[sel].scrollIntoView({ block: "nearest" });
    }
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); sel = -1; }
    function message(text) { var li = doc.createElement("li"); li.className = "ds-empty"; li.textContent = text; list.appendChild(li); }
    function render() {
      var q = input.value.trim();
      list.textContent = ""; sel = -1;
      if (!q) { close(); return; }
      list.hidden = false; input.setAttribute("aria-expanded", "true");
      if (!window.DOCSITE_SEARCH) { message(state === "failed" ? "Search index not found." : "Loading…"); return; }
      var terms = q.toLowerCase().split(/\s+/).filter(Boolean), res = rank(q, window.DOCSITE_SEARCH);
      if (!res.length) { message("No runbook matches “" + q + "”."); return; }
      res.forEach(function (r, i) {
        var li = doc.createElement("li"), a = doc.createElement("a"), b = doc.createElement("b"), sm = doc.createElement("small");
        li.setAttribute("role", "presentation");
        a.id = "ds-r" + i; a.setAttribute("role", "option");
        a.href = fix(root + r.d.u + (r.h ? "#" + slug(r.h) : ""));
        highlight(b, r.d.t, terms);
        if (r.h) { var h = doc.createElement("i"); h.textContent = " › " + r.h; b.appendChild(h); }
        highlight(sm, snippet(r.d.x || "", terms), terms);
        a.appendChild(b); a.appendChild(sm); li.appendChild(a); list.appendChild(li);
      });
      select(0);
    }
    input.addEventListener("focus", function () { load(); if (input.value.trim()) render(); });
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); select(sel + (e.key === "ArrowDown" ? 1 : -1)); }
      else if (e.key === "Enter") { var a = links()[sel < 0 ? 0 : sel]; if (a) { e.preventDefault(); location.href = a.href; close(); } }
      else if (e.key === "Escape") { if (input.value) { input.value = ""; close(); } else input.blur(); }
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
    doc.addEventListener("click", function (e) { if (!input.parentNode.contains(e.target)) close(); });
    doc.addEventListener("keydown", function (e) {
      var t = e.target, tag = t.tagName;
      if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT" && !t.isContentEditable) {
        e.preventDefault(); input.focus();
      }
    });
  }

  function init() {
    if (isFile) doc.querySelectorAll("a[href]").forEach(function (a) { a.setAttribute("href", fix(a.getAttribute("href"))); });
    setupTheme(); setupMenu(); setupCode(); setupSearch();
  }
  // Exposed for the theme's own browser test and for curious readers.
  window.docsite = { copyText: copyText, rank: rank, slug: slug, fix: fix };
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init); else init();
})();
