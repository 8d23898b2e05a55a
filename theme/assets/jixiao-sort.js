// Sortable tables (the 自评结果 page): a reader orders a ranking by any numeric column.
//
// The page is complete without this script: every row is in the HTML, in the page's own order.
// The script turns the text of each `<th data-jx-sort>` into a <button> (reachable by Tab,
// pressed with Enter or Space, named by the header's text), keeps `aria-sort` on the sorted
// header and says the new order in a polite live region for screen readers.
// A cell's number is its `data-value`, or its text without "%" and ","; an empty or "—" cell
// is blank, not 0: blanks stay last in either direction. Equal values keep the page's order.
(function () {
  "use strict";

  var NUMBER = /^-?\d+(\.\d+)?$/;

  function valueOf(cell) {
    if (!cell) return null;
    var raw = cell.hasAttribute("data-value")
      ? cell.getAttribute("data-value")
      : cell.textContent.replace(/[%,\s]/g, "");
    return NUMBER.test(raw) ? Number(raw) : null;
  }

  function setUp(table) {
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-jx-sort]"));
    if (!body || !headers.length) return;
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, index) {
      row.setAttribute("data-jx-index", String(index));
    });
    var status = document.createElement("p");
    status.className = "jx-visually-hidden";
    status.setAttribute("aria-live", "polite");
    table.parentNode.insertBefore(status, table.nextSibling);

    function sortBy(th, descending) {
      var column = th.cellIndex;
      var keyed = rows.map(function (row) {
        return { row: row, value: valueOf(row.cells[column]), index: Number(row.getAttribute("data-jx-index")) };
      });
      keyed.sort(function (a, b) {
        if (a.value === null || b.value === null) {
          if (a.value === b.value) return a.index - b.index;
          return a.value === null ? 1 : -1;
        }
        var order = descending ? b.value - a.value : a.value - b.value;
        return order || a.index - b.index;
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (item) {
        fragment.appendChild(item.row);
      });
      body.appendChild(fragment);
      headers.forEach(function (other) {
        if (other === th) other.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else other.removeAttribute("aria-sort");
      });
      status.textContent =
        "已按“" + th.textContent.trim() + "”" + (descending ? "从高到低" : "从低到高") +
        "排序，空白的排在最后";
    }

    headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "jx-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        // A ranking reads from the highest: the first press sorts high to low, the next low to high.
        sortBy(th, th.getAttribute("aria-sort") !== "descending");
      });
    });
  }

  document.querySelectorAll("table[data-jx-sortable]").forEach(setUp);
})();
