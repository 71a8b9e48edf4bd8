// Tables become cards on phones (static/css/app.css): each cell gets its column's header as data-label, so
// a stacked cell still says what it is ("Verdict: Wrong answer"). Runs on load and after every htmx swap.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll("table").forEach(function (table) {
      const head = table.tHead && table.tHead.rows[0];
      if (!head) return;
      const names = Array.from(head.cells).map(function (cell) { return cell.textContent.trim(); });
      Array.from(table.tBodies).forEach(function (body) {
        Array.from(body.rows).forEach(function (row) {
          Array.from(row.cells).forEach(function (cell, i) {
            if (cell.tagName === "TD" && names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
          });
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { label(document); });
  else label(document);
  document.addEventListener("htmx:afterSettle", function (event) { label(event.target || document); });
})();
