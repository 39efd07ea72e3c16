/* sphinxcontrib-researchtopics: the finder's state in the URL query, and #KEY.
   Loaded before researchtopics-finder.js, which calls install(Finder): ?rt-q=...&rt-year=
   2024 restores a filtered list, back and forward walk its changes, and page.html#KEY
   shows its entry even when the filters would hide it. */
(function () {
  "use strict";

  function entryOfHash(list) {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return null; }
    if (!id) return null;
    var found = document.getElementById(id);
    if (found && found.matches(".rt-publication[data-rt-key]") && list.contains(found)) {
      return found;
    }
    var all = list.querySelectorAll(".rt-publication[data-rt-key]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-rt-key") === id) return all[i];
    }
    return null;
  }

  /* Changing the URL costs Chromium a walk over the whole document (5 to 25 ms on a page
     of thousands of entries), so it is done once the list has been painted: after the
     next frame, in the order the changes were made (each search string is made when
     queued, so every filter ticked is its own history entry). */
  var urlQueue = [];

  function queueUrl(search, push) {
    urlQueue.push([search, push]);
    if (urlQueue.length > 1) return;
    var done = false;
    var flush = function () {
      if (done) return;
      done = true;
      writeUrls();
    };
    window.requestAnimationFrame(function () { window.setTimeout(flush, 0); });
    window.setTimeout(flush, 200);  /* no frames in a hidden tab */
  }

  function writeUrls() {
    var queued = urlQueue.splice(0);
    for (var i = 0; i < queued.length; i++) {
      var url = window.location.pathname + queued[i][0] + window.location.hash;
      var now = window.location.pathname + window.location.search + window.location.hash;
      if (url === now) continue;
      try {
        window.history[queued[i][1] ? "pushState" : "replaceState"](window.history.state, "", url);
      } catch (e) { /* a file:// page or a throttled history: the list still works */ }
    }
  }

  /* Scroll *entry* to the top, and keep it there while the layout settles: what is above
     it may still change height after the first scroll (estimated heights of entries
     skipped off screen laid out for real, group headings shown again, web fonts, the
     theme's script). Each frame the entry is put back if it moved, until it has stayed
     put for HOLD_STILL ms (and the fonts are in) or HOLD_MAX ms have passed; the reader
     scrolling, clicking or pressing a key ends it at once. */
  var HOLD_STILL = 300, HOLD_MAX = 2000;
  var holding = null;

  function scrollTo(entry) {
    if (holding) holding();
    var stop = false;
    var ends = ["wheel", "touchstart", "mousedown", "keydown"];
    var end = function () {
      stop = true;
      holding = null;
      ends.forEach(function (name) { window.removeEventListener(name, end, true); });
    };
    holding = end;
    ends.forEach(function (name) { window.addEventListener(name, end, true); });
    var fontsIn = !document.fonts || document.fonts.status === "loaded";
    if (!fontsIn) document.fonts.ready.then(function () { fontsIn = true; });
    var place = function () { entry.scrollIntoView({ block: "start", behavior: "instant" }); };
    /* Where the entry should be: at its scroll margin (the theme's fixed header), or
       below it when the page cannot scroll further (at first it may be too short only
       because the entries below are still estimated). */
    var placed = function () {
      var top = entry.getBoundingClientRect().top;
      var want = parseFloat(window.getComputedStyle(entry).scrollMarginTop) || 0;
      var end = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 1;
      return Math.abs(top - want) <= 1 || (end && top > want);
    };
    place();
    var start = 0, still = 0;
    var check = function (now) {
      if (stop) return;
      if (!start) start = still = now;
      if (!placed()) { place(); still = now; }
      if ((now - still >= HOLD_STILL && fontsIn) || now - start >= HOLD_MAX) { end(); return; }
      window.requestAnimationFrame(check);
    };
    window.requestAnimationFrame(check);
  }

  window.researchtopicsFinderUrl = {
    scrollTo: scrollTo,
    install: function (Finder) {
      Finder.prototype.param = function (name) { return this.prefix + "-" + name; };

      Finder.prototype.readUrl = function () {
        var params = new URLSearchParams(window.location.search);
        var query = params.get(this.param("q")) || "";
        this.savedQuery = query.trim();
        this.input.value = query;
        this.setQuery(query);
        var any = false;
        for (var f = 0; f < this.facets.length; f++) {
          var facet = this.facets[f];
          var wanted = params.getAll(this.param(facet.id));
          facet.selected.fill(0);
          for (var v = 0; v < facet.values.length; v++) {
            var on = wanted.indexOf(facet.values[v]) >= 0;
            facet.selected[v] = on ? 1 : 0;
            facet.inputs[v].checked = on;
            any = any || on;
          }
        }
        if (any && this.details) this.details.open = true;
      };

      /* Write the state into the query, keeping every other parameter (Sphinx's
         ?highlight=, other lists' finders) and the #fragment. Typing replaces the current
         history entry (after a pause); a new search, a filter or "clear" adds one. */
      Finder.prototype.saveUrl = function (push) {
        var self = this;
        this.savedQuery = this.query.trim();
        if (this.pendingUrl) { window.clearTimeout(this.pendingUrl); this.pendingUrl = 0; }
        if (push) { queueUrl(this.search(), true); return; }
        this.pendingUrl = window.setTimeout(function () {
          self.pendingUrl = 0;
          queueUrl(self.search(), false);
        }, 250);
      };

      /* The query string with this finder's state, from the URL as the writes queued so far
         will leave it. */
      Finder.prototype.search = function () {
        var last = urlQueue.length ? urlQueue[urlQueue.length - 1][0] : window.location.search;
        var params = new URLSearchParams(last);
        params.delete(this.param("q"));
        if (this.query.trim()) params.set(this.param("q"), this.query.trim());
        for (var f = 0; f < this.facets.length; f++) {
          var facet = this.facets[f];
          params.delete(this.param(facet.id));
          for (var v = 0; v < facet.values.length; v++) {
            if (facet.selected[v]) params.append(this.param(facet.id), facet.values[v]);
          }
        }
        var search = params.toString();
        return search ? "?" + search : "";
      };

      /* Back or forward: a URL still to be written for the typing before is dropped. */
      Finder.prototype.dropPendingUrl = function () {
        if (this.pendingUrl) { window.clearTimeout(this.pendingUrl); this.pendingUrl = 0; }
        urlQueue.length = 0;
      };

      /* #KEY shows its entry even when the filters would hide it, and scrolls to it again
         once the controls above the list have moved it down. */
      Finder.prototype.pinHash = function () {
        var entry = entryOfHash(this.list);
        this.pinned = entry ? this.entries.indexOf(entry) : -1;
        return entry;
      };
    }
  };
})();
