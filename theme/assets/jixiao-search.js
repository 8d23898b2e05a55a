// Puts Pagefind's search box into Material's header. Pagefind's files live in the site itself,
// so searching makes no request to any other host.
//
// Before a query reaches Pagefind it is normalised to the hidden terms that project pages
// carry (generator/site/search_terms.py computes the same tokens):
// - an amount, typed as 1846000, 1,846,000.00, 184.6万 or 184.60万元, becomes the token of
//   that amount in fen, which only projects with that funding figure carry;
// - when the query is an organisation's full or short name (its token is in
//   data/search-names.json), that token is added, so that the organisation's own projects
//   come first (Pagefind keeps only pages that have every known query word).
// - the filters under the box (年度, 主管部门, 项目类别) add the token of the chosen value.
// Each result's excerpt is rebuilt from the visible form only (the text before the marker that
// starts the hidden terms), with the words the reader typed marked.
(function () {
  "use strict";

  var MARKER = "jxsearchterms";
  var EXCERPT_LENGTH = 110; // characters of the visible form shown under a result
  var FNV_OFFSET = 0xcbf29ce484222325n;
  var FNV_PRIME = 0x100000001b3n;
  var MASK = (1n << 64n) - 1n;

  function normaliseName(text) {
    return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  }

  function fnv(text) {
    var bytes = new TextEncoder().encode(normaliseName(text));
    var value = FNV_OFFSET;
    for (var i = 0; i < bytes.length; i++) {
      value = ((value ^ BigInt(bytes[i])) * FNV_PRIME) & MASK;
    }
    return value.toString(16).padStart(16, "0");
  }

  function nameToken(text) {
    return "jxn" + fnv(text);
  }

  var FILTERS = ["年度", "主管部门", "项目类别"];
  var chosen = {}; // filter → value chosen under the search box

  function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // An amount typed by a reader, as fen, or null. Plain digits (no grouping, no decimals, no
  // unit) are an amount from five digits on: 2024 is a year more often than 2,024 元.
  function parseAmount(word) {
    var text = word.replace(/^[¥￥]/, "");
    var wan = false;
    if (/元$/.test(text)) text = text.slice(0, -1);
    if (/万$/.test(text)) {
      wan = true;
      text = text.slice(0, -1);
    }
    var unit = text.length !== word.length;
    if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) return null;
    var parts = text.replace(/,/g, "").split(".");
    var fraction = (parts[1] || "").replace(/0+$/, "");
    var places = wan ? 6 : 2; // 万元 to six places is exactly fen
    if (fraction.length > places) return null;
    var fen = BigInt(parts[0]) * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, "0") || "0");
    if (fen === 0n) return null;
    var plain = !unit && text.indexOf(",") === -1 && text.indexOf(".") === -1;
    if (plain && parts[0].length < 5) return null;
    return fen;
  }

  // How an amount is printed on a form: 1,846,000.00 (元) and 184.6 (万元, which forms print
  // with as many places as they were given).
  function amountNeedles(fen) {
    var yuan = groupThousands((fen / 100n).toString()) + "." + (fen % 100n).toString().padStart(2, "0");
    var wanFraction = (fen % 1000000n).toString().padStart(6, "0").replace(/0+$/, "");
    var wan = groupThousands((fen / 1000000n).toString()) + (wanFraction ? "." + wanFraction : "");
    return [yuan, wan];
  }

  var needles = [];
  var onlyYear = ""; // the one year of every page in the bundles searched, if they have one
  var yearChosen = false; // the reader chose under 年度: the search stays where they put it
  var knownNames = null; // the name tokens pages carry, once data/search-names.json is read

  function processTerm(term) {
    var words = term.normalize("NFKC").trim().split(/\s+/).filter(Boolean);
    var query = [];
    var names = [];
    needles = [];
    words.forEach(function (word) {
      var amount = parseAmount(word);
      if (amount) {
        query.push("jxa" + amount.toString() + "f");
        needles = needles.concat(amountNeedles(amount));
      } else {
        query.push(word);
        names.push(word);
        needles.push(word);
      }
    });
    // Pagefind keeps only the pages that match every query word; a word no page has may end
    // the search or be widened to similar words, so only a token that pages carry is added.
    if (names.length && knownNames) {
      var token = nameToken(names.join(""));
      if (knownNames.has(token)) query.push(token);
    }
    FILTERS.forEach(function (key) {
      // No year token where the bundles searched hold that year's pages only, nor for the
      // year a large site starts on (`scope`: which bundles are loaded, not a filter the
      // reader chose). Pagefind leaves out a query word that no page has, so a year token
      // that every page searched has would turn an amount found nowhere into every page.
      if (key === "年度" && chosen[key] && (chosen[key] === onlyYear || !yearChosen)) return;
      if (chosen[key]) query.push("jxf" + fnv(key + "=" + chosen[key]));
    });
    return query.join(" ");
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

  function decode(html) {
    return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (entity, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : entity;
    });
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The visible text of a result (Pagefind keeps its word breaks as zero-width spaces), cut
  // before the hidden terms; a window around the most hits, the typed words marked.
  function excerpt(content) {
    var cut = content.indexOf(MARKER);
    var text = decode(cut === -1 ? content : content.slice(0, cut))
      .replace(/\u200b/g, "")
      .replace(/\s+/g, " ")
      .trim();
    var lower = text.toLowerCase();
    var hits = [];
    needles.forEach(function (needle) {
      var word = needle.toLowerCase();
      if (!word) return;
      for (var at = lower.indexOf(word); at !== -1 && hits.length < 500; at = lower.indexOf(word, at + word.length)) {
        hits.push([at, at + word.length]);
      }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    hits.forEach(function (hit) {
      var last = merged[merged.length - 1];
      if (last && hit[0] <= last[1]) last[1] = Math.max(last[1], hit[1]);
      else merged.push(hit.slice());
    });
    var start = 0;
    var best = 0;
    merged.forEach(function (hit, index) {
      var count = 0;
      for (var j = index; j < merged.length && merged[j][0] < hit[0] + EXCERPT_LENGTH - 20; j++) count++;
      if (count > best) {
        best = count;
        start = Math.max(0, hit[0] - 20);
      }
    });
    var end = Math.min(text.length, start + EXCERPT_LENGTH);
    var html = start > 0 ? "…" : "";
    var at = start;
    merged.forEach(function (hit) {
      var from = Math.max(hit[0], at);
      var to = Math.min(hit[1], end);
      if (from >= to) return;
      html += escapeHtml(text.slice(at, from)) + "<mark>" + escapeHtml(text.slice(from, to)) + "</mark>";
      at = to;
    });
    html += escapeHtml(text.slice(at, end)) + (end < text.length ? "…" : "");
    return html;
  }

  function processResult(result) {
    result.excerpt = excerpt(result.content || "");
    return result;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".md-header__inner");
    if (!header || typeof PagefindUI === "undefined") {
      return;
    }
    var box = document.createElement("div");
    box.id = "jx-search";
    box.className = "jx-search";
    box.setAttribute("role", "search");
    header.appendChild(box);
    // Pagefind's box lives in a holder of its own: it is made again when the searched bundles
    // change (see makeUi), and the label and filters around it stay.
    var holder = document.createElement("div");
    holder.id = "jx-search-ui";
    box.appendChild(holder);
    var options = {
      element: "#jx-search-ui",
      showImages: false,
      showSubResults: false,
      showEmptyFilters: false,
      resetStyles: false,
      pageSize: 10,
      processTerm: processTerm,
      processResult: processResult,
      translations: {
        placeholder: "搜索项目、部门、指标、金额……",
        filters_label: "筛选",
        zero_results: "没有找到 [SEARCH_TERM] 的相关结果",
        one_result: "找到 [COUNT] 个 [SEARCH_TERM] 的相关结果",
        many_results: "找到 [COUNT] 个 [SEARCH_TERM] 的相关结果",
      },
    };
    var ui = null;
    var input = null;
    var flip = false;
    // The bundles the site's index is in (pagefind/jixiao-parts.json): the first is searched,
    // the others merged into it (Pagefind's mergeIndex); each with the years of its pages, or
    // null when not listed. `scope` is the year a large site's search starts on (see
    // search_index.SCOPE_ABOVE): only the bundles holding it are loaded until the reader
    // chooses another year, or 全部, under 年度.
    var bundles = [{ path: "./", years: null }];
    var scope = "";
    var loaded = null; // the paths of the bundles the present box searches

    function searching() {
      box.classList.toggle("jx-searching", Boolean(input && input.value.trim()));
    }

    function searchAgain() {
      // The same term again, with one more or one less trailing space: Pagefind's box does not
      // search a term it already shows.
      if (!ui || !input || !input.value.trim()) return;
      flip = !flip;
      ui.triggerSearch(input.value.trim() + (flip ? " " : ""));
    }

    function filterRow(filters) {
      var row = document.createElement("div");
      row.className = "jx-search-filters";
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", "筛选搜索结果");
      FILTERS.forEach(function (key) {
        var label = document.createElement("label");
        label.textContent = key + " ";
        var select = document.createElement("select");
        select.name = key;
        var values = filters[key] || [];
        if (chosen[key] && values.indexOf(chosen[key]) === -1) values = [chosen[key]].concat(values);
        [""].concat(values).forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value || "全部";
          select.appendChild(option);
        });
        select.value = chosen[key] || "";
        select.addEventListener("change", function () {
          chosen[key] = select.value;
          if (key === "年度") {
            yearChosen = true;
            if (makeUi(select.value)) return; // it searched again over that year's bundles
          }
          searchAgain();
        });
        label.appendChild(select);
        row.appendChild(label);
      });
      if (scope) {
        var note = document.createElement("p");
        note.className = "jx-search-scope";
        note.textContent =
          "本站较大，搜索先只查最新的 " + scope + " 年度，没有结果时自动搜索所有年度；也可以在“年度”中选“全部”。";
        row.appendChild(note);
        box.classList.add("jx-scoped");
      }
      box.appendChild(row);
    }

    function loadNames() {
      var script = document.querySelector('script[src$="assets/jixiao-search.js"]');
      if (!script) return;
      fetch(new URL("../data/search-names.json", script.src))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          knownNames = new Set(data.tokens);
          filterRow(data.filters || {});
          box.setAttribute("data-names", "ready");
          // A query typed before the names arrived is searched again with them.
          searching();
          searchAgain();
        })
        .catch(function () {});
    }

    // Makes Pagefind's box over the bundles that hold `year` ("" or none: every bundle), unless
    // the present box searches those already; the term typed so far is searched again.
    // Returns whether it made a new box.
    function makeUi(year) {
      var wanted = bundles.filter(function (b) {
        return !year || !b.years || b.years.indexOf(year) !== -1;
      });
      if (!wanted.length) wanted = bundles;
      var key = wanted.map(function (b) { return b.path; }).join("|");
      if (ui && key === loaded) return false;
      var term = input ? input.value : "";
      var typing = Boolean(input) && document.activeElement === input;
      if (ui) {
        ui.destroy();
        holder.textContent = "";
      }
      var made = Object.assign({}, options);
      if (bundle) {
        // On the top level of a site built in shards, which indexes no page itself, the first
        // bundle is a shard's.
        made.bundlePath = new URL(wanted[0].path, bundle).pathname;
        if (wanted.length > 1) {
          made.mergeIndex = wanted.slice(1).map(function (b) {
            return { bundlePath: new URL(b.path, bundle).pathname };
          });
        }
      }
      onlyYear =
        year && wanted.every(function (b) { return b.years && b.years.length === 1 && b.years[0] === year; })
          ? year
          : "";
      ui = new PagefindUI(made);
      loaded = key;
      if (year && year === scope && !yearChosen) widenWhenNothingFound();
      input = holder.querySelector("input");
      if (input) {
        // Pagefind names its input only by a title; a screen reader needs a real label.
        input.id = "jx-search-input";
        input.addEventListener("input", searching);
        if (term.trim()) {
          input.value = term;
          ui.triggerSearch(term.trim());
        }
        if (typing) {
          // Widened while the reader types: the new box takes the keys where the old one left.
          input.focus();
          input.setSelectionRange(term.length, term.length);
        }
      }
      searching();
      return true;
    }

    // A search that finds nothing in the newest year, which the reader did not choose, goes on
    // over every year by itself: a project of an earlier year is still found by its name.
    function widenWhenNothingFound() {
      var watcher = new MutationObserver(function () {
        var message = holder.querySelector(".pagefind-ui__message");
        if (yearChosen || chosen["年度"] !== scope) {
          watcher.disconnect();
        } else if (message && /^没有找到/.test(message.textContent.trim())) {
          watcher.disconnect();
          chosen["年度"] = "";
          var select = box.querySelector('.jx-search-filters select[name="年度"]');
          if (select) select.value = "";
          makeUi("");
        }
      });
      watcher.observe(holder, { childList: true, subtree: true, characterData: true });
    }

    var started = false;

    function start(listing) {
      if (started) return;
      started = true;
      readListing(listing);
      if (scope) chosen["年度"] = scope;
      var label = document.createElement("label");
      label.htmlFor = "jx-search-input";
      label.className = "jx-visually-hidden";
      label.textContent = "搜索项目";
      box.insertBefore(label, box.firstChild);
      makeUi(scope);
      loadNames();
    }

    // What jixiao-parts.json lists (search_index.parts_listing): {primary?, merge, years,
    // scope?}; a plain list of merged bundles from an older build; anything else, nothing.
    function readListing(listing) {
      if (Array.isArray(listing)) listing = { merge: listing };
      if (!listing || typeof listing !== "object") return;
      var paths = [typeof listing.primary === "string" ? listing.primary : "./"].concat(
        Array.isArray(listing.merge) ? listing.merge : []
      );
      var years = Array.isArray(listing.years) ? listing.years : [];
      bundles = [];
      paths.forEach(function (path, i) {
        if (typeof path !== "string") return;
        var listed = Array.isArray(years[i]) ? years[i].filter(function (y) { return typeof y === "string"; }) : null;
        bundles.push({ path: path, years: listed });
      });
      if (typeof listing.scope === "string") scope = listing.scope;
    }

    // A large site is indexed in parts (and a sharded site has one index per shard), listed
    // beside the first bundle; Pagefind searches them together (mergeIndex). Without the list
    // the one bundle is searched.
    var uiScript = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
    var bundle = uiScript ? new URL(".", uiScript.src) : null;
    if (!bundle || !window.fetch) {
      start(null);
      return;
    }
    fetch(new URL("jixiao-parts.json", bundle))
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(start)
      .catch(function () {
        start(null);
      });
  });
})();
