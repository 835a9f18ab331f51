// Put our header tools (search, 我的信息) into Material's header bar.
// Runs once: Material's instant navigation keeps the header in place.
(function () {
  "use strict";
  var tools = document.querySelector("[data-tpl-header-tools]");
  var bar = document.querySelector(".md-header__inner");
  if (!tools || !bar) return;
  bar.insertBefore(tools, bar.querySelector(".md-header__source"));
})();
