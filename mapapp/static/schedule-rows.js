/* "Add another session" in the listing editor: a copy of the last schedule row, emptied,
   with the next number. Without JavaScript the form already has empty rows to fill in,
   and saving gives two more. The server reads at most 20 rows (listing_form.py). */
(function () {
  "use strict";
  var box = document.getElementById("schedules");
  var button = document.getElementById("add-session");
  if (!box || !button) return;
  var MAX_ROWS = 20;
  button.hidden = false;
  button.addEventListener("click", function () {
    var rows = box.querySelectorAll(".schedule-row");
    if (rows.length >= MAX_ROWS) { button.disabled = true; return; }
    var last = rows[rows.length - 1], index = rows.length;
    var copy = last.cloneNode(true);
    var from = new RegExp("^schedule-" + (index - 1) + "-");
    copy.id = "schedule-" + index + "-field";
    copy.removeAttribute("aria-describedby");
    copy.querySelector("legend").textContent = "Session " + (index + 1);
    copy.querySelectorAll(".field-error").forEach(function (node) { node.remove(); });
    copy.querySelectorAll("[id], [name], [for]").forEach(function (node) {
      ["id", "name", "for"].forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value) node.setAttribute(attr, value.replace(from, "schedule-" + index + "-"));
      });
      if (node.tagName === "INPUT") node.value = "";
      if (node.tagName === "SELECT") node.selectedIndex = 0;
    });
    last.after(copy);
    copy.querySelector("select").focus();
    if (index + 1 >= MAX_ROWS) button.disabled = true;
  });
})();
