/* sphinxcontrib-researchtopics: enhancements only. Every toggle is a <details>
   element and works without this script; it adds copying, #KEY links that open
   the abstract, expand/collapse-all controls and expanded abstracts in print.
   The words it shows come from the page (see labels below), as the finder's do. */
(function () {
  "use strict";

  /* The words the scripts show, translated when the site was built: the page's
     <script type="application/json" id="rt-labels"> (html/browser_labels.py), keyed by
     the English text, which is shown when a page has none. Counted messages have a form
     per plural category of the page's language, picked with Intl.PluralRules. Shared
     with researchtopics-finder.js as window.researchtopicsLabels. */
  function makeLabels() {
    var data = null;
    function load() {
      if (data) return data;
      data = {};
      var el = document.getElementById("rt-labels");
      if (el) {
        try { data = JSON.parse(el.textContent) || {}; } catch (e) { data = {}; }
      }
      var rules = null;
      try { rules = new Intl.PluralRules(document.documentElement.lang || undefined); } catch (e) { rules = null; }
      data.rules = rules;
      return data;
    }
    function fill(message, values) {
      return message.replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
      });
    }
    return {
      text: function (message) {
        var found = (load().text || {})[message];
        return typeof found === "string" ? found : message;
      },
      /* The form of *plural* (its English text) for *count*, its placeholders filled
         from *values* and {count} with *count*; English's plural without the page's. */
      count: function (plural, count, values) {
        var loaded = load();
        var forms = (loaded.counted || {})[plural] || {};
        var form = forms[loaded.rules ? loaded.rules.select(count) : "other"];
        if (typeof form !== "string") form = forms.other;
        if (typeof form !== "string") form = plural;
        var all = { count: count };
        for (var name in values || {}) all[name] = values[name];
        return fill(form, all);
      }
    };
  }
  var labels = window.researchtopicsLabels = makeLabels();

  function entryFor(id) {
    if (!id) return null;
    var found = document.getElementById(id);
    if (found && found.classList.contains("rt-publication")) return found;
    var all = document.querySelectorAll(".rt-publication[data-rt-key]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-rt-key") === id) return all[i];
    }
    return null;
  }

  function openFromHash() {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var entry = entryFor(id);
    if (!entry) return;
    var abstract = entry.querySelector("details.rt-abstract");
    if (abstract) abstract.open = true;
    // Instant: a smooth scroll (furo sets scroll-behavior: smooth) started before the
    // page has loaded is cancelled by the browser, and a raw key (gao.22:x), which
    // is not an HTML id, gets no native scroll to fall back on.
    entry.scrollIntoView({ block: "start", behavior: "instant" });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function setUpCopy(button) {
    // BibTeX: the <pre> of its panel; Cite: the style's text just before the button.
    var box = button.closest(".rt-cite-style") || button.closest("details.rt-bibtex");
    var pre = box && box.querySelector("pre, .rt-cite-text");
    var status = box && box.querySelector(".rt-copy-status");
    if (!pre) return;
    button.textContent = labels.text("Copy");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(pre.textContent).then(function () {
        if (status) status.textContent = labels.text("Copied");
        button.setAttribute("data-copied", "true");
      }, function () {
        if (status) status.textContent = labels.text("Copy failed: select the text instead");
      });
    });
  }

  function setUpControls(list) {
    var abstracts = list.querySelectorAll("details.rt-abstract");
    if (abstracts.length < 2) return;
    var bar = document.createElement("div");
    bar.className = "rt-controls";
    var expand = document.createElement("button");
    expand.type = "button";
    expand.className = "rt-expand-all";
    expand.textContent = labels.text("Expand all abstracts");
    var collapse = document.createElement("button");
    collapse.type = "button";
    collapse.className = "rt-collapse-all";
    collapse.textContent = labels.text("Collapse all");
    function setAll(open) {
      for (var i = 0; i < abstracts.length; i++) abstracts[i].open = open;
    }
    expand.addEventListener("click", function () { setAll(true); });
    collapse.addEventListener("click", function () { setAll(false); });
    bar.appendChild(expand);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(collapse);
    list.insertBefore(bar, list.firstChild);
  }

  // The action row: each panel's <summary> becomes a button in the row and the panel
  // (still a <details>, so #KEY, print and "expand all" work as before) moves below it.
  var panelCount = 0;
  function setUpActions(row) {
    var panels = row.querySelectorAll(":scope > details");
    if (!panels.length) return;
    var below = document.createElement("div");
    below.className = "rt-panels";
    row.parentNode.insertBefore(below, row.nextSibling);
    panels.forEach(function (details) {
      var summary = details.querySelector(":scope > summary");
      if (!details.id) details.id = "rt-panel-" + (++panelCount);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rt-action rt-action-" + (details.className.match(/rt-(abstract|bibtex|cite)/) || ["", "panel"])[1];
      button.textContent = summary ? summary.textContent : labels.text("Show");
      button.setAttribute("aria-controls", details.id);
      function sync() { button.setAttribute("aria-expanded", details.open ? "true" : "false"); }
      sync();
      button.addEventListener("click", function () { details.open = !details.open; });
      details.addEventListener("toggle", sync);
      row.insertBefore(button, details);
      below.appendChild(details);
    });
    row.classList.add("rt-js");
  }

  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll(
      "details.rt-abstract:not([open]), details.rt-more-authors:not([open])"
    );
    openedForPrint = Array.prototype.slice.call(closed);
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  function init() {
    document.querySelectorAll(".rt-actions").forEach(setUpActions);
    document.querySelectorAll("button.rt-copy").forEach(setUpCopy);
    document.querySelectorAll(".rt-publications").forEach(setUpControls);
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
