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
  new PagefindUI({
    element: "#jx-search",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    pageSize: 10,
    translations: {
      placeholder: "搜索项目、部门、指标……",
    },
  });
  // Pagefind names its input only by a title; a screen reader needs a real label.
  var input = box.querySelector("input");
  if (input) {
    input.id = input.id || "jx-search-input";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "jx-visually-hidden";
    label.textContent = "搜索项目";
    box.insertBefore(label, box.firstChild);
  }
});
