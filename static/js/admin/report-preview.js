"use strict";
// Live preview: send the prose as typed, replace the panel. Without JavaScript the
// panel shows the saved text ("Save and continue editing" refreshes it).
(function () {
  var panel = document.getElementById("report-preview");
  var form = document.getElementById("report_form");
  if (!panel || !form || !window.fetch || !window.FormData) { return; }
  var timer = null, sequence = 0;
  function refresh() {
    var mine = ++sequence;
    panel.setAttribute("aria-busy", "true");
    fetch(panel.getAttribute("data-url"), {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { if (mine === sequence) { panel.innerHTML = html; } })
      .catch(function () {})
      .then(function () { if (mine === sequence) { panel.removeAttribute("aria-busy"); } });
  }
  function schedule(delay) { clearTimeout(timer); timer = setTimeout(refresh, delay); }
  form.addEventListener("input", function (event) {
    if (event.target.matches("textarea, input[name=title]")) { schedule(800); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "include_children") { schedule(100); }
  });
})();
