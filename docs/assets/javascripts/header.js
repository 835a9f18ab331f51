// Put our header tools (search, 我的信息) into Material's header bar, and the
// page helpers that belong to no one feature: buttons that open 我的信息 from
// the page, and the hint on tables wider than the screen.
(function () {
  "use strict";
  // Runs once: Material's instant navigation keeps the header in place.
  var tools = document.querySelector("[data-tpl-header-tools]");
  var bar = document.querySelector(".md-header__inner");
  if (tools && bar) bar.insertBefore(tools, bar.querySelector(".md-header__source"));

  // 「填写我的信息」 on the home page opens the same panel as the header button
  // (values.js listens for clicks on that button).
  // 「搜索本站」 on the 404 page puts the cursor in the header's search box.
  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    if (event.target.closest("[data-tpl-open-values]")) {
      var toggle = document.querySelector(".tpl-values-toggle");
      if (toggle && toggle.getAttribute("aria-expanded") !== "true") toggle.click();
    } else if (event.target.closest("[data-tpl-focus-search]")) {
      var input = document.getElementById("tpl-search-input");
      if (input) input.focus();
    }
  });

  // A table wider than its box scrolls inside Material's wrapper; on a phone
  // nothing shows that it does. Mark it (a shadow at the edge with more to
  // see, templates.css), put a line above it, and let the keyboard scroll it.
  var HINT = "表格较宽，可左右滑动查看整张表 ↔";
  function markWideTables() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      var box = table.closest(".md-typeset__scrollwrap") || table;
      var wide = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      var hinted = hint && hint.classList.contains("tpl-scroll-hint");
      if (wide && !hinted) {
        hint = document.createElement("p");
        hint.className = "tpl-scroll-hint";
        hint.textContent = HINT;
        box.parentNode.insertBefore(hint, box);
        box.setAttribute("data-tpl-wide", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "可左右滑动的表格");
      } else if (!wide && hinted) {
        hint.remove();
        ["data-tpl-wide", "tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  // After Material has wrapped the tables of the new page (its own document$
  // subscriber runs first, but layout may not have settled).
  function later() { window.requestAnimationFrame(markWideTables); }
  if (window.tplStore) window.tplStore.onPage(later);
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markWideTables, 200);
  });
})();
