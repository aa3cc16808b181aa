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
})();
