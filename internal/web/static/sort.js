// Sortable tables, as a progressive enhancement. A table marked data-sortable sorts by a column
// when its header is activated (click, Enter or Space): a header link (a[data-sort-key]), which
// without this script asks the server for the sorted page, or a header marked data-sort-key,
// which this script turns into a button. A cell may carry data-sort (a date as YYYY-MM-DD, a
// number) to sort by instead of its text. In a column whose header is marked data-blank-last, a
// cell whose data-sort is empty (a step not yet taken) sorts after the others in either
// direction, as the server sorts that column.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var control = th.querySelector("a[data-sort-key]");
      if (!control && th.hasAttribute("data-sort-key")) {
        control = document.createElement("button");
        control.type = "button";
        control.className = "sort";
        control.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(control);
      }
      if (!control) { return; }
      var blankLast = th.hasAttribute("data-blank-last");
      control.addEventListener("click", function (ev) {
        ev.preventDefault();
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
          var n = Number(v);
          return v !== "" && !isNaN(n) ? n : v;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b), c;
          if (blankLast && (x === "") !== (y === "")) { return x === "" ? 1 : -1; }
          if (typeof x === "number" && typeof y === "number") { c = x - y; }
          else { c = String(x).localeCompare(String(y), document.documentElement.lang); }
          return dir === "ascending" ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        if (control.href && window.history && window.history.replaceState) {
          var url = new URL(control.href);
          url.searchParams.set("dir", dir === "ascending" ? "asc" : "desc");
          window.history.replaceState(null, "", url.pathname + url.search);
        }
      });
    });
  });
});
