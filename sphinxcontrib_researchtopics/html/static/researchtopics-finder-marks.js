/* sphinxcontrib-researchtopics: the finder marks the words it matched in titles, authors
   and venues with <mark class="rt-mark">. Loaded before researchtopics-finder.js, which
   calls install(Finder, fold). Only text nodes are split (never innerHTML with page
   text), and each split remembers the text node it replaced: unmarking puts that very
   node back, so the entry's DOM is exactly what it was. In a long list marks are made
   only in the runs of entries near the screen (and in others as they come near), so a
   one-letter search of thousands of entries does not wrap thousands of words at once. */
(function () {
  "use strict";

  /* Where matched words are marked: the title (not the venue badge, whose colours are
     the venue's own), the authors and the venue line. */
  var SCOPES = ".rt-title, .rt-authors, .rt-venue";
  var SKIP = "script, style, summary, button, mark, .no-search, .rt-venue-badge, .rt-badge";

  /* The text folded as the search folds it, and for each folded character the index of
     the original character it came from: "Núñez" -> "nunez", [0, 1, 2, 3, 4]. */
  function foldWithMap(text, fold) {
    var folded = "";
    var from = [];
    for (var j = 0; j < text.length;) {
      var code = text.charCodeAt(j);
      var size = code >= 0xd800 && code <= 0xdbff && j + 1 < text.length ? 2 : 1;
      var part = fold(text.slice(j, j + size));
      for (var k = 0; k < part.length; k++) from.push(j);
      folded += part;
      j += size;
    }
    return { folded: folded, from: from };
  }

  /* The [start, end) ranges of *text* holding a word, in order and merged. */
  function rangesOf(text, words, fold) {
    var quick = fold(text);
    var any = false;
    for (var w = 0; w < words.length && !any; w++) any = quick.indexOf(words[w]) >= 0;
    if (!any) return [];
    var map = foldWithMap(text, fold);
    var found = [];
    for (w = 0; w < words.length; w++) {
      var word = words[w];
      for (var at = map.folded.indexOf(word); at >= 0; at = map.folded.indexOf(word, at + 1)) {
        var after = at + word.length;
        found.push([map.from[at], after < map.from.length ? map.from[after] : text.length]);
      }
    }
    found.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    for (var i = 0; i < found.length; i++) {
      var last = merged[merged.length - 1];
      if (last && found[i][0] <= last[1]) last[1] = Math.max(last[1], found[i][1]);
      else if (found[i][1] > found[i][0]) merged.push(found[i].slice());
    }
    return merged;
  }

  function accept(node) {
    if (node.nodeType === 1 && node.matches(SKIP)) return NodeFilter.FILTER_REJECT;
    return NodeFilter.FILTER_ACCEPT;
  }

  function textNodes(entry) {
    var nodes = [];
    var scopes = entry.querySelectorAll(SCOPES);
    for (var s = 0; s < scopes.length; s++) {
      var scope = scopes[s];
      if (scope.parentNode.closest(SCOPES)) continue;  /* nested: walked with its scope */
      var walker = document.createTreeWalker(scope, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
        { acceptNode: accept });
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === 3 && node.nodeValue.trim()) nodes.push(node);
      }
    }
    return nodes;
  }

  /* Mark *words* in one entry; returns what to undo: [the original node, the first
     piece, how many pieces] per text node split. */
  function markEntry(entry, words, fold) {
    var undo = [];
    var nodes = textNodes(entry);
    for (var n = 0; n < nodes.length; n++) {
      var node = nodes[n];
      var text = node.nodeValue;
      var ranges = rangesOf(text, words, fold);
      if (!ranges.length) continue;
      var pieces = document.createDocumentFragment();
      var done = 0;
      for (var r = 0; r < ranges.length; r++) {
        var before = text.slice(done, ranges[r][0]);
        if (before) pieces.appendChild(document.createTextNode(before));
        var mark = document.createElement("mark");
        mark.className = "rt-mark";
        mark.textContent = text.slice(ranges[r][0], ranges[r][1]);
        pieces.appendChild(mark);
        done = ranges[r][1];
      }
      if (done < text.length) pieces.appendChild(document.createTextNode(text.slice(done)));
      var count = pieces.childNodes.length;
      var first = pieces.firstChild;
      node.parentNode.replaceChild(pieces, node);
      undo.push([node, first, count]);
    }
    return undo;
  }

  function unmarkEntry(undo) {
    for (var u = undo.length - 1; u >= 0; u--) {
      var first = undo[u][1];
      var parent = first.parentNode;
      if (!parent) continue;
      parent.insertBefore(undo[u][0], first);
      for (var k = 0, next = first; k < undo[u][2] && next; k++) {
        var after = next.nextSibling;
        parent.removeChild(next);
        next = after;
      }
    }
  }

  window.researchtopicsFinderMarks = {
    install: function (Finder, fold) {
      Finder.prototype.initMarks = function () {
        var self = this;
        this.markKey = "";
        this.markedWith = new Array(this.n);  /* the words an entry is marked with */
        this.undo = new Array(this.n);
        this.markedList = [];
        this.near = new Uint8Array(this.runs.length);
        /* A short list is marked at once, in full; a long one (see .rt-finder-lazy) near
           the screen. */
        var lazy = this.list.classList.contains("rt-finder-lazy");
        if (!lazy || !window.IntersectionObserver) { this.near.fill(1); return; }
        var runIndex = new Map();
        this.runs.forEach(function (run, r) { runIndex.set(run.el, r); });
        var observer = new IntersectionObserver(function (changes) {
          var more = false;
          changes.forEach(function (change) {
            var r = runIndex.get(change.target);
            self.near[r] = change.isIntersecting ? 1 : 0;
            more = more || change.isIntersecting;
          });
          if (more) self.updateMarks();
        }, { rootMargin: "100% 0px" });
        this.runs.forEach(function (run) { observer.observe(run.el); });
      };

      /* Mark the shown entries of the runs near the screen with the words searched; drop
         marks of other words (all of them when the box is cleared). */
      Finder.prototype.updateMarks = function () {
        if (!this.markedWith) return;
        var key = this.words.join(" ");
        if (key !== this.markKey) {
          for (var m = 0; m < this.markedList.length; m++) {
            var i = this.markedList[m];
            unmarkEntry(this.undo[i]);
            this.undo[i] = null;
            this.markedWith[i] = "";
          }
          this.markedList = [];
          this.markKey = key;
        }
        if (!key) return;
        for (var e = 0; e < this.n; e++) {
          if (!this.want[e] || !this.near[this.runOf[e]] || this.markedWith[e] === key) continue;
          this.undo[e] = markEntry(this.entries[e], this.words, fold);
          this.markedWith[e] = key;
          this.markedList.push(e);
        }
      };
    }
  };
})();
