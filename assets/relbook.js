// relbook: progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Version switcher: fills a <select> from versions.js (one shared file for all pages).
  var box = document.querySelector("[data-version-switcher]");
  if (box && Array.isArray(window.RELBOOK_VERSIONS)) {
    var current = box.getAttribute("data-current");
    var root = box.getAttribute("data-root") || "";
    var label = document.createElement("label");
    label.textContent = "Version ";
    var select = document.createElement("select");
    window.RELBOOK_VERSIONS.forEach(function (v) {
      var opt = document.createElement("option");
      opt.value = v[0];
      opt.textContent = v[0] + (v[1] === "released" ? "" : " (" + v[1].replace("-", " ") + ")");
      if (v[0] === current) opt.selected = true;
      select.appendChild(opt);
    });
    select.addEventListener("change", function () {
      window.location.href = root + "releases/" + encodeURIComponent(select.value) + "/";
    });
    label.appendChild(select);
    box.insertBefore(label, box.firstChild);
  }

  // The handbook's module list: folded on phones, unfolded on wide screens.
  var folds = document.querySelectorAll("details.fold");
  if (folds.length && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60.0625rem)");
    var unfold = function () {
      folds.forEach(function (d) { d.open = wide.matches; });
    };
    unfold();
    if (wide.addEventListener) wide.addEventListener("change", unfold);
  }

  // Quizzes: check an answer in place; the <details> answer stays for readers without JS.
  document.querySelectorAll("form.question").forEach(function (form) {
    var answer = form.getAttribute("data-answer");
    var button = form.querySelector("button.check");
    var feedback = form.querySelector(".feedback");
    var reveal = form.querySelector("details.answer");
    if (button) button.hidden = false;
    if (reveal) reveal.hidden = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        feedback.textContent = "Choose an answer first.";
        feedback.className = "feedback";
        return;
      }
      var right = chosen.value === answer;
      feedback.textContent = right ? "Right." : "Not quite — try again, or read the explanation.";
      feedback.className = "feedback " + (right ? "right" : "wrong");
      if (reveal) {
        reveal.hidden = !right && feedback.getAttribute("data-tries") !== "1";
        if (right || !reveal.hidden) reveal.open = true;
      }
      feedback.setAttribute("data-tries", "1");
    });
  });

  // Search engine, without the page: searchEngine(fetch) where fetch(name, done) loads
  // one file of the index ("search-index", "search/t3", "search/d0"; format in
  // src/search.rs) and calls done(its data, or null). Only the files a query needs are
  // loaded: the manifest, the term shards its words fall in, the document shards of its
  // ten results. Each query word matches every indexed word it begins ("deploy" finds
  // "deployment"), all must match, and a document scores by the rarest word each query
  // word matches in it, more in its title. The query as typed is also looked up as an
  // id ("2.3", "2.3.0", "A-026", "#281"): the document of that version or id comes first.
  function searchEngine(fetch) {
    var cache = {}, waiting = {};
    function get(name, done) {
      if (name in cache) return done(cache[name]);
      if (waiting[name]) return waiting[name].push(done);
      waiting[name] = [done];
      fetch(name, function (data) {
        cache[name] = data || null;
        var all = waiting[name];
        delete waiting[name];
        all.forEach(function (d) { d(cache[name]); });
      });
    }
    function each(list, work, done) {
      var left = list.length, out = [];
      if (!left) return done(out);
      list.forEach(function (x, i) {
        work(x, function (r) { out[i] = r; if (--left === 0) done(out); });
      });
    }
    function decode(gaps) {
      var n = 0;
      return gaps ? gaps.split(" ").map(function (g) { return (n += parseInt(g, 36)); }) : [];
    }
    function lowerBound(list, w, at) {
      var lo = 0, hi = list.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (at(list[mid]) < w) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    function starts(t, w) { return t.lastIndexOf(w, 0) === 0; }
    // The terms that begin with w (at most 200, from at most 3 shards), with their
    // documents: [[term, postings, title postings]…].
    function prefixed(meta, w, done) {
      var shards = meta.shards, found = [];
      // The last shard whose first term is not after w.
      var lb = lowerBound(shards, w, function (x) { return x; });
      var first = lb < shards.length && shards[lb] === w ? lb : Math.max(0, lb - 1);
      (function next(s) {
        if (s >= shards.length || s > first + 2) return done(found);
        get("search/t" + s, function (sh) {
          if (!sh) return done(found);
          for (var t = lowerBound(sh.terms, w, function (x) { return x; }); t < sh.terms.length; t++) {
            if (!starts(sh.terms[t], w) || found.length >= 200) return done(found);
            found.push([sh.terms[t], sh.postings[t], sh.titles[t]]);
          }
          if (s + 1 < shards.length && starts(shards[s + 1], w)) next(s + 1);
          else done(found);
        });
      })(first);
    }
    function words(text) {
      return text.toLowerCase().match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    }
    // done(the ten best documents, [ref, type, title, snippet] each).
    function search(q, done) {
      get("search-index", function (meta) {
        if (!meta) return done([]);
        var common = {};
        meta.common.forEach(function (w) { common[w] = true; });
        var ws = words(q).filter(function (w, i, all) { return !common[w] && all.indexOf(w) === i; });
        // Ids: the query as typed and each of its parts ("1.0.99 portal": "1.0.99").
        var keys = [q].concat(q.split(/\s+/)).map(function (id) {
          id = id.trim().replace(/^#+/, "").toLowerCase().split(/\s+/).join(" ");
          return id ? "=" + id : "";
        }).filter(function (k, i, all) { return k && all.indexOf(k) === i; });
        each(ws.concat(keys), function (w, d) { prefixed(meta, w, d); }, function (lists) {
          var n = meta.n, total = null;
          ws.forEach(function (w, wi) {
            var best = {}, titled = {};
            lists[wi].forEach(function (hit) {
              var docs = decode(hit[1]);
              var weight = Math.log(1 + n / docs.length) * (hit[0] === w ? 2 : 1);
              docs.forEach(function (d) { if (!(best[d] >= weight)) best[d] = weight; });
              decode(hit[2]).forEach(function (d) { titled[d] = true; });
            });
            var next = {};
            Object.keys(total || best).forEach(function (d) {
              if (d in best) next[d] = (total ? total[d] : 0) + best[d] + (titled[d] ? 3 : 0);
            });
            total = next;
          });
          total = total || {};
          keys.forEach(function (key, ki) {
            // An id as typed, a version up to a dot ("2.3" of "2.3.0"), or the start of one.
            lists[ws.length + ki].forEach(function (hit) {
              var rest = hit[0].charAt(key.length);
              var bonus = hit[0] === key ? 1000 : /[\p{Alphabetic}\p{N}]/u.test(rest) ? 100 : 500;
              decode(hit[1]).forEach(function (d) {
                total[d] = (total[d] || 0) + bonus;
              });
            });
          });
          var best = Object.keys(total).map(Number).sort(function (a, b) {
            return total[b] - total[a] || a - b;
          }).slice(0, 10);
          var shards = best.map(function (d) { return Math.floor(d / meta.per); })
            .filter(function (s, i, all) { return all.indexOf(s) === i; });
          each(shards, function (s, d) { get("search/d" + s, d); }, function (loaded) {
            var docs = {};
            shards.forEach(function (s, i) { docs[s] = loaded[i] || []; });
            done(best.map(function (d) { return docs[Math.floor(d / meta.per)][d % meta.per]; })
              .filter(Boolean));
          });
        });
      });
    }
    return { search: search };
  }
  window.RELBOOK_SEARCH_ENGINE = searchEngine;

  // Search box: searches as you type, loading the index's files as script tags (which
  // also works where fetch is not allowed, as from file:).
  var form = document.querySelector("form.search");
  if (form) {
    var base = form.getAttribute("data-root") || "";
    var box = form.querySelector("input");
    var list = form.querySelector("#search-results");
    var active = -1;
    var asked = 0;
    form.hidden = false;
    var engine = searchEngine(function (name, done) {
      var data = document.createElement("script");
      data.src = base + name + ".js";
      data.onload = function () { done((window.RELBOOK_SEARCH_DATA || {})[name]); };
      data.onerror = function () { done(null); };
      document.head.appendChild(data);
    });

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function show() {
      var q = box.value.trim();
      var mine = ++asked;
      if (!q) {
        list.innerHTML = "";
        return close();
      }
      engine.search(q, function (hits) {
        if (mine !== asked) return; // a newer query was typed meanwhile
        render(q, hits);
      });
    }

    function render(q, hits) {
      list.innerHTML = "";
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "No results for \u201c" + q + "\u201d";
        list.appendChild(none);
      }
      hits.forEach(function (doc, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "search-hit-" + i;
        var a = document.createElement("a");
        a.href = base + doc[0];
        var type = document.createElement("span");
        type.className = "hit-type";
        type.textContent = doc[1];
        var title = document.createElement("span");
        title.className = "hit-title";
        title.textContent = doc[2];
        var snip = document.createElement("span");
        snip.className = "hit-snippet";
        snip.textContent = doc[3];
        a.appendChild(type);
        a.appendChild(title);
        a.appendChild(snip);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function move(step) {
      var links = list.querySelectorAll("a");
      if (!links.length) return;
      active = (active + step + links.length) % links.length;
      links[active].focus();
    }

    box.addEventListener("focus", show);
    box.addEventListener("input", show);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = list.querySelector("a");
      if (first) window.location.href = first.href;
    });
    form.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { close(); box.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) close();
    });
  }

  // Overdue and late: pages are built without reading the clock (builds are byte-identical),
  // so open action items carry data-due and unshipped releases data-window-end, and today's
  // date marks those past it here. Dates are ISO (YYYY-MM-DD), so they compare as strings.
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  function mark(el, date, word, title) {
    if (!date || date >= today || el.getAttribute("data-marked")) return;
    var badge = document.createElement("span");
    badge.className = "badge " + word;
    badge.textContent = word;
    badge.title = title + " " + date;
    el.setAttribute("data-marked", word);
    el.insertAdjacentElement("afterend", badge);
    el.insertAdjacentText("afterend", " ");
  }
  document.querySelectorAll("[data-due]").forEach(function (el) {
    mark(el, el.getAttribute("data-due"), "overdue", "Open past its due date");
  });
  document.querySelectorAll("[data-window-end]").forEach(function (el) {
    mark(el, el.getAttribute("data-window-end"), "late", "Not shipped; its window ended");
  });

  // Print: a release record prints with every collapsed section open (style.css's print
  // block does the rest); the sections closed before printing close again after.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      reopened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  // Meetings: the kind links filter the table in place (without this file they jump to
  // each kind's list further down). A second click on the same kind shows all again.
  var filter = document.querySelector("[data-meeting-filter]");
  if (filter) {
    var rows = document.querySelectorAll("tr[data-kind]");
    var chosen = null;
    filter.querySelectorAll("a[data-kind]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var kind = a.getAttribute("data-kind");
        chosen = chosen === kind ? null : kind;
        rows.forEach(function (tr) {
          tr.hidden = chosen !== null && tr.getAttribute("data-kind") !== chosen;
        });
        filter.querySelectorAll("a[data-kind]").forEach(function (b) {
          if (b.getAttribute("data-kind") === chosen) b.setAttribute("aria-current", "true");
          else b.removeAttribute("aria-current");
        });
      });
    });
  }
})();
