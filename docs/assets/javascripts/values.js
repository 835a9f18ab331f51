// 我的信息: the reader's own values for the template variables.
//
// Every variable on a page is rendered as <span data-var="name">default</span>;
// an empty text variable (本社区情况) as a fill-in <span data-var data-prompt>.
// The reader's values (state.js: the active profile's 我的信息, only those that
// differ from the site's defaults, and 本社区情况) are written into every
// [data-var] element with textContent (never as HTML), on every page load,
// after each instant navigation and whenever the data change, here or in
// another tab.
//
// Derived values (党组织 from 社区名称, 成文日期 from 年度 …) follow their
// source by the rule declared in data/variables.yml (`derive`, written into
// the page's variable list; macros/variables.py derive() does the same at
// build time). A derived value is stored only when the reader writes one of
// their own, so clearing and retyping a source never leaves「中共委员会」.
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplValues) return;

  var YEAR = /^[0-9]{4}$/;

  function panel() { return document.getElementById("tpl-values-panel"); }
  function form() { var p = panel(); return p && p.querySelector("form"); }
  function fields() { var f = form(); return f ? Array.prototype.slice.call(f.querySelectorAll(".tpl-values-field input[name]")) : []; }

  function rule(name) {
    var known = store.variables();
    return store.has(known, name) ? known[name].derive : null;
  }

  var derive = store.derive;  // one implementation of the rules in JavaScript (state.js)

  function defaults() {
    var result = store.dict();
    fields().forEach(function (input) { result[input.name] = input.getAttribute("data-default"); });
    return result;
  }

  // Every one-line value as the pages show it, derived ones included (state.js).
  function current() { return store.lineValues(store.values()); }

  function formValues() {
    var values = store.dict();
    fields().forEach(function (input) { values[input.name] = input.value.trim(); });
    return values;
  }

  // A field the reader changed and has not saved: `data-applied` is what the page last put in.
  function isDirty(input) { return input.value !== input.getAttribute("data-applied"); }

  function fill(input, text) {
    input.value = text;
    input.setAttribute("data-applied", text);
  }

  // Write the values into the page and into the form. A text variable the
  // reader left empty shows its prompt again, as a fill-in. A form field the
  // reader is changing and has not saved keeps its text; true if there is one.
  function apply() {
    var values = current(), inputs = store.inputs(), kept = false;
    document.querySelectorAll("[data-var]").forEach(function (element) {
      var name = element.getAttribute("data-var"), prompt = element.getAttribute("data-prompt"), text;
      if (prompt !== null) {
        text = (inputs[name] || "").trim();
        element.classList.toggle("tpl-fill", !text);
        text = text || prompt;
      } else if (name in values) {
        text = values[name];
      } else {
        return;
      }
      if (element.textContent !== text) element.textContent = text;
    });
    fields().forEach(function (input) {
      var how = rule(input.name);
      if (how) input.setAttribute("data-derived", derive(how, values));
      if (input.hasAttribute("data-applied") && isDirty(input)) {
        kept = true;
        input.setAttribute("data-applied", values[input.name]);
        return;
      }
      fill(input, values[input.name]);
    });
    return kept;
  }

  function say(text, isError) {
    var message = panel().querySelector(".tpl-values-message");
    message.textContent = text;
    message.classList.toggle("tpl-values-message--error", Boolean(isError));
  }

  function labelOf(input) {
    return input.closest(".tpl-values-field").querySelector(".tpl-values-field__label").textContent;
  }

  // A field in the folded 当前提法 group is unfolded before it gets the focus.
  function focusField(input) {
    var folded = input.closest("details");
    if (folded) folded.open = true;
    input.focus();
  }

  function refuse(input, text) {
    say("“" + labelOf(input) + "”" + text + "没有保存。", true);
    focusField(input);
  }

  function save() {
    var own = store.dict(), base = defaults(), known = store.variables(), all = fields();
    // An emptied derived field follows its rule again.
    all.forEach(function (input) {
      var how = rule(input.name);
      if (how && !input.value.trim()) input.value = derive(how, formValues());
    });
    var typed = formValues();
    for (var i = 0; i < all.length; i++) {
      var input = all[i], text = typed[input.name], how = rule(input.name);
      if (!text) return refuse(input, "不能为空。请填写后再保存，");
      if (text.length > Number(input.getAttribute("maxlength"))) return refuse(input, "不能超过" + input.getAttribute("maxlength") + "个字。");
      if (store.has(known, input.name) && known[input.name].format === "year" && !YEAR.test(text)) {
        return refuse(input, "只写四位数字的年份，如 2027（不写“年度”，不用汉字数字）。");
      }
      if (how ? text !== derive(how, typed) : text !== base[input.name]) own[input.name] = text;
    }
    all.forEach(function (input) { input.setAttribute("data-applied", input.value); });  // saved: no longer the reader's unsaved text
    try {
      store.setValues(own);  // the page follows through the change event
    } catch (error) {
      say(error.message, true);
      return;
    }
    say("已保存。本机打开的所有模板都已换成您的信息。");
  }

  // 恢复默认 asks first; the values before it can be put back once.
  function reset() {
    if (!window.confirm("把“我的信息”全部恢复为网站默认内容？之后可以撤销一次。")) return;
    var before = store.values(), id = store.activeId();
    fields().forEach(function (input) { input.setAttribute("data-applied", input.value); });
    try {
      store.setValues(store.dict());
    } catch (error) {
      say(error.message, true);
      return;
    }
    say("已恢复为网站默认内容。");
    store.say("已恢复为网站默认内容。", false, { label: "撤销", run: function () {
      try {
        fields().forEach(function (input) { input.setAttribute("data-applied", input.value); });
        store.setValues(before, id);
        store.say("已撤销，恢复默认之前的信息已找回。");
        if (panel() && !panel().hidden) say("已撤销，恢复默认之前的信息已找回。");
      } catch (error) { store.say(error.message, true); }
    } });
  }

  // While the reader types a name or a year, the derived fields that follow
  // it (they still show what the rule gives, or are empty) change with it.
  function follow() {
    var typed = null;
    fields().forEach(function (input) {
      var how = rule(input.name);
      if (!how) return;
      var value = input.value.trim();
      if (value && value !== input.getAttribute("data-derived")) return;  // the reader's own
      typed = typed || formValues();
      var text = derive(how, typed);
      input.value = text;
      input.setAttribute("data-derived", text);
    });
  }

  var opener = null;
  function toggle(open) {
    var p = panel(), button = document.querySelector(".tpl-values-toggle");
    if (!p || p.hidden === !open) return;
    p.hidden = !open;
    if (button) button.setAttribute("aria-expanded", String(open));
    if (open) {
      opener = document.activeElement;
      apply();
      say("");
      var first = p.querySelector(".tpl-values-field input");
      if (first) first.focus();
    } else {
      // Back where the reader opened the panel (the page may have changed since).
      var back = opener && document.body.contains(opener) ? opener : button;
      if (back) back.focus();
    }
  }

  // The panel is modal: Tab stays inside it.
  function trapFocus(event) {
    var p = panel();
    var focusable = Array.prototype.filter.call(
      p.querySelectorAll("a[href], button, input:not([type=file]), select, textarea, summary"),
      function (element) { return element.offsetParent !== null; });
    if (!focusable.length) return;
    var first = focusable[0], last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) { last.focus(); event.preventDefault(); }
    else if (!event.shiftKey && document.activeElement === last) { first.focus(); event.preventDefault(); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest(".tpl-values-toggle")) toggle(panel().hidden);
    else if (target.closest("[data-tpl-values-close]")) toggle(false);
    else if (target.closest("[data-tpl-values-reset]")) reset();
    else if (target === panel()) toggle(false);
  });
  document.addEventListener("submit", function (event) {
    if (event.target === form()) {
      event.preventDefault();
      save();
    }
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(".tpl-values-form input") && !rule(event.target.name)) follow();
  });
  document.addEventListener("keydown", function (event) {
    if (!panel() || panel().hidden) return;
    if (event.key === "Escape") toggle(false);
    else if (event.key === "Tab") trapFocus(event);
  });
  // Saved here, in another tab, by an import or a switch of profile. Only a
  // change of the values or inputs refills the page and the form, and a field
  // the reader has changed but not saved keeps its text.
  window.addEventListener(store.EVENT, function (event) {
    var keys = event.detail.keys;
    if (keys.indexOf("values") === -1 && keys.indexOf("inputs") === -1) return;
    var kept = apply();
    if (kept && event.detail.remote && panel() && !panel().hidden) {
      var text = "另一个窗口保存了“我的信息”：没有改动的项已随之更新，您在这里改动、还没保存的项仍保留着，点“保存”后以这里为准。";
      say(text);
      store.say(text);
    }
  });

  window.tplValues = { open: function () { toggle(true); } };

  store.onPage(apply);
})();
