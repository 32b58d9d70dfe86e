/* Dossier search page: a small results UI over Pagefind (index written by dossier.search).
 *
 * Hosted over http(s), pagefind.js is imported as it is (with its Worker). From file://,
 * pagefind-offline.js imports it and its worker from blob: URLs and serves their data. Results link to passages: Pagefind records every element
 * with an id as an anchor (with its word position); each matched word belongs to the last
 * anchor at or before it. A word of the query that the site never uses gets a "did you mean"
 * from search/terms.js, the indexed words (a classic script, so it loads from file:// too).
 *
 * Pagefind answers one search at a time (in its worker), and a word found on thousands of
 * pages takes it a few hundred ms. So a query already asked or still running is never asked
 * again (typing, then Enter), and while one runs only the newest query waits for it.
 */
(function () {
  "use strict";

  var PAGES_PER_BATCH = 10;
  var PASSAGES_PER_PAGE = 3;
  var EXCERPT_WORDS = 30;
  var TYPING_DELAY_MS = 250;
  var PRELOAD_MIN_CHARS = 3; // preload index chunks while typing, from this length on
  var MIN_WORD = 3; // shorter words are not in search/terms.js (search_terms.MIN_TERM_LENGTH)
  var FEW_RESULTS = 3; // fewer results than this: a word missing from terms.js gets a suggestion
  var KINDS = { documents: "Document", themes: "Theme", entities: "Entity", essays: "Essay",
    timeline: "Timeline", report: "Report" };

  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var suggestion = document.getElementById("search-suggestion");
  var section = document.getElementById("search-results-section");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");

  var root = form.getAttribute("data-site-root") || "";
  var siteURL = new URL(root, location.href).href;
  var bundleURL = new URL("pagefind/", siteURL).href;
  var offline = location.protocol === "file:";

  /* ---- Loading Pagefind -------------------------------------------------------------- */

  var pagefindReady = null;
  function pagefind() {
    if (!pagefindReady) {
      var imported = offline
        ? window.__pagefindOffline.importPagefind(bundleURL)
        : import(bundleURL + "pagefind.js");
      pagefindReady = imported.then(function (pf) {
        // From file:// too Pagefind runs in its worker, started from a blob: URL by
        // pagefind-offline.js; where a browser refuses it, Pagefind runs on the page.
        var options = { basePath: bundleURL, excerptLength: EXCERPT_WORDS };
        return pf.options(options).then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
      pagefindReady.catch(function () { pagefindReady = null; });
    }
    return pagefindReady;
  }

  var termsReady = null;
  function vocabulary() {
    if (!termsReady) {
      termsReady = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("search/terms.js", siteURL).href;
        script.onload = function () {
          var words = (window.__dossierSearchTerms || "").split(" ").filter(Boolean);
          resolve({ words: words, known: new Set(words), sorted: words.slice().sort(),
            complete: window.__dossierSearchTermsComplete === true });
        };
        script.onerror = function () { termsReady = null; reject(new Error("no search/terms.js")); };
        document.head.appendChild(script);
      });
    }
    return termsReady;
  }

  /* ---- Pages: Pagefind's fragments, read as they are --------------------------------- */

  /* A result's page, shaped as Pagefind's result.data() returns it (url, meta, content,
     raw_content, anchors, weighted_locations), from its fragment file. result.data() would
     also build Pagefind's excerpt and sub-results, which this page never shows, by splitting
     the whole text once per heading: ~20 ms for a theme page (15,000 words, 100+ headings),
     which made a first page of 10 results cost a few hundred ms. Found words all weigh 1
     here (Pagefind's weights are not sent back from its worker). Without
     DecompressionStream, or if the fragment cannot be read, result.data() it is. */
  var FRAGMENT_CACHE = 200;
  var fragments = new Map(); // page id -> promise of its parsed fragment, most recent last
  var SIGNATURE = "pagefind_dcd";

  function fragmentBytes(id) {
    var path = "fragment/" + id + ".pf_fragment";
    if (offline) return window.__pagefindOffline.take(path);
    return fetch(bundleURL + path).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + path);
      return response.arrayBuffer();
    }).then(function (buffer) { return new Uint8Array(buffer); });
  }

  function signed(bytes) {
    return new TextDecoder().decode(bytes.subarray(0, SIGNATURE.length)) === SIGNATURE;
  }

  function unpack(bytes) { // as pagefind.js: gzip'd unless it starts with the signature
    var plain = signed(bytes) ? Promise.resolve(bytes) : new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))
    ).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
    return plain.then(function (data) {
      if (!signed(data)) throw new Error("not a Pagefind fragment");
      return JSON.parse(new TextDecoder().decode(data.subarray(SIGNATURE.length)));
    });
  }

  function fragment(id) {
    var hit = fragments.get(id);
    if (hit) {
      fragments.delete(id);
    } else {
      hit = fragmentBytes(id).then(unpack);
      hit.catch(function () { if (fragments.get(id) === hit) fragments.delete(id); });
    }
    fragments.set(id, hit);
    if (fragments.size > FRAGMENT_CACHE) fragments.delete(fragments.keys().next().value);
    return hit;
  }

  function pageData(result) {
    if (typeof DecompressionStream !== "function" || !result.id || !result.words) {
      return result.data();
    }
    return fragment(result.id).then(function (f) {
      var content = String(f.content || "");
      return {
        url: f.url, raw_url: f.url, meta: f.meta || {}, anchors: f.anchors || [],
        raw_content: content.replace(/</g, "&lt;").replace(/>/g, "&gt;"),
        content: content.replace(/\u200B/g, ""),
        weighted_locations: result.words.map(function (location) {
          return { location: location };
        }),
      };
    }, function () { return result.data(); });
  }

  /* ---- Passages and excerpts --------------------------------------------------------- */

  function splitWords(data) {
    // Pagefind's word positions count words as its own excerpt code splits them.
    var raw = data.raw_content || data.content || "";
    if (raw.indexOf("\u200B") !== -1) {
      return raw.split("\u200B").map(function (w) {
        return w.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      });
    }
    return (data.content || "").split(/[\r\n\s]+/g);
  }

  function lastAtOrBefore(anchors, location) {
    var lo = 0, hi = anchors.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (anchors[mid].location <= location) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  /* The best passages of one page: [{anchor, start, end, locations, score}], best first. */
  function passages(data, wordCount) {
    var anchors = (data.anchors || []).filter(function (a) { return a.id; })
      .map(function (a, i) { return { a: a, i: i }; })
      .sort(function (x, y) { return x.a.location - y.a.location || x.i - y.i; })
      .map(function (x) { return x.a; });
    var groups = new Map();
    (data.weighted_locations || []).forEach(function (w) {
      var k = lastAtOrBefore(anchors, w.location);
      var g = groups.get(k);
      if (!g) {
        var start = k < 0 ? 0 : anchors[k].location;
        var end = wordCount;
        for (var j = k + 1; j < anchors.length; j++) {
          if (anchors[j].location > start) { end = anchors[j].location; break; }
        }
        g = { anchor: k < 0 ? null : anchors[k], start: start, end: end, locations: [], score: 0 };
        groups.set(k, g);
      }
      g.locations.push(w.location);
      g.score += w.balanced_score || w.weight || 1;
    });
    // Words of the page title (h1) are shown as the result's own link, not as a passage.
    return Array.from(groups.values()).filter(function (g) {
      return !(g.anchor && /^h1$/i.test(g.anchor.element || ""));
    }).sort(function (x, y) {
      return y.score - x.score || x.start - y.start;
    }).slice(0, PASSAGES_PER_PAGE);
  }

  function excerptNode(words, passage) {
    var first = Math.min.apply(null, passage.locations);
    var from = Math.max(passage.start, first - Math.floor(EXCERPT_WORDS / 3));
    var to = Math.min(passage.end, from + EXCERPT_WORDS);
    from = Math.max(passage.start, to - EXCERPT_WORDS);
    var marked = new Set(passage.locations);
    var node = document.createElement("span");
    node.className = "excerpt";
    var text = from > passage.start ? "… " : "";
    for (var i = from; i < to; i++) {
      if (marked.has(i)) {
        if (text) node.appendChild(document.createTextNode(text));
        var mark = document.createElement("mark");
        mark.textContent = words[i];
        node.appendChild(mark);
        text = " ";
      } else {
        text += words[i] + " ";
      }
    }
    text = text.replace(/ $/, "") + (to < passage.end ? " …" : "");
    if (text) node.appendChild(document.createTextNode(text));
    node.setAttribute("dir", "auto");
    return node;
  }

  function pageHref(data) {
    return root + String(data.raw_url || data.url || "").replace(/^\//, "");
  }

  function kindOf(data) {
    var meta = data.meta || {};
    if (meta.kind) return meta.kind;
    var section = String(data.raw_url || data.url || "").replace(/^\//, "").split("/")[0];
    return KINDS[section] || "Page";
  }

  /* A document's passage numbers, from its Pagefind meta "numbers" ("p-abc=1 p-def=2 …",
     see dossier/pages/document.py): passage id -> "¶ 15", the number its page shows. */
  function passageNumbers(meta) {
    var out = {};
    String((meta && meta.numbers) || "").split(/\s+/).forEach(function (pair) {
      var eq = pair.lastIndexOf("=");
      if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
    });
    return out;
  }

  function resultItem(data) {
    var words = splitWords(data);
    var href = pageHref(data);
    var li = document.createElement("li");
    var title = document.createElement("a");
    title.className = "result-title";
    title.href = href;
    title.textContent = (data.meta && data.meta.title) || href;
    title.setAttribute("dir", "auto");
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = kindOf(data);
    li.append(title, " ", kind);
    var found = passages(data, words.length);
    var numbers = passageNumbers(data.meta);
    if (found.length) {
      var ul = document.createElement("ul");
      ul.className = "result-passages";
      found.forEach(function (p) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = p.anchor ? href + "#" + encodeURIComponent(p.anchor.id) : href;
        if (p.anchor && numbers[p.anchor.id]) {
          var number = document.createElement("span");
          number.className = "result-pnum";
          // The number the page shows, with the stable id that outlives edits.
          number.textContent = "¶ " + numbers[p.anchor.id] + " · " + p.anchor.id;
          link.append(number, " ");
        }
        link.appendChild(excerptNode(words, p));
        item.appendChild(link);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  /* ---- "Did you mean" ---------------------------------------------------------------- */

  /* Optimal string alignment distance, giving up (returning max + 1) past max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        cur.push(d);
        if (d < rowMin) rowMin = d;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* Is ``word`` an indexed word, or the start of one (Pagefind finds those)? */
  function isKnown(word, terms) {
    if (word.length < MIN_WORD || terms.known.has(word)) return true;
    var lo = 0, hi = terms.sorted.length;
    while (lo < hi) { // the first word >= ``word``: the only one that can start with it
      var mid = (lo + hi) >> 1;
      if (terms.sorted[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo < terms.sorted.length && terms.sorted[lo].lastIndexOf(word, 0) === 0;
  }

  /* The indexed word nearest to ``word``: fewest edits (at most 1 for short words, 2 for
     longer), then the most frequent (terms.words is most frequent first); null if none. */
  function closest(word, terms) {
    var max = word.length <= 4 ? 1 : 2, best = null, bestD = max + 1;
    for (var i = 0; i < terms.words.length && bestD > 1; i++) {
      var d = distance(word, terms.words[i], max);
      if (d < bestD) { best = terms.words[i]; bestD = d; }
    }
    return best;
  }

  var WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu; // as search_terms.words, digits kept whole

  /* A corrected query, or null. Only words the site never uses are corrected: Pagefind's own
     fallback for them (the longest indexed word they start with) finds other words. With
     a complete vocabulary that is always worth saying; with a truncated one (a rare word may
     be missing from it), only when the query found (almost) nothing. */
  function suggest(query, resultCount) {
    return vocabulary().then(function (terms) {
      if (!terms.complete && resultCount >= FEW_RESULTS) return null;
      var changed = false;
      var fixed = query.replace(WORD, function (token) {
        var word = token.toLowerCase();
        if (/\p{N}/u.test(word) || isKnown(word, terms)) return token;
        var better = closest(word, terms);
        if (!better) return token;
        changed = true;
        return better;
      });
      return changed ? fixed : null;
    });
  }

  /* ---- Running a search -------------------------------------------------------------- */

  var current = null; // {query, results, shown}
  var searchId = 0;
  var recent = new Map(); // query -> promise of Pagefind's response, the last RECENT_QUERIES
  var RECENT_QUERIES = 20;
  var running = null; // the promise of the search Pagefind is busy with
  var waiting = null; // {query, resolve}: the newest search waiting for it

  /* Run Pagefind's search for ``query`` when it is free. Of the queries that wait meanwhile
     only the newest runs: the others resolve to null (nobody is waiting for them any more). */
  function whenFree(query) {
    return new Promise(function (resolve, reject) {
      if (waiting) {
        recent.delete(waiting.query);
        waiting.resolve(null);
      }
      var entry = { query: query, resolve: resolve, reject: reject };
      waiting = entry;
      var start = function () {
        if (waiting !== entry) return;
        waiting = null;
        running = pagefind().then(function (pf) { return pf.search(query); });
        running.then(resolve, reject);
        var done = function () { running = null; if (waiting) waiting.start(); };
        running.then(done, done);
      };
      entry.start = start;
      if (!running) start();
    });
  }

  /* Pagefind's search, remembered: a query asked again (back to an earlier one, a did-you-mean
     followed, Enter after typing) costs nothing, however many pages it matches. */
  function pagefindSearch(query) {
    if (recent.has(query)) {
      var hit = recent.get(query);
      recent.delete(query);
      recent.set(query, hit);
      return hit;
    }
    var promise = whenFree(query);
    recent.set(query, promise);
    promise.then(function (res) {
      if (!res && recent.get(query) === promise) recent.delete(query);
    }, function () {
      if (recent.get(query) === promise) recent.delete(query);
    });
    if (recent.size > RECENT_QUERIES) recent.delete(recent.keys().next().value);
    return promise;
  }

  /* While typing: Pagefind fetches the index chunks the query needs, without searching. */
  function preload(query) {
    query = query.trim();
    if (query.length < PRELOAD_MIN_CHARS || recent.has(query)) return;
    pagefind().then(function (pf) { return pf.preload(query); }).catch(function () {});
  }

  function setStatus(text) { status.textContent = text; }

  function clearResults() {
    list.textContent = "";
    suggestion.textContent = "";
    more.hidden = true;
    section.hidden = true;
    current = null;
  }

  function showBatch(id) {
    var batch = current.results.slice(current.shown, current.shown + PAGES_PER_BATCH);
    current.shown += batch.length;
    return Promise.all(batch.map(pageData)).then(function (pages) {
      if (id !== searchId) return null;
      var items = pages.map(resultItem);
      items.forEach(function (item) { list.appendChild(item); });
      more.hidden = current.shown >= current.results.length;
      section.hidden = false;
      return items[0] || null;
    });
  }

  function announce() {
    var n = current.results.length;
    setStatus(n + (n === 1 ? " page matches " : " pages match ") + "\u201c" + current.query +
      "\u201d" + (current.shown < n ? "; showing the first " + current.shown + "." : "."));
  }

  function showSuggestion(query, id, resultCount) {
    return suggest(query, resultCount).then(function (better) {
      if (!better || id !== searchId) return;
      // One corrected word is an indexed word: found. Several must also be found together.
      var check = /\s/.test(better.trim()) ? pagefindSearch(better) : Promise.resolve(null);
      return check.then(function (res) {
        if (id !== searchId || (res && !res.results.length)) return;
        suggestion.textContent = "Did you mean ";
        var link = document.createElement("a");
        link.href = "?q=" + encodeURIComponent(better);
        link.textContent = better;
        link.setAttribute("dir", "auto");
        link.addEventListener("click", function (event) {
          event.preventDefault();
          input.value = better;
          search(better);
          input.focus();
        });
        suggestion.append(link, "?");
      });
    }).catch(function () { /* no vocabulary: no suggestion */ });
  }

  function remember(query) {
    try {
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
    } catch (e) { /* some file:// browsers refuse; the search still works */ }
  }

  function search(query) {
    var id = ++searchId;
    query = query.trim();
    remember(query);
    if (!query) { clearResults(); setStatus(""); return Promise.resolve(); }
    var slow = setTimeout(function () { if (id === searchId) setStatus("Searching\u2026"); }, 150);
    vocabulary().catch(function () {}); // loads alongside the search, for the did-you-mean
    return pagefindSearch(query).then(function (res) {
      clearTimeout(slow);
      if (id !== searchId || !res) return;
      clearResults();
      current = { query: query, results: res.results, shown: 0 };
      if (!res.results.length) {
        setStatus("Nothing matches \u201c" + query + "\u201d.");
        return showSuggestion(query, id, 0);
      }
      return showBatch(id).then(function () {
        if (id !== searchId) return;
        announce();
        return showSuggestion(query, id, res.results.length);
      });
    }).catch(function (err) {
      clearTimeout(slow);
      if (id !== searchId) return;
      clearResults();
      setStatus("Search could not be loaded (" + (err && err.message ? err.message : err) +
        "). The A\u2013Z index lists everything instead.");
    }).then(function () {
      if (id === searchId) status.setAttribute("data-query", query); // done: for tests
    });
  }

  /* ---- Events ------------------------------------------------------------------------ */

  var typingTimer = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typingTimer);
    search(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(typingTimer);
    preload(input.value);
    typingTimer = setTimeout(function () { search(input.value); }, TYPING_DELAY_MS);
  });
  input.addEventListener("focus", function () { pagefind().catch(function () {}); });

  function resultLinks() {
    return Array.prototype.slice.call(section.querySelectorAll("a"));
  }
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !section.hidden) {
      var links = resultLinks();
      if (links.length) { event.preventDefault(); links[0].focus(); }
    }
  });
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    if (event.key === "ArrowDown" && at + 1 < links.length) links[at + 1].focus();
    else if (event.key === "ArrowUp") (at > 0 ? links[at - 1] : input).focus();
  });
  more.addEventListener("click", function () {
    var id = searchId;
    showBatch(id).then(function (first) {
      if (id !== searchId) return;
      announce();
      if (first) first.querySelector("a").focus();
    });
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
