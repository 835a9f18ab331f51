// Copy buttons: the whole document and each level-2 section of plans,
// sections and activities. The copied text is plain text as a 公文 needs it:
// headings with their numbers, paragraphs separated by blank lines, the
// reader's own values (they are in the page already, see values.js), no
// interface text and no zero-width characters. Material's clipboard handler
// does the copying and shows its "已复制" toast: we only set
// data-clipboard-text at the moment of the click (capture phase, before it).
(function () {
  "use strict";

  // Interface text and notes for the writer (admonitions: "依据", how-to) are never copied.
  var UI = "[data-tpl-ui], .headerlink, .admonition, button, script, style, template";
  // Zero-width characters go, except the joiner inside an emoji sequence
  // (👨‍👩‍👧 is four emoji held together by U+200D: without it, four faces).
  var ZERO_WIDTH = /[\u200B\u200C\u2060\uFEFF]|(?<!\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

  function clean(text) {
    return text.replace(ZERO_WIDTH, "").replace(/[ \t\u00A0]+/g, " ").replace(/ *\n */g, "\n").trim();
  }

  function inlineText(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll(UI + ", ul, ol").forEach(function (node) { node.remove(); });
    return clean(copy.textContent);
  }

  function listText(list) {
    var ordered = list.tagName === "OL", start = Number(list.getAttribute("start") || 1);
    return Array.prototype.filter.call(list.children, function (li) { return li.tagName === "LI"; })
      .map(function (li, index) {
        var box = li.querySelector(":scope > label > input[type=checkbox], :scope > input[type=checkbox]");
        var prefix = ordered ? (start + index) + ". " : box ? "□ " : "";
        var nested = Array.prototype.filter.call(li.children, function (c) { return c.tagName === "UL" || c.tagName === "OL"; })
          .map(listText).join("\n");
        return prefix + inlineText(li) + (nested ? "\n" + nested : "");
      }).join("\n");
  }

  function tableText(table) {
    return Array.prototype.map.call(table.rows, function (row) {
      return Array.prototype.map.call(row.cells, inlineText).join("\t");
    }).join("\n");
  }

  // The text of one block-level element, or of several in a row.
  function blockText(element) {
    if (element.matches(UI)) return "";
    switch (element.tagName) {
      case "UL": case "OL": return listText(element);
      case "TABLE": return tableText(element);
      case "DIV": case "SECTION": case "ASIDE": case "DETAILS": case "BLOCKQUOTE": case "ARTICLE":
        return blocksText(Array.prototype.slice.call(element.children));
      default: return inlineText(element);
    }
  }

  function blocksText(elements) {
    return elements.map(blockText).filter(Boolean).join("\n\n");
  }

  // The elements of the level-2 section that starts at `heading`.
  function sectionElements(heading) {
    var elements = [], next = heading.nextElementSibling;
    while (next && next.tagName !== "H2" && !next.classList.contains("tpl-signature")) {
      elements.push(next);
      next = next.nextElementSibling;
    }
    return elements;
  }

  function textFor(button) {
    var doc = button.closest(".tpl-doc");
    if (button.hasAttribute("data-tpl-copy-all")) return blocksText(Array.prototype.slice.call(doc.children));
    var heading = document.getElementById(button.getAttribute("data-tpl-copy-section"));
    var body = blocksText(sectionElements(heading));
    // On an activity page the heading is a label (信息稿, 台账清单), not part of the text.
    return doc.getAttribute("data-kind") === "activity" ? body : inlineText(heading) + "\n\n" + body;
  }

  function makeButton(label, title) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tpl-copy";
    button.setAttribute("data-tpl-ui", "");
    button.setAttribute("data-clipboard-text", "");
    button.title = title;
    button.textContent = label;
    return button;
  }

  function addButtons() {
    document.querySelectorAll(".tpl-doc").forEach(function (doc) {
      if (doc.querySelector("[data-tpl-copy-all]")) return;
      var bar = document.createElement("div");
      bar.className = "tpl-doc-tools";
      bar.setAttribute("data-tpl-ui", "");
      var all = makeButton("复制全文", "复制整篇文字，可直接粘贴到 Word 或 WPS");
      all.setAttribute("data-tpl-copy-all", "");
      var print = document.createElement("button");
      print.type = "button";
      print.className = "tpl-copy";
      print.setAttribute("data-tpl-ui", "");
      print.setAttribute("data-tpl-print", "");
      print.textContent = "打印";
      bar.appendChild(all);
      bar.appendChild(print);
      doc.insertBefore(bar, doc.firstChild);
      doc.querySelectorAll(":scope > h2[id]").forEach(function (heading) {
        var button = makeButton("复制本节", "复制“" + inlineText(heading) + "”这一部分");
        button.setAttribute("data-tpl-copy-section", heading.id);
        heading.appendChild(button);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".tpl-copy");
    if (!button) return;
    if (button.hasAttribute("data-tpl-print")) { window.print(); return; }
    button.setAttribute("data-clipboard-text", textFor(button));
  }, true);

  // Also over file://, where Material's document$ never emits (page.js).
  window.tplPage.onPage(addButtons);  // page.js is loaded first (mkdocs.yml)
})();
