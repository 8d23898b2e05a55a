// Puts Pagefind's search box into Material's header. Pagefind's files live in the site itself,
// so searching makes no request to any other host.
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
  var options = {
    element: "#jx-search",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 10,
    translations: {
      placeholder: "搜索项目、部门、指标……",
    },
  };
  // A large site is indexed in parts (and a sharded site has one index per shard), listed
  // beside the first bundle; Pagefind searches them together (mergeIndex). Without the list
  // the one bundle is searched.
  var ui = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  var bundle = ui ? new URL(".", ui.src) : null;
  function start(parts) {
    options.mergeIndex = parts.map(function (part) {
      return { bundlePath: new URL(part, bundle).pathname };
    });
    new PagefindUI(options);
  }
  if (!bundle || !window.fetch) {
    new PagefindUI(options);
    return;
  }
  fetch(new URL("jixiao-parts.json", bundle))
    .then(function (response) {
      return response.ok ? response.json() : [];
    })
    .then(function (parts) {
      start(Array.isArray(parts) ? parts.filter(function (p) { return typeof p === "string"; }) : []);
    })
    .catch(function () {
      start([]);
    });
});
