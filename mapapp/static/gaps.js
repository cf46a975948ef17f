/* District briefing: the print button (no inline handlers, so a strict CSP can hold). */
(function () {
  "use strict";
  var button = document.getElementById("print-briefing");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
