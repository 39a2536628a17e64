"use strict";
// A second click while the first submission is on its way sends nothing (the server also
// recognises the form's token, so a resubmission still makes one application).
document.querySelector(".apply-form").addEventListener("submit", function (event) {
  // "Search first" posts to the search page in a new tab: not a submission of the application.
  if (event.submitter && event.submitter.hasAttribute("data-presearch")) { return; }
  if (this.dataset.sent) { event.preventDefault(); return; }
  this.dataset.sent = "1";
});
