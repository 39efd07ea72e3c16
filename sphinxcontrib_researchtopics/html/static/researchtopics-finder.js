/* sphinxcontrib-researchtopics: the finder, a search box and filters above a list.
   Everything it shows is made here, from the list's inline JSON, the entries' own text
   and the page's words (researchtopics.js): without this script a page has no control
   and every entry is visible. The state lives in the URL query (?rt-q=...&rt-year=2024),
   so a filtered list can be shared, reloaded and walked with back and forward. */
(function () {
  "use strict";

  var FOLD_MAP = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
    "ð": "d", "þ": "th", "ı": "i" };
  var FOLD_CHARS = /[ßæœøłđðþı]/g;
  var MARKS = /[\u0300-\u036f]/g;
  var PUNCTUATION = /[\s\-\u2010-\u2015_\/.,:;'"\u2018\u2019\u201c\u201d()\[\]{}!?]+/g;
  /* Parts of an entry that are not searched: scripts, toggles' labels, link labels and
     the BibTeX source (the no-search class), "Also in" page names, buttons. */
  var SKIP = "script, style, summary, button, .no-search, .rt-also-in, .rt-copy-status";
  /* Entries per div.rt-finder-run (see makeRuns); only lists of LAZY entries or more (or
     window.researchtopicsFinderLazy) are skipped off screen (.rt-finder-lazy): smaller
     ones are laid out in full, exactly. */
  var RUN = 100, LAZY = 250;
  var labels = window.researchtopicsLabels;  /* the page's words: researchtopics.js */

  /* Lower case, no accents, punctuation as spaces: "Métamorphose" finds "metamorphose". */
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(MARKS, "")
      .replace(FOLD_CHARS, function (c) { return FOLD_MAP[c]; })
      .replace(PUNCTUATION, " ");
  }

  function searchText(entry) {
    var parts = [entry.getAttribute("data-rt-key") || ""];
    var walker = document.createTreeWalker(entry, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === 1 && node.matches(SKIP)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 3) parts.push(node.nodeValue);
    }
    return " " + fold(parts.join(" ")).replace(/ +/g, " ") + " ";
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function Finder(list, data, number) {
    this.list = list;
    this.prefix = number === 1 ? "rt" : "rt" + number;
    this.base = "rt-finder-" + number;
    this.entries = Array.prototype.slice.call(list.querySelectorAll(".rt-publication[data-rt-key]"));
    this.n = this.entries.length;
    this.facets = data.facets.map(function (facet) {
      /* Entry i's values are vals[start[i]] to vals[start[i + 1] - 1]: flat typed
         arrays, so counting is a tight loop even before the engine optimises it. */
      var start = new Int32Array(facet.of.length + 1);
      var total = 0;
      facet.of.forEach(function (v, i) {
        start[i] = total;
        total += typeof v === "number" ? 1 : v.length;
      });
      start[facet.of.length] = total;
      var vals = new Int32Array(total);
      facet.of.forEach(function (v, i) {
        if (typeof v === "number") vals[start[i]] = v;
        else for (var k = 0; k < v.length; k++) vals[start[i] + k] = v[k];
      });
      return { id: facet.id, label: facet.label, values: facet.values,
        labels: facet.labels || facet.values, start: start, vals: vals,
        selected: new Uint8Array(facet.values.length), counts: new Int32Array(facet.values.length),
        inputs: [], countEls: [], shownCounts: [] };
    });
    this.groups = this.findGroups();
    this.runs = this.makeRuns();
    this.missing = list.querySelectorAll(".rt-missing");
    this.shown = new Uint8Array(this.n).fill(1);  /* as the page shows it now */
    this.want = new Uint8Array(this.n).fill(1);   /* as the filters want it */
    this.texts = new Array(this.n);
    this.textsDone = 0;
    this.warmed = 0;
    this.query = "";
    this.words = [];
    this.matches = null;
    this.pinned = -1;
    this.lastChange = "";
    this.pendingUrl = 0;
    this.savedQuery = "";
    this.build();
  }

  /* Put consecutive entries in runs of up to RUN, each a div.rt-finder-run, in a long
     list content-visibility: auto, as is each entry in a run. The browser then lays out a
     few dozen runs instead of thousands of entries: an entry shown or hidden in a run
     off screen costs no style or layout work until the run comes near the screen, and
     in a run on screen only the entries on screen are laid out, however many it shows.
     Every run whose count changes is restyled (some 20 us each under a large theme
     stylesheet), so runs are long: a year ticked restyles 50 of them, not 250. */
  Finder.prototype.makeRuns = function () {
    var runs = [];
    var run = null;
    this.runOf = new Int32Array(this.n);
    for (var i = 0; i < this.n; i++) {
      var entry = this.entries[i];
      if (!run || run.size >= RUN || entry.previousElementSibling !== run.el) {
        run = { el: element("div", "rt-finder-run"), size: 0, shown: -1 };
        entry.parentNode.insertBefore(run.el, entry);
        runs.push(run);
      }
      run.el.appendChild(entry);
      run.size++;
      this.runOf[i] = runs.length - 1;
    }
    runs.forEach(function (r) {  /* a group's last run: see researchtopics-finder.css */
      var next = r.el.nextElementSibling;
      if (next && next.matches(".rt-group")) r.el.classList.add("rt-finder-run-end");
    });
    return runs;
  };

  /* Each .rt-group heading with the entries under it (up to the next heading). */
  Finder.prototype.findGroups = function () {
    var groups = [];
    var current = null;
    var index = 0;
    var all = this.list.querySelectorAll(".rt-group, .rt-publication[data-rt-key]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].classList.contains("rt-group")) {
        current = { heading: all[i], entries: [], shown: true };
        groups.push(current);
      } else {
        if (current) current.entries.push(index);
        index++;
      }
    }
    return groups;
  };

  Finder.prototype.build = function () {
    var self = this;
    var box = element("div", "rt-finder");
    box.setAttribute("role", "search");
    box.setAttribute("aria-label", labels.text("Find publications"));
    var bar = element("div", "rt-finder-bar");
    var label = element("label", "rt-finder-label", labels.text("Search publications"));
    label.htmlFor = this.base + "-q";
    var input = element("input", "rt-finder-q");
    input.type = "search";
    input.id = this.base + "-q";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("aria-describedby", this.base + "-status");
    var clear = element("button", "rt-finder-clear", labels.text("Clear filters"));
    clear.type = "button";
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(clear);
    box.appendChild(bar);
    if (this.facets.length) {
      var details = element("details", "rt-finder-filters");
      var summary = element("summary", "", labels.text("Filters"));
      this.activeEl = element("span", "rt-finder-active");
      summary.appendChild(this.activeEl);
      details.appendChild(summary);
      var row = element("div", "rt-finder-facets");
      this.facets.forEach(function (facet, f) { row.appendChild(self.facetBox(facet, f)); });
      details.appendChild(row);
      box.appendChild(details);
      this.details = details;
    }
    this.status = element("p", "rt-finder-status");
    this.status.id = this.base + "-status";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    box.appendChild(this.status);
    this.input = input;
    this.box = box;

    input.addEventListener("input", function () {
      self.pinned = -1;
      self.setQuery(input.value);
      self.apply();
      if (self.query.trim() === self.savedQuery) return;
      self.saveUrl(self.lastChange !== "typing");
      self.lastChange = "typing";
    });
    clear.addEventListener("click", function () {
      self.pinned = -1;
      input.value = "";
      self.setQuery("");
      self.facets.forEach(function (facet) {
        facet.selected.fill(0);
        facet.inputs.forEach(function (box) { box.checked = false; });
      });
      self.apply();
      self.saveUrl(true);
      self.lastChange = "clear";
    });
    this.list.insertBefore(box, this.list.firstChild);
    this.list.classList.add("rt-has-finder");
    var lazy = this.n >= (window.researchtopicsFinderLazy || LAZY);
    if (lazy) this.list.classList.add("rt-finder-lazy");
    if (this.initMarks) this.initMarks();  /* researchtopics-finder-marks.js */
  };

  Finder.prototype.facetBox = function (facet, f) {
    var self = this;
    var set = element("fieldset", "rt-facet");
    set.setAttribute("data-rt-facet", facet.id);
    set.appendChild(element("legend", "", facet.label));
    var values = element("div", "rt-facet-values");
    facet.values.forEach(function (value, v) {
      var label = element("label", "rt-facet-value");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = value;
      box.addEventListener("change", function () {
        self.pinned = -1;
        facet.selected[v] = box.checked ? 1 : 0;
        self.apply();
        self.saveUrl(true);
        self.lastChange = "facet";
      });
      var count = element("span", "rt-facet-count");
      var text = element("span", "rt-facet-text");
      text.appendChild(element("span", "rt-facet-name", facet.labels[v]));
      text.appendChild(document.createTextNode(" "));
      text.appendChild(count);
      label.appendChild(box);
      label.appendChild(text);
      values.appendChild(label);
      facet.inputs.push(box);
      facet.countEls.push(count);
      facet.shownCounts.push(-1);
    });
    set.appendChild(values);
    return set;
  };

  Finder.prototype.setQuery = function (text) {
    var words = fold(text).split(" ").filter(Boolean);
    if (words.join(" ") === this.words.join(" ")) { this.query = text; return; }
    this.query = text;
    this.words = words;
    this.matches = null;
    if (!words.length) return;
    this.prepareTexts(this.n);
    this.matches = this.match(words);
  };

  /* Which entries' texts hold every word. */
  Finder.prototype.match = function (words) {
    var matches = new Uint8Array(this.n);
    var texts = this.texts;
    for (var i = 0; i < this.n; i++) {
      var text = texts[i];
      var ok = 1;
      for (var w = 0; w < words.length; w++) {
        if (text.indexOf(words[w]) < 0) { ok = 0; break; }
      }
      matches[i] = ok;
    }
    return matches;
  };

  /* Each entry's folded text, with its facet values (year, venue badge) added: made up
     to entry *upTo*, continuing where the last call stopped. */
  Finder.prototype.prepareTexts = function (upTo) {
    var texts = this.texts;
    var end = Math.min(upTo, this.n);
    for (var i = this.textsDone; i < end; i++) {
      var extra = [];
      for (var f = 0; f < this.facets.length; f++) {
        var facet = this.facets[f];
        if (facet.id !== "year" && facet.id !== "venue") continue;
        for (var k = facet.start[i]; k < facet.start[i + 1]; k++) {
          extra.push(facet.labels[facet.vals[k]]);
        }
      }
      texts[i] = searchText(this.entries[i]) + fold(extra.join(" ")) + " ";
    }
    if (end > this.textsDone) this.textsDone = end;
  };

  /* Make the texts in idle time, a slice at a time, so the first keystroke is as quick as
     the others and loading the page is not held up. */
  Finder.prototype.prepareWhenIdle = function () {
    var self = this;
    var later = window.requestIdleCallback || function (work) {
      return window.setTimeout(function () { work({ timeRemaining: function () { return 8; } }); }, 1);
    };
    function slice(deadline) {
      while (self.textsDone < self.n && deadline.timeRemaining() > 2) {
        self.prepareTexts(self.textsDone + 100);
      }
      if (self.textsDone < self.n) later(slice);
      else if (self.warmed < 3) { self.warmUp(); later(slice); }
    }
    later(slice);
  };

  /* Run the search and the selection on made-up input, a round per idle moment, so that
     the engine has optimised them before the first key or tick (unoptimised, each pass
     over thousands of entries takes a few ms more). Nothing on the page changes: the
     last pass is the real state again. */
  Finder.prototype.warmUp = function () {
    this.warmed++;
    this.match(["e", "th"]);
    for (var f = 0; f < this.facets.length; f++) {
      var selected = this.facets[f].selected;
      if (!selected.length) continue;
      var was = selected[0];
      selected[0] = 1;
      this.select(this.activeFacets());
      selected[0] = was;
    }
    this.select(this.activeFacets());
  };

  /* The facets with a value chosen, by index. */
  Finder.prototype.activeFacets = function () {
    var active = [];
    for (var f = 0; f < this.facets.length; f++) {
      if (this.facets[f].selected.indexOf(1) >= 0) active.push(f);
    }
    return active;
  };

  /* Set *want* and the facet counts (each facet's values among the entries the other
     facets' choices leave) from the search and the *active* facets' choices; return how
     many entries match. Reads and writes no page. */
  Finder.prototype.select = function (active) {
    var facets = this.facets;
    for (var f = 0; f < facets.length; f++) facets[f].counts.fill(0);
    var matches = this.matches;
    var shownTotal = 0;
    var want = this.want;
    var nf = facets.length;
    var na = active.length;
    for (var i = 0; i < this.n; i++) {
      var show = 0;
      if (!matches || matches[i]) {
        var failed = -1;
        var failures = 0;
        for (var a = 0; a < na; a++) {
          var facet = facets[active[a]];
          var selected = facet.selected;
          var vals = facet.vals;
          var hit = false;
          for (var k = facet.start[i], end = facet.start[i + 1]; k < end; k++) {
            if (selected[vals[k]]) { hit = true; break; }
          }
          if (!hit) { failures++; failed = active[a]; if (failures > 1) break; }
        }
        if (failures === 0) {
          show = 1;
          for (f = 0; f < nf; f++) countEntry(facets[f], i);
        } else if (failures === 1) {
          countEntry(facets[failed], i);
        }
      }
      shownTotal += show;
      want[i] = i === this.pinned ? 1 : show;
    }
    return shownTotal;
  };

  /* Show the entries that match, hide empty groups, update the counts, say how many are
     shown. */
  Finder.prototype.apply = function () {
    var active = this.activeFacets();
    var shownTotal = this.select(active);
    this.write();
    this.updateRuns();
    this.updateGroups();
    if (this.updateMarks) this.updateMarks();
    var filtering = active.length > 0 || this.words.length > 0;
    for (var m = 0; m < this.missing.length; m++) this.missing[m].hidden = filtering;
    this.updateFacets(active.length);
    var text = labels.count("{shown} of {count} publications", this.n, { shown: shownTotal });
    if (this.status.textContent !== text) this.status.textContent = text;
  };

  /* Make the page show what *want* says, touching only the entries that change and
     reading no layout. */
  Finder.prototype.write = function () {
    var want = this.want;
    var shown = this.shown;
    for (var i = 0; i < this.n; i++) {
      if (want[i] !== shown[i]) {
        shown[i] = want[i];
        this.entries[i].hidden = !want[i];
      }
    }
  };

  /* A run with no entry to show is hidden; the others are as tall, while off screen, as
     their shown entries would roughly be. */
  Finder.prototype.updateRuns = function () {
    var runs = this.runs;
    var counts = new Int32Array(runs.length);
    for (var i = 0; i < this.n; i++) counts[this.runOf[i]] += this.want[i];
    for (var r = 0; r < runs.length; r++) {
      var run = runs[r];
      if (counts[r] === run.shown) continue;
      if ((counts[r] === 0) !== (run.shown === 0)) {
        run.el.classList.toggle("rt-finder-empty", counts[r] === 0);
      }
      run.shown = counts[r];
      if (counts[r]) run.el.style.containIntrinsicBlockSize = counts[r] * 7 + "em";
    }
  };

  function countEntry(facet, i) {
    var counts = facet.counts;
    var vals = facet.vals;
    for (var k = facet.start[i], end = facet.start[i + 1]; k < end; k++) counts[vals[k]]++;
  }

  Finder.prototype.updateGroups = function () {
    for (var g = 0; g < this.groups.length; g++) {
      var group = this.groups[g];
      var any = false;
      for (var e = 0; e < group.entries.length; e++) {
        if (this.want[group.entries[e]]) { any = true; break; }
      }
      if (any !== group.shown) {
        group.shown = any;
        group.heading.hidden = !any;
      }
    }
  };

  Finder.prototype.updateFacets = function (activeCount) {
    for (var f = 0; f < this.facets.length; f++) {
      var facet = this.facets[f];
      for (var v = 0; v < facet.values.length; v++) {
        var count = facet.counts[v];
        if (count !== facet.shownCounts[v]) {
          facet.shownCounts[v] = count;
          facet.countEls[v].textContent = "(" + count + ")";
          facet.countEls[v].parentNode.parentNode.classList.toggle("rt-facet-none", count === 0);
        }
      }
    }
    if (this.activeEl) {
      var chosen = 0;
      this.facets.forEach(function (facet) {
        for (var v = 0; v < facet.selected.length; v++) chosen += facet.selected[v];
      });
      var active = chosen ? " " + labels.count("({count} selected)", chosen) : "";
      if (this.activeEl.textContent !== active) this.activeEl.textContent = active;
    }
  };

  function init() {
    var url = window.researchtopicsFinderUrl;  /* researchtopics-finder-url.js */
    if (!url || !labels) return;
    url.install(Finder);
    if (window.researchtopicsFinderMarks) window.researchtopicsFinderMarks.install(Finder, fold);
    var finders = [];
    var blocks = document.querySelectorAll(".rt-publications > script.rt-finder-data");
    for (var b = 0; b < blocks.length; b++) {
      var data;
      try { data = JSON.parse(blocks[b].textContent); } catch (e) { continue; }
      var list = blocks[b].parentNode;
      if (list.querySelectorAll(".rt-publication[data-rt-key]").length !== data.n) continue;
      var finder = new Finder(list, data, finders.length + 1);
      finder.readUrl();
      var target = finder.pinHash();
      finder.apply();
      if (target) url.scrollTo(target);
      finder.prepareWhenIdle();
      finders.push(finder);
    }
    if (!finders.length) return;
    window.addEventListener("popstate", function () {
      finders.forEach(function (finder) {
        finder.dropPendingUrl();
        finder.readUrl();
        finder.pinHash();
        finder.apply();
        finder.lastChange = "history";
      });
    });
    window.addEventListener("hashchange", function () {
      finders.forEach(function (finder) {
        var target = finder.pinHash();
        finder.apply();
        if (target) url.scrollTo(target);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
