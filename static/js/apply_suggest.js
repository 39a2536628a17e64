"use strict";
// Search before you apply: while the description is typed, published documents that match
// are listed under it (GET /apply/suggest/?q=…). Without this script the form works the same,
// and the "search first" button shows the matches in a new tab.
(function () {
  var box = document.querySelector(".apply-presearch[data-suggest-url]");
  if (!box || !window.fetch) { return; }
  var description = document.getElementById(box.dataset.for);
  var title = document.getElementById(box.dataset.titleFor);
  var region = box.querySelector(".apply-suggestions");
  if (!description || !region) { return; }
  var DELAY = 400;
  var MIN = 2;
  var timer = null;
  var asked = "";
  var sequence = 0;

  function query() {
    var parts = [title ? title.value : "", description.value];
    return parts.join(" ").replace(/\s+/g, " ").trim().slice(0, 200);
  }

  function clear() {
    region.textContent = "";
    region.classList.remove("apply-suggestions--shown");
  }

  function render(data) {
    clear();
    var results = (data && data.results) || [];
    if (!results.length) { return; }
    var heading = document.createElement("p");
    heading.className = "apply-suggestions__heading";
    heading.textContent = box.dataset.heading;
    var list = document.createElement("ul");
    results.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = item.title;
      li.appendChild(link);
      var meta = [item.organization, item.document_number, item.published_on].filter(Boolean);
      if (meta.length) {
        var small = document.createElement("small");
        small.className = "muted";
        small.textContent = " " + meta.join(" · ");
        li.appendChild(small);
      }
      list.appendChild(li);
    });
    region.appendChild(heading);
    region.appendChild(list);
    if (data.search_url) {
      var more = document.createElement("a");
      more.href = data.search_url;
      more.target = "_blank";
      more.rel = "noopener";
      more.textContent = box.dataset.more;
      region.appendChild(more);
    }
    region.classList.add("apply-suggestions--shown");
  }

  function ask() {
    var q = query();
    if (q.length < MIN) { asked = ""; clear(); return; }
    if (q === asked) { return; }
    asked = q;
    var mine = ++sequence;
    fetch(box.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (mine === sequence && data) { render(data); } })
      .catch(function () { /* suggestions are a help: the form works without them */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, DELAY);
  }

  description.addEventListener("input", schedule);
  if (title) { title.addEventListener("input", schedule); }
  if (query().length >= MIN) { schedule(); }
})();
