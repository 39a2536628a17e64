"use strict";
// A running job's page: ask the job's JSON every second, move the bar, and show the
// result (reload) once the job has finished. Without JavaScript the page has a link
// that reloads it.
(function () {
  var box = document.getElementById("job-progress");
  if (!box || !window.fetch) { return; }
  var bar = document.getElementById("job-progress-bar");
  var stage = document.getElementById("job-progress-stage");
  var percent = document.getElementById("job-progress-percent");
  var url = box.getAttribute("data-url");
  var delay = 1000;
  function show(job) {
    if (job.finished) { window.location.reload(); return; }
    if (job.total) {
      bar.max = job.total;
      bar.value = job.done;
      stage.textContent = job.stage_label + ": " + job.done + " / " + job.total;
    } else if (job.stage_label) {
      stage.textContent = job.stage_label;
    }
    bar.textContent = job.percent + "%";
    percent.textContent = job.percent + "%";
    window.setTimeout(poll, delay);
  }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) { delay = 1000; show(job); })
      .catch(function () { delay = Math.min(delay * 2, 30000); window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
})();
