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

  // Search: loads elasticlunr.js and the index on first use (script tags, so it also
  // works where fetch is not allowed), then searches as you type.
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
      var lib = document.createElement("script");
      lib.src = base + "elasticlunr.min.js";
      lib.onload = function () {
        var data = document.createElement("script");
        data.src = base + "search-index.js";
        data.onload = function () {
          index = window.elasticlunr.Index.load(window.RELBOOK_SEARCH.index);
          done();
        };
        document.head.appendChild(data);
      };
      document.head.appendChild(lib);
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
      var hits = index.search(q, { fields: { title: { boost: 3 }, body: { boost: 1 } }, bool: "AND", expand: true }).slice(0, 10);
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "No results for \u201c" + q + "\u201d";
        list.appendChild(none);
      }
      hits.forEach(function (hit, i) {
        var doc = window.RELBOOK_SEARCH.docs[hit.ref];
        if (!doc) return;
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "search-hit-" + i;
        var a = document.createElement("a");
        a.href = base + hit.ref;
        var type = document.createElement("span");
        type.className = "hit-type";
        type.textContent = doc[0];
        var title = document.createElement("span");
        title.className = "hit-title";
        title.textContent = doc[1];
        var snip = document.createElement("span");
        snip.className = "hit-snippet";
        snip.textContent = doc[2];
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
})();
