// Loaded by TestBrowser after docsite.js into the rendered sample runbook.
// It drives the page like a reader would and writes what it observed, as
// JSON, into <pre id="probe">; the Go test compares that with expectations.
(function () {
  "use strict";
  var r = {}, doc = document;
  function done() {
    var pre = doc.createElement("pre");
    pre.id = "probe";
    pre.textContent = JSON.stringify(r);
    doc.body.appendChild(pre);
  }
  function key(el, k) { el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true })); }
  function type(q, s) { q.value = s; q.dispatchEvent(new Event("input")); }
  function titles() {
    return Array.prototype.map.call(doc.querySelectorAll("#ds-results a b"), function (b) { return b.textContent.split(" › ")[0]; });
  }
  try {
    var codes = doc.querySelectorAll(".ds-code");
    r.consoleCopy = window.docsite.copyText(codes[0].querySelector("code"), "console");
    r.continuationCopy = window.docsite.copyText(codes[2].querySelector("code"), "shell-session");
    r.plainCopy = window.docsite.copyText(codes[1].querySelector("code"), "caddyfile");
    var pre = doc.createElement("pre");
    pre.textContent = "$ nix build .#mini \\\n    --print-build-logs\nbuilding…\n[admin@mini]# reboot\n";
    r.unhighlightedCopy = window.docsite.copyText(pre, "console");
    // Everything marked output: a zsh prompt the highlighter did not know,
    // and a block that is all output.
    var zsh = doc.createElement("code"), out = doc.createElement("code");
    zsh.innerHTML = '<span class="go">sam@mini ~ % curl -si http://mini:8096/health\n</span><span class="go">HTTP/1.1 200 OK\n</span>';
    out.innerHTML = '<span class="go">Nov 02 08:59:04 mini jellyfin[812]: started\n</span>';
    r.unknownPromptCopy = window.docsite.copyText(zsh, "console");
    r.outputOnlyCopy = window.docsite.copyText(out, "console");
    r.copyButtons = doc.querySelectorAll(".ds-code .ds-copy").length;
    r.copyLabel = codes[0].querySelector(".ds-copy").getAttribute("aria-label");

    doc.querySelector(".ds-theme").click();
    r.themeAfterClick = doc.documentElement.getAttribute("data-theme");
    r.themeStored = localStorage.getItem("docsite-theme");

    r.currentNavHref = doc.querySelector(".ds-sidebar a.ds-current").getAttribute("href");
    r.brandHref = doc.querySelector(".ds-brand").getAttribute("href");

    var q = doc.getElementById("ds-q");
    key(doc.body, "/");
    r.slashFocuses = doc.activeElement === q;
    r.indexBeforeFocus = !!window.DOCSITE_SEARCH;
  } catch (e) {
    r.error = String(e);
    done();
    return;
  }
  var tries = 0;
  (function wait() {
    if (!window.DOCSITE_SEARCH) {
      if (++tries > 100) { r.error = "search index never loaded"; done(); return; }
      setTimeout(wait, 20);
      return;
    }
    try {
      type(q, "jellyfin");
      r.jellyfin = titles();
      r.firstSelected = doc.querySelector("#ds-results a").getAttribute("aria-selected");
      key(q, "ArrowDown");
      r.afterArrowDown = q.getAttribute("aria-activedescendant");
      r.snippetMarks = doc.querySelectorAll("#ds-results small mark").length > 0;
      type(q, "8096 jellyfin");
      r.allTermsFirst = titles();
      type(q, "internal ca");
      r.headingHit = doc.querySelector("#ds-results a").getAttribute("href");
      type(q, "check the service");
      doc.querySelector("#ds-results a").click();
      r.afterResultClick = { hash: location.hash, hidden: doc.getElementById("ds-results").hidden };
      type(q, "zzzz");
      r.noMatch = doc.querySelector("#ds-results").textContent;
      key(q, "Escape");
      r.afterEscape = { value: q.value, hidden: doc.getElementById("ds-results").hidden };
    } catch (e) {
      r.error = String(e);
    }
    done();
  })();
})();
