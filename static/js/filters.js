// The catalogue's filters fold behind "筛选" on a phone; on a wider screen they stay open.
(function () {
  "use strict";
  var panel = document.querySelector("details.filter-panel");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 40rem)");
  function sync() { if (wide.matches) panel.open = true; }
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
