"use strict";
// A "Print" button where JavaScript runs (it is hidden otherwise: the browser's own menu prints).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
