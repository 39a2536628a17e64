"use strict";
// A second click while the first submission is on its way sends nothing (the server also
// recognises the form's token, so a resubmission still makes one application).
document.querySelector(".apply-form").addEventListener("submit", function (event) {
  if (this.dataset.sent) { event.preventDefault(); return; }
  this.dataset.sent = "1";
});
