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

  // Search: loads the index on first use (a script tag, so it also works where fetch is
  // not allowed), then searches as you type. The index format is described in
  // src/search.rs: each query word matches every indexed word it begins, all query words
  // must match, and a document scores by how rare its matching words are, with title
  // matches counting most.
  var form = document.querySelector("form.search");
  if (form) {
    var base = form.getAttribute("data-root") || "";
    var box = form.querySelector("input");
    var list = form.querySelector("#search-results");
    var index = null;
    var loading = false;
    var active = -1;
    form.hidden = false;

    function load(done) {
      if (index) return done();
      if (loading) return;
      loading = true;
      var data = document.createElement("script");
      data.src = base + "search-index.js";
      data.onload = function () {
        var s = window.RELBOOK_SEARCH;
        index = { docs: s.docs, terms: s.terms, postings: s.postings, decoded: {}, common: {} };
        s.common.forEach(function (w) { index.common[w] = true; });
        index.titles = s.docs.map(function (d) { return d[2].toLowerCase(); });
        done();
      };
      document.head.appendChild(data);
    }

    function words(text) {
      return text.toLowerCase().match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    }

    function docsOf(t) {
      var docs = index.decoded[t];
      if (!docs) {
        var n = 0;
        docs = index.postings[t].split(" ").map(function (gap) { return (n += parseInt(gap, 36)); });
        index.decoded[t] = docs;
      }
      return docs;
    }

    // Scores of the documents containing a word that begins with w.
    function matches(w) {
      var terms = index.terms, lo = 0, hi = terms.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (terms[mid] < w) lo = mid + 1; else hi = mid;
      }
      var scores = {}, n = index.docs.length;
      for (var t = lo; t < terms.length && terms[t].lastIndexOf(w, 0) === 0 && t < lo + 200; t++) {
        var docs = docsOf(t);
        var weight = Math.log(1 + n / docs.length) * (terms[t] === w ? 2 : 1);
        docs.forEach(function (d) { scores[d] = (scores[d] || 0) + weight; });
      }
      return scores;
    }

    function search(q) {
      var qs = q.toLowerCase();
      var ws = words(q).filter(function (w) { return !index.common[w]; });
      var total = null;
      ws.forEach(function (w) {
        var scores = matches(w), next = {};
        Object.keys(total || scores).forEach(function (d) {
          if (d in scores) next[d] = (total ? total[d] : 0) + scores[d];
        });
        total = next;
      });
      total = total || {};
      // A title that contains the query as typed ("2.3", "go/no-go") always matches.
      index.titles.forEach(function (title, d) {
        if (title.indexOf(qs) >= 0) total[d] = (total[d] || 0) + 10;
        else if (d in total) ws.forEach(function (w) { if (title.indexOf(w) >= 0) total[d] += 3; });
      });
      return Object.keys(total).map(Number).sort(function (a, b) {
        return total[b] - total[a] || a - b;
      }).slice(0, 10).map(function (d) { return index.docs[d]; });
    }

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function show() {
      var q = box.value.trim();
      list.innerHTML = "";
      if (!q || !index) return close();
      var hits = search(q);
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

    box.addEventListener("focus", function () { load(show); });
    box.addEventListener("input", function () { load(show); });
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
