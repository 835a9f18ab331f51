// Header search box (overrides/partials/search-box.html): results while
// typing (after the IME commits), Enter opens the first result, arrows move,
// Esc closes. The box lives in the header, which Material's instant
// navigation keeps, so it is bound once; the highlight of the query on the
// opened page runs on every page (document$).
(function () {
  "use strict";
  var root = document.querySelector("[data-tpl-search]");
  if (!root || !window.tplSearchIndex || root.hasAttribute("data-bound")) return;
  root.setAttribute("data-bound", "");

  var HIGHLIGHT_PARAM = "h";
  var MAX_HIGHLIGHT_WORD = 100, MAX_HIGHLIGHT_WORDS = 20;
  var MAX_RESULTS = 8;  // data-max-results on the box overrides it (benchmarks)
  var input = root.querySelector(".tpl-search__input");
  var panel = root.querySelector(".tpl-search__panel");
  var status = root.querySelector(".tpl-search__status");
  var list = root.querySelector(".tpl-search__results");
  var base = siteBase();
  var index = window.tplSearchIndex.open(base + "assets/search/");
  var composing = false;
  var shownQuery = null;
  var latest = { query: "", done: Promise.resolve([]) };
  var selected = -1;

  // The site root as an absolute URL: Material's __config.base is relative to
  // the first page opened, and the header (with this script) outlives it.
  function siteBase() {
    var config = document.getElementById("__config");
    var relative = config ? JSON.parse(config.textContent).base : ".";
    return new URL(relative.replace(/\/?$/, "/"), location.href).href;
  }

  function run() {
    var query = input.value.trim();
    if (query === latest.query) return;
    if (!query) { latest = { query: "", done: Promise.resolve([]) }; close(); return; }
    var current = { query: query };
    var limit = Number(root.getAttribute("data-max-results")) || MAX_RESULTS;
    current.done = index.search(query, limit).then(function (results) {
      if (latest === current) render(query, results);
      return results;
    }, function () {
      if (latest === current) showStatus(query, "搜索暂时不可用，请稍后再试。");
      return [];
    });
    latest = current;
    root.setAttribute("data-state", "searching");
    show();
  }

  function render(query, results) {
    list.textContent = "";
    selected = -1;
    results.forEach(function (hit, i) { list.appendChild(resultItem(query, hit, i)); });
    status.textContent = results.length ? "" : "没有找到与“" + query + "”相关的内容，换个说法试试，如活动名称或章节名称。";
    status.hidden = !!results.length;
    shownQuery = query;
    root.setAttribute("data-query", query);
    root.setAttribute("data-state", "done");
    show();
  }

  function showStatus(query, text) {
    list.textContent = "";
    status.textContent = text;
    status.hidden = false;
    root.setAttribute("data-query", query);
    root.setAttribute("data-state", "done");
  }

  function resultItem(query, hit, i) {
    var item = document.createElement("li");
    item.setAttribute("role", "none");  // the listbox holds options, not list items
    var link = document.createElement("a");
    var section = hit.unit > 0 ? hit.page.s[hit.unit] : null;
    link.className = "tpl-search__result";
    link.id = "tpl-search-result-" + i;
    link.setAttribute("role", "option");
    link.href = base + hit.page.u + "?" + HIGHLIGHT_PARAM + "=" + encodeURIComponent(query) +
      (section && section[1] ? "#" + encodeURIComponent(section[1]) : "");
    link.appendChild(span("tpl-search__title", hit.page.t));
    if (section && section[0]) link.appendChild(span("tpl-search__section", section[0]));
    if (hit.page.k) link.appendChild(span("tpl-search__kind", hit.page.k));
    item.appendChild(link);
    return item;
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function show() {
    panel.hidden = false;
    root.classList.add("is-open");
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("is-open");
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function select(step) {
    var links = list.querySelectorAll(".tpl-search__result");
    if (!links.length) return;
    if (selected >= 0) links[selected].classList.remove("is-selected");
    selected = (selected + step + links.length + 1) % (links.length + 1) - 1;
    if (selected < 0) { input.removeAttribute("aria-activedescendant"); return; }
    links[selected].classList.add("is-selected");
    links[selected].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", links[selected].id);
  }

  function openChosen() {
    run();
    var wanted = latest;
    var index = Math.max(selected, 0);
    wanted.done.then(function () {
      if (latest !== wanted) return;
      var link = list.querySelectorAll(".tpl-search__result")[index];
      if (link) link.click();  // a click, so Material's instant navigation takes it
    });
  }

  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; run(); });
  input.addEventListener("input", function (event) { if (!event.isComposing && !composing) run(); });
  // Some IMEs commit without a later input event: the key that ends composing.
  input.addEventListener("keyup", function () { if (!composing) run(); });
  input.addEventListener("focus", function () { if (shownQuery && input.value.trim() === shownQuery) show(); });
  input.addEventListener("keydown", function (event) {
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === "Enter") { event.preventDefault(); openChosen(); }
    else if (event.key === "Escape") { event.preventDefault(); close(); input.blur(); }
    else if (event.key === "ArrowDown") { event.preventDefault(); select(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(-1); }
  });
  list.addEventListener("click", function (event) {
    var link = event.target.closest(".tpl-search__result");
    if (!link) return;
    close();
    input.blur();
    if (link.pathname === location.pathname) setTimeout(highlightFromUrl, 0, link.href);
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) close();
  });

  // Mark the query's words on the page a result opened (?h=...).
  function highlightFromUrl(href) {
    var query = new URL(href || location.href).searchParams.get(HIGHLIGHT_PARAM);
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article) return;
    // A word longer than any on a page cannot be marked, and a regular
    // expression of 60,000 characters throws (too large): such words are left out.
    var words = query.split(/\s+/).filter(function (w) { return w && w.length <= MAX_HIGHLIGHT_WORD; }).slice(0, MAX_HIGHLIGHT_WORDS).map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
    if (!words.length) return;
    var pattern = new RegExp(words.join("|"), "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode() && nodes.length < 200) {
      if (walker.currentNode.parentNode.closest(".tpl-search-hit, script, style")) continue;
      pattern.lastIndex = 0;
      if (pattern.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) { markWords(node, pattern); });
  }

  function markWords(node, pattern) {
    var text = node.nodeValue, last = 0, fragment = document.createDocumentFragment(), match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text))) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.className = "tpl-search-hit";
      mark.textContent = match[0];
      fragment.appendChild(mark);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(fragment, node);
  }

  function onEveryPage() {
    close();
    highlightFromUrl();
  }
  // Also over file://, where Material's document$ never emits (store.js).
  window.tplStore.onPage(onEveryPage);  // store.js is loaded first (mkdocs.yml)
})();
