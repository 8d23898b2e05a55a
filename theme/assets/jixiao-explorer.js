// The all-projects explorer: filter, sort, total and download the projects in the browser.
// The page itself carries no table (readers without JavaScript are sent to the paginated
// all-projects tables): the rows come from explorer.json, so the filters work within a second
// even at 10,000 projects. Money is summed in fen with BigInt, so the
// totals are exact; the filter state lives in the URL so that a view can be shared.
// Fast at 10,000 projects: each sort order is computed once and kept (filtering an ordered list
// keeps its order), and the table shows the first rows only, more on request (the count and
// the total always cover every matching project).
(function () {
  "use strict";

  var root = document.getElementById("jx-explorer");
  if (!root) {
    return;
  }

  var FIELDS = [
    "year", "department", "unit", "category", "flag", "min", "max", "q", "sort", "order",
    "grade", "unmet", "scoremin", "ratemin", "ratemax",
  ];

  // A number typed in a box ("85", "85.5", "95%"): null when empty, undefined when not a number.
  function numberFilter(text) {
    if (!text) return null;
    var cleaned = text.normalize("NFKC").replace(/[\s%]/g, "");
    return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : undefined;
  }

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
    // Bounds are in 元, like the table; "100万" (or 100万元) is 1,000,000 元, as people say
    // budgets. Exact to the fen: 元 to two places, 万元 to six.
    // null: no bound; undefined: not an amount (the bound is ignored and the box marked).
    if (!text) {
      return null;
    }
    var cleaned = text.normalize("NFKC").replace(/[,，\s]/g, "").replace(/元$/, "");
    var wan = /万$/.test(cleaned);
    if (wan) cleaned = cleaned.slice(0, -1);
    if (!/^\d+(\.\d+)?$/.test(cleaned)) {
      return undefined;
    }
    var parts = cleaned.split(".");
    var places = wan ? 6 : 2;
    var fraction = (parts[1] || "").replace(/0+$/, "");
    if (fraction.length > places) {
      return undefined; // finer than a fen
    }
    return BigInt(parts[0]) * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, "0"));
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
    var rows = data.rows.map(function (row, index) {
      return {
        index: index,
        url: row[0],
        year: String(row[1]),
        name: row[2],
        department: data.departments[row[3]],
        unit: data.units[row[4]],
        // A project known only from its 自评表 (row[11]) has no 项目类别, amount or 指标数:
        // null, shown empty, never as 0.
        category: row[5] === null ? "" : data.categories[row[5]],
        fen: toFen(row[6]),
        indicators: row[7],
        measurable: row[8],
        discrepancies: row[9] || 0,
        // 绩效自评 (row[10]): [自评得分, 自评等级, 执行率 %, 未达成的指标数, the common grade
        // the 自评等级 names (优秀 is 优), null for a grade of local rules], or null without one.
        evaluated: Boolean(row[10]),
        score: row[10] && row[10][0] !== null ? Number(row[10][0]) : null,
        grade: row[10] ? row[10][4] || row[10][1] || "" : "",
        rate: row[10] && row[10][2] !== null ? Number(row[10][2]) : null,
        unmet: row[10] ? row[10][3] : 0,
        evaluationOnly: row[11] === 1,
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
    // The site root relative to this page ("..", "../.."): project URLs are appended to it.
    var base = root.getAttribute("data-base") || "";
    if (base && base.charAt(base.length - 1) !== "/") base += "/";
    var step = 200;
    var limit = step;
    var shown = [];
    var orders = {};
    var collator = new Intl.Collator("zh-Hans-CN");
    var more = document.createElement("button");
    more.type = "button";
    more.className = "jx-more";
    more.hidden = true;
    root.appendChild(more);

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
      if (state.flag && !row.discrepancies) return false;
      if (state.grade === "none" && row.evaluated) return false;
      if (state.grade === "any" && !row.evaluated) return false;
      if (state.grade && state.grade !== "none" && state.grade !== "any" &&
          row.grade !== state.grade) return false;
      if (state.unmet && !row.unmet) return false;
      var scoreMin = numberFilter(state.scoremin);
      if (typeof scoreMin === "number" && (row.score === null || row.score < scoreMin)) return false;
      var rateMin = numberFilter(state.ratemin);
      var rateMax = numberFilter(state.ratemax);
      if (typeof rateMin === "number" && (row.rate === null || row.rate < rateMin)) return false;
      if (typeof rateMax === "number" && (row.rate === null || row.rate > rateMax)) return false;
      if (minimum !== null && (row.fen === null || row.fen < minimum)) return false;
      if (maximum !== null && (row.fen === null || row.fen > maximum)) return false;
      for (var i = 0; i < words.length; i++) {
        if (row.text.indexOf(words[i]) === -1) return false;
      }
      return true;
    }

    function compare(key, a, b) {
      if (key === "amount") {
        var x = a.fen === null ? -1n : a.fen;
        var y = b.fen === null ? -1n : b.fen;
        return x < y ? -1 : x > y ? 1 : 0;
      }
      if (key === "indicators") {
        var i = a.indicators === null ? -1 : a.indicators;
        var j = b.indicators === null ? -1 : b.indicators;
        return i - j;
      }
      if (key === "year") {
        return a.year < b.year ? -1 : a.year > b.year ? 1 : 0;
      }
      return collator.compare(a[key], b[key]);
    }

    function ordered() {
      // All rows in the current order, computed once per column and direction. Equal values
      // keep the order of explorer.json, in both directions.
      var key = state.sort || "year";
      var desc = state.order === "desc";
      var name = key + (desc ? " desc" : "");
      if (!orders[name]) {
        orders[name] = rows.slice().sort(function (a, b) {
          var result = compare(key, a, b);
          return (desc ? -result : result) || a.index - b.index;
        });
      }
      return orders[name];
    }

    function cell(text, className) {
      var td = document.createElement("td");
      td.textContent = text;
      if (className) td.className = className;
      return td;
    }

    function bound(name) {
      var value = amountFilter(state[name]);
      if (controls[name]) {
        if (value === undefined) controls[name].setAttribute("aria-invalid", "true");
        else controls[name].removeAttribute("aria-invalid");
      }
      return value === undefined ? null : value;
    }

    function appendRows(from, to) {
      var fragment = document.createDocumentFragment();
      shown.slice(from, to).forEach(function (row) {
        var tr = document.createElement("tr");
        tr.appendChild(cell(row.year));
        var nameCell = document.createElement("td");
        var link = document.createElement("a");
        link.href = base + row.url;
        link.textContent = row.name;
        nameCell.appendChild(link);
        if (row.evaluationOnly) {
          var onlyFlag = document.createElement("span");
          onlyFlag.className = "jx-flag";
          onlyFlag.textContent = "只有自评表";
          onlyFlag.title = "本站没有该项目的绩效目标申报表，只有绩效自评表";
          nameCell.appendChild(onlyFlag);
        }
        if (row.unmet) {
          var unmetFlag = document.createElement("span");
          unmetFlag.className = "jx-flag";
          unmetFlag.textContent = "未达成 " + row.unmet;
          unmetFlag.title = "绩效自评中有 " + row.unmet + " 个指标按本站读法未达成，见项目页";
          nameCell.appendChild(unmetFlag);
        }
        if (row.discrepancies) {
          var flag = document.createElement("span");
          flag.className = "jx-flag";
          flag.textContent = "核对提示";
          flag.title = "原表本身有 " + row.discrepancies + " 处不一致，见项目页";
          nameCell.appendChild(flag);
        }
        tr.appendChild(nameCell);
        tr.appendChild(cell(row.department));
        tr.appendChild(cell(row.unit));
        tr.appendChild(cell(row.category));
        tr.appendChild(
          cell(row.evaluationOnly ? "" : row.fen === null ? "空白" : formatFen(row.fen), "jx-num")
        );
        tr.appendChild(cell(row.indicators === null ? "" : String(row.indicators), "jx-num"));
        fragment.appendChild(tr);
      });
      body.appendChild(fragment);
    }

    function showCount() {
      var listed = Math.min(limit, shown.length);
      count.textContent =
        shown.length + " 个项目" + (shown.length > listed ? "（表中显示前 " + listed + " 个）" : "");
      var rest = Math.min(step, shown.length - listed);
      more.hidden = rest <= 0;
      more.textContent = "再显示 " + rest + " 个";
    }

    function render() {
      collect();
      var minimum = bound("min");
      var maximum = bound("max");
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      shown = ordered().filter(function (row) {
        return matches(row, minimum, maximum, words);
      });
      var sum = 0n;
      var blanks = 0;
      var evaluationOnly = 0;
      for (var i = 0; i < shown.length; i++) {
        if (shown[i].evaluationOnly) evaluationOnly += 1;
        else if (shown[i].fen === null) blanks += 1;
        else sum += shown[i].fen;
      }
      limit = step;
      body.replaceChildren();
      appendRows(0, limit);
      showCount();
      total.textContent =
        formatFen(sum) +
        (blanks ? "（另有 " + blanks + " 个项目未填）" : "") +
        (evaluationOnly ? "（另有 " + evaluationOnly + " 个项目只有自评表，没有申报金额）" : "");
      root.querySelectorAll("th[data-sort]").forEach(function (th) {
        var active = th.getAttribute("data-sort") === (state.sort || "year");
        th.setAttribute(
          "aria-sort",
          active ? (state.order === "desc" ? "descending" : "ascending") : "none"
        );
      });
      writeState(state);
    }

    // --- Download the filtered rows, in the table's order ---------------------------------
    var COLUMNS = [
      "年度", "项目名称", "主管部门", "实施单位", "项目类别", "年度资金申请总额（元）",
      "指标数", "可衡量指标数", "网址", "说明",
    ];
    // The 说明 column tells a blank of the form from a project that has no declaration.
    var ONLY_NOTE = "只有自评表（本站没有申报表）";

    function plainFen(fen) {
      // 1846000.00: no grouping, so that a spreadsheet reads a number.
      return (fen / 100n).toString() + "." + (fen % 100n).toString().padStart(2, "0");
    }

    function pageUrl(row) {
      return new URL(base + row.url, window.location.href).href;
    }

    function csvField(text, isNumber) {
      // Excel runs a cell that starts with = + - @ (also after a tab or spaces) as a formula;
      // a leading apostrophe is its own "this is text" mark, as in the site's CSV files.
      var value = !isNumber && /^(\s*[=+\-@]|[\t\r])/.test(text) ? "'" + text : text;
      return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
    }

    function csvBlob() {
      var lines = [COLUMNS.map(function (c) { return csvField(c, false); }).join(",")];
      shown.forEach(function (row) {
        lines.push(
          [
            csvField(row.year, true),
            csvField(row.name, false),
            csvField(row.department, false),
            csvField(row.unit, false),
            csvField(row.category, false),
            row.fen === null ? "" : plainFen(row.fen),
            row.indicators === null ? "" : String(row.indicators),
            row.measurable === null ? "" : String(row.measurable),
            csvField(pageUrl(row), false),
            row.evaluationOnly ? ONLY_NOTE : "",
          ].join(",")
        );
      });
      // The BOM makes Excel on Chinese Windows read UTF-8 instead of GBK.
      return new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    }

    function xlsxBlob() {
      var sheet = [COLUMNS.map(function (c) { return { text: c }; })];
      shown.forEach(function (row) {
        sheet.push([
          { number: row.year },
          { text: row.name },
          { text: row.department },
          { text: row.unit },
          row.category ? { text: row.category } : null,
          row.fen === null ? null : { number: plainFen(row.fen), amount: true },
          row.indicators === null ? null : { number: String(row.indicators) },
          row.measurable === null ? null : { number: String(row.measurable) },
          { text: pageUrl(row) },
          row.evaluationOnly ? { text: ONLY_NOTE } : null,
        ]);
      });
      return window.jixiaoXlsx("项目", sheet);
    }

    function save(blob, filename) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () {
        URL.revokeObjectURL(link.href);
        link.remove();
      }, 10000);
    }

    root.querySelectorAll("[data-jx-export]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.getAttribute("data-jx-export") === "csv") {
          save(csvBlob(), "项目筛选结果.csv");
        } else if (window.jixiaoXlsx) {
          save(xlsxBlob(), "项目筛选结果.xlsx");
        } else {
          // The writer is fetched on first use: most visitors never download.
          var script = document.createElement("script");
          script.src = base + "assets/jixiao-xlsx.js";
          script.onload = function () { save(xlsxBlob(), "项目筛选结果.xlsx"); };
          document.head.appendChild(script);
        }
      });
    });

    form.addEventListener("input", render);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      render();
    });
    more.addEventListener("click", function () {
      appendRows(limit, limit + step);
      limit += step;
      showCount();
    });
    root.querySelectorAll("th[data-sort]").forEach(function (th) {
      function sortBy() {
        var key = th.getAttribute("data-sort");
        var current = state.sort || "year";
        state.order = current === key && state.order !== "desc" ? "desc" : "asc";
        state.sort = key;
        controls.sort.value = state.sort;
        controls.order.value = state.order;
        render();
      }
      th.tabIndex = 0;
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy();
        }
      });
    });
    root.classList.add("jx-explorer-ready");
    render();
    if (window.performance && performance.mark) performance.mark("jx-explorer-ready");
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
