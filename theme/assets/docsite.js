// docsite theme: dark-mode toggle, menu drawer, copy buttons, offline search.
// No framework; pages read and navigate without it.
(function () {
  "use strict";
  var doc = document, html = doc.documentElement, root = html.getAttribute("data-root") || "";
  var isFile = location.protocol === "file:", SESSION = /^(console|shell-session|bash-session|sh-session)$/i;
  function $(s, el) { return (el || doc).querySelector(s); }
  function $$(s, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(s)); }
  function el(tag, cls, text) { var e = doc.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }

  // On file:// "dir/" opens a directory listing: point links at dir/index.html.
  function fix(href) {
    if (!isFile || /^([a-z][\w+.-]*:|#|\/)/i.test(href)) return href;
    var i = href.search(/[?#]|$/), p = href.slice(0, i);
    if (p.slice(-1) === "/") p += "index.html"; else if (/^\.\.?$/.test(p)) p += "/index.html";
    return p + href.slice(i);
  }

  // Console sessions copy only their commands: lines starting with a prompt
  // (chroma class gp) minus the prompt, and lines continuing a command that
  // ends in a backslash; output (class go) is left out. Prompts the
  // highlighter does not know ("sam@mini ~ % ", "root@host:/etc# ") are
  // found by PROMPT; a block with no prompt at all is copied whole.
  var PROMPT = /^(\[[^\]\n]*\] ?|[\w.-]+@[\w.-]+([: ][^\s$#%>]*)? ?)?[$#%>] ?/;
  function commands(lines) {
    var out = [], cont = false;
    lines.forEach(function (l) {
      if (l.p || cont) out.push(l.s);
      cont = (l.p || cont) && /\\$/.test(l.s);
    });
    return out.join("\n");
  }
  function copyText(code, lang) {
    var text = code.textContent.replace(/\n$/, ""), lines = [], cur = { s: "" }, cmds = "";
    if (!SESSION.test(lang) && !$(".gp", code)) return text;
    if ($(".gp", code)) {
      (function walk(n, cls) {
        for (var c = n.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === 1) walk(c, c.classList.contains("gp") ? "gp" : cls);
          else if (c.nodeType === 3) c.nodeValue.split("\n").forEach(function (part, i) {
            if (i) { lines.push(cur); cur = { s: "" }; }
            if (cls === "gp") cur.p = true; else cur.s += cur.p && !cur.s ? part.replace(/^ /, "") : part;
          });
        }
      })(code, "");
      lines.push(cur);
      cmds = commands(lines);
    }
    return cmds || commands(text.split("\n").map(function (l) { return { p: PROMPT.test(l), s: l.replace(PROMPT, "") }; })) || text;
  }
  // Plain HTTP from a LAN address and file pages are not secure contexts, so
  // the Clipboard API is missing there; fall back to execCommand.
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).then(done, function () {});
    var ta = el("textarea");
    ta.value = text; ta.style.cssText = "position:fixed;top:0;opacity:0";
    doc.body.appendChild(ta); ta.select();
    try { if (doc.execCommand("copy")) done(); } catch (e) { /* nothing to tell */ }
    ta.remove();
  }
  function setupCode() {
    $$(".ds-code").forEach(function (box) {
      var code = $("code", box) || box, lang = box.getAttribute("data-lang") || "", btn = $(".ds-copy", box);
      if (!btn) box.appendChild(btn = el("button", "ds-copy", "Copy"));
      btn.type = "button";
      btn.setAttribute("aria-label", SESSION.test(lang) ? "Copy commands" : "Copy code");
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
    var btn = $(".ds-theme");
    if (!btn) return;
    btn.setAttribute("aria-pressed", isDark());
    btn.addEventListener("click", function () {
      var t = isDark() ? "light" : "dark";
      html.setAttribute("data-theme", t);
      btn.setAttribute("aria-pressed", t === "dark");
      try { localStorage.setItem("docsite-theme", t); } catch (e) { /* private mode: not kept */ }
    });
  }

  // Without JS the menu button is a link to #ds-sidebar, opened by :target.
  function setupMenu() {
    var menu = $(".ds-menu"), side = $("#ds-sidebar");
    if (!menu || !side) return;
    function isOpen() { return html.classList.contains("ds-nav-open"); }
    function open(on) {
      html.classList.toggle("ds-nav-open", on);
      menu.setAttribute("aria-expanded", on);
      if (on) ($(".ds-current", side) || $("a:not(.ds-close)", side)).focus(); else menu.focus();
    }
    menu.addEventListener("click", function (e) { e.preventDefault(); open(!isOpen()); });
    $$(".ds-close", side).forEach(function (c) { c.addEventListener("click", function (e) { e.preventDefault(); open(false); }); });
    doc.addEventListener("click", function (e) { if (isOpen() && !side.contains(e.target) && !menu.contains(e.target)) open(false); });
    doc.addEventListener("keydown", function (e) { if (e.key === "Escape" && isOpen()) open(false); });
    // On narrow screens the table of contents sits above the article: fold it.
    if (matchMedia("(max-width: 1100px)").matches) $$(".ds-toc details").forEach(function (d) { d.open = false; });
  }

  // Search. The index is a script (window.DOCSITE_SEARCH = [{t, u, h, x}]),
  // not JSON, because fetch() of a local file fails on file://.
  function slug(s) { return s.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, "").replace(/ /g, "-"); }
  // rank scores title matches over heading matches over text matches. Pages
  // matching every term come first; the rest follow by how many they match,
  // since the index holds only the start of each page's text.
  function rank(q, idx) {
    var terms = q.toLowerCase().split(/\s+/).filter(Boolean), out = [];
    idx.forEach(function (d) {
      if (d._t === undefined) { d._t = d.t.toLowerCase(); d._x = (d.x || "").toLowerCase(); d._h = (d.h || []).map(function (h) { return h.toLowerCase(); }); }
      var score = 0, hits = 0, head = "";
      terms.forEach(function (term) {
        var k = d._t.indexOf(term), s = k < 0 ? 0 : k === 0 || /\W/.test(d._t[k - 1]) ? 120 : 100;
        for (var j = 0; j < d._h.length; j++) if (d._h[j].indexOf(term) >= 0) { s += 20; if (!head && k < 0) head = d.h[j]; break; }
        if (d._x.indexOf(term) >= 0) s += 2;
        if (s) { hits++; score += s; }
      });
      if (hits) out.push({ d: d, s: score + 1000 * hits, h: head });
    });
    return out.sort(function (a, b) { return b.s - a.s || a.d.t.localeCompare(b.d.t); }).slice(0, 20);
  }
  function mark(e, text, terms) {
    text.split(new RegExp("(" + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi")).forEach(function (part, i) {
      if (part) e.appendChild(i % 2 ? el("mark", "", part) : doc.createTextNode(part));
    });
    return e;
  }
  function snippet(x, terms) {
    var lx = x.toLowerCase(), at = Math.min.apply(null, terms.map(function (t) { var k = lx.indexOf(t); return k < 0 ? Infinity : k; }));
    var from = at === Infinity ? 0 : Math.max(0, at - 50), s = x.slice(from, from + 170);
    if (from) s = "…" + s.replace(/^\S*\s/, "");
    return from + 170 < x.length ? s.replace(/\s\S*$/, "") + "…" : s;
  }
  function setupSearch() {
    var input = $("#ds-q"), list = $("#ds-results"), sel = -1, state = "";
    if (!input || !list) return;
    function load() {
      if (window.DOCSITE_SEARCH || state) return;
      var s = el("script");
      state = "loading"; s.src = root + "search-index.js";
      s.onload = function () { state = "ready"; render(); };
      s.onerror = function () { state = "failed"; render(); };
      doc.head.appendChild(s);
    }
    function select(i) {
      var as = $$("a", list);
      if (!as.length) return;
      sel = (i + as.length) % as.length;
      as.forEach(function (a, k) { a.setAttribute("aria-selected", k === sel); });
      input.setAttribute("aria-activedescendant", as[sel].id);
      as[sel].scrollIntoView({ block: "nearest" });
    }
    function show(on) {
      list.hidden = !on; input.setAttribute("aria-expanded", on);
      if (!on) { input.removeAttribute("aria-activedescendant"); sel = -1; }
    }
    function render() {
      var q = input.value.trim(), idx = window.DOCSITE_SEARCH, terms = q.toLowerCase().split(/\s+/), res;
      list.textContent = "";
      show(!!q);
      if (!q) return;
      if (!idx) return list.appendChild(el("li", "ds-empty", state === "failed" ? "Search index not found." : "Loading…"));
      if (!(res = rank(q, idx)).length) return list.appendChild(el("li", "ds-empty", "No runbook matches “" + q + "”."));
      res.forEach(function (r, i) {
        var li = el("li"), a = el("a"), b = mark(el("b"), r.d.t, terms);
        li.setAttribute("role", "presentation");
        a.id = "ds-r" + i; a.setAttribute("role", "option");
        a.href = fix(root + r.d.u + (r.h ? "#" + slug(r.h) : ""));
        if (r.h) b.appendChild(mark(el("i"), " › " + r.h, terms));
        a.appendChild(b); a.appendChild(mark(el("small"), snippet(r.d.x || "", terms), terms));
        li.appendChild(a); list.appendChild(li);
      });
      select(0);
    }
    input.addEventListener("focus", function () { load(); if (input.value.trim()) render(); });
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (e) {
      var k = e.key, a = $$("a", list)[Math.max(sel, 0)];
      if (k === "ArrowDown" || k === "ArrowUp") { e.preventDefault(); select(sel + (k === "ArrowDown" ? 1 : -1)); }
      else if (k === "Enter" && a && !list.hidden) { e.preventDefault(); show(false); location.href = a.href; }
      else if (k === "Escape") { if (input.value) { input.value = ""; show(false); } else input.blur(); }
    });
    doc.addEventListener("click", function (e) { if (!input.parentNode.contains(e.target) || list.contains(e.target)) show(false); });
    doc.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && !t.isContentEditable) {
        e.preventDefault(); input.focus();
      }
    });
  }

  function init() {
    if (isFile) $$("a[href]").forEach(function (a) { a.setAttribute("href", fix(a.getAttribute("href"))); });
    setupTheme(); setupMenu(); setupCode(); setupSearch();
  }
  // Exposed for the theme's browser test.
  window.docsite = { copyText: copyText, rank: rank, slug: slug, fix: fix };
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init); else init();
})();
