// The all-projects explorer: filter, sort and total the projects in the browser.
// The page holds the full static table for readers without JavaScript; this script replaces
// it with a filtered view built from explorer.json. Money is summed in fen with BigInt, so the
// totals are exact; the filter state lives in the URL so that a view can be shared.
(function () {
  "use strict";

  var root = document.getElementById("jx-explorer");
  if (!root) {
    return;
  }

  var FIELDS = ["year", "department", "unit", "category", "min", "max", "q", "sort", "order"];

  function toFen(text) {
    if (text === null || text === "") {
      return null;
    }
    var negative = text.charAt(0) === "-";
    var parts = text.replace("-", "").split(".");
    var fraction = ((parts[1] || "") + "00").slice(0, 2);
    var fen = BigInt(parts[0]) * 100n + BigInt(fraction);
    return negative ? -fen : fen;
  }

  function formatFen(fen) {
    var negative = fen < 0n;
    var absolute = negative ? -fen : fen;
    var yuan = (absolute / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var cents = (absolute % 100n).toString().padStart(2, "0");
    return (negative ? "-" : "") + yuan + "." + cents;
  }

  function amountFilter(text) {
    // Inputs are in 万元 (as people think of budgets): 万元 to six places is exactly fen.
    if (!text) {
      return null;
    }
    var cleaned = text.replace(/[,，\s]/g, "");
    if (!/^\d+(\.\d+)?$/.test(cleaned)) {
      return undefined;
    }
    var parts = cleaned.split(".");
    var fraction = ((parts[1] || "") + "000000").slice(0, 6);
    return BigInt(parts[0]) * 1000000n + BigInt(fraction);
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    FIELDS.forEach(function (name) {
      state[name] = params.get(name) || "";
    });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      if (state[name]) {
        params.set(name, state[name]);
      }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    window.history.replaceState(null, "", url);
  }

  function option(select, value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    select.appendChild(element);
  }

  function fillSelect(select, values) {
    values.forEach(function (value) {
      option(select, String(value), String(value));
    });
  }

  function start(data) {
    var rows = data.rows.map(function (row) {
      return {
        url: row[0],
        year: String(row[1]),
        name: row[2],
        department: data.departments[row[3]],
        unit: data.units[row[4]],
        category: data.categories[row[5]],
        fen: toFen(row[6]),
        indicators: row[7],
        measurable: row[8],
        text: (row[2] + " " + data.departments[row[3]] + " " + data.units[row[4]]).toLowerCase(),
      };
    });
    var form = root.querySelector("form");
    var controls = {};
    FIELDS.forEach(function (name) {
      controls[name] = form.elements.namedItem(name);
    });
    fillSelect(controls.year, data.years);
    fillSelect(controls.department, data.departments);
    fillSelect(controls.unit, data.units);
    fillSelect(controls.category, data.categories);
    var state = readState();
    FIELDS.forEach(function (name) {
      if (controls[name]) {
        controls[name].value = state[name];
      }
    });
    var body = root.querySelector("tbody");
    var count = root.querySelector("[data-jx-count]");
    var total = root.querySelector("[data-jx-total]");
    var base = root.getAttribute("data-base") || "";
    var limit = 1000;

    function collect() {
      FIELDS.forEach(function (name) {
        state[name] = controls[name] ? controls[name].value.trim() : state[name];
      });
    }

    function matches(row, minimum, maximum, words) {
      if (state.year && row.year !== state.year) return false;
      if (state.department && row.department !== state.department) return false;
      if (state.unit && row.unit !== state.unit) return false;
      if (state.category && row.category !== state.category) return false;
      if (minimum !== null && (row.fen === null || row.fen < minimum)) return false;
      if (maximum !== null && (row.fen === null || row.fen > maximum)) return false;
      for (var i = 0; i < words.length; i++) {
        if (row.text.indexOf(words[i]) === -1) return false;
      }
      return true;
    }

    function compare(a, b) {
      var key = state.sort || "year";
      var result;
      if (key === "amount") {
        var x = a.fen === null ? -1n : a.fen;
        var y = b.fen === null ? -1n : b.fen;
        result = x < y ? -1 : x > y ? 1 : 0;
      } else if (key === "indicators") {
        result = a.indicators - b.indicators;
      } else {
        result = String(a[key]).localeCompare(String(b[key]), "zh-Hans-CN");
      }
      return state.order === "desc" ? -result : result;
    }

    function cell(text, className) {
      var td = document.createElement("td");
      td.textContent = text;
      if (className) td.className = className;
      return td;
    }

    function render() {
      collect();
      var minimum = amountFilter(state.min) || null;
      var maximum = amountFilter(state.max) || null;
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = rows.filter(function (row) {
        return matches(row, minimum, maximum, words);
      });
      shown.sort(compare);
      var sum = 0n;
      var blanks = 0;
      shown.forEach(function (row) {
        if (row.fen === null) blanks += 1;
        else sum += row.fen;
      });
      var fragment = document.createDocumentFragment();
      shown.slice(0, limit).forEach(function (row) {
        var tr = document.createElement("tr");
        tr.appendChild(cell(row.year));
        var nameCell = document.createElement("td");
        var link = document.createElement("a");
        link.href = base + row.url;
        link.textContent = row.name;
        nameCell.appendChild(link);
        tr.appendChild(nameCell);
        tr.appendChild(cell(row.department));
        tr.appendChild(cell(row.unit));
        tr.appendChild(cell(row.category));
        tr.appendChild(cell(row.fen === null ? "空白" : formatFen(row.fen), "jx-num"));
        tr.appendChild(cell(String(row.indicators), "jx-num"));
        fragment.appendChild(tr);
      });
      body.replaceChildren(fragment);
      count.textContent =
        shown.length + " 个项目" + (shown.length > limit ? "（表中显示前 " + limit + " 个）" : "");
      total.textContent = formatFen(sum) + (blanks ? "（另有 " + blanks + " 个项目未填）" : "");
      root.querySelectorAll("th[data-sort]").forEach(function (th) {
        var active = th.getAttribute("data-sort") === (state.sort || "year");
        th.setAttribute(
          "aria-sort",
          active ? (state.order === "desc" ? "descending" : "ascending") : "none"
        );
      });
      writeState(state);
    }

    form.addEventListener("input", render);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      render();
    });
    root.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        state.order = state.sort === key && state.order !== "desc" ? "desc" : "asc";
        state.sort = key;
        controls.sort.value = state.sort;
        controls.order.value = state.order;
        render();
      });
    });
    root.classList.add("jx-explorer-ready");
    render();
  }

  fetch(root.getAttribute("data-source"))
    .then(function (response) {
      return response.json();
    })
    .then(start)
    .catch(function () {
      root.classList.add("jx-explorer-failed");
    });
})();
