// 我的信息: the reader's own values for the template variables.
//
// Every variable on a page is rendered as <span data-var="name">default</span>.
// The reader's values are stored in localStorage under "tpl-values" as
// {name: text}, only those that differ from the site's defaults, and are
// written into every [data-var] element with textContent (never as HTML),
// on every page load and after each instant navigation.
(function () {
  "use strict";

  var STORAGE_KEY = "tpl-values";

  function panel() { return document.getElementById("tpl-values-panel"); }
  function form() { var p = panel(); return p && p.querySelector("form"); }
  function fields() { var f = form(); return f ? Array.prototype.slice.call(f.querySelectorAll("input[name]")) : []; }

  function defaults() {
    var result = {};
    fields().forEach(function (input) { result[input.name] = input.getAttribute("data-default"); });
    return result;
  }

  function stored() {
    try {
      var parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch (error) {
      return {};
    }
  }

  function current() {
    var values = defaults(), own = stored();
    Object.keys(values).forEach(function (name) {
      if (typeof own[name] === "string" && own[name]) values[name] = own[name];
    });
    return values;
  }

  // Write the values into the page and into the form.
  function apply() {
    var values = current();
    document.querySelectorAll("[data-var]").forEach(function (element) {
      var name = element.getAttribute("data-var");
      if (name in values && element.textContent !== values[name]) element.textContent = values[name];
    });
    fields().forEach(function (input) { input.value = values[input.name]; });
  }

  function say(text, isError) {
    var message = panel().querySelector(".tpl-values-message");
    message.textContent = text;
    message.classList.toggle("tpl-values-message--error", Boolean(isError));
  }

  function labelOf(input) {
    return input.closest("label").querySelector(".tpl-values-field__label").textContent;
  }

  function save() {
    var own = {}, base = defaults();
    for (var i = 0, all = fields(); i < all.length; i++) {
      var input = all[i], text = input.value.trim();
      if (!text) {
        say("“" + labelOf(input) + "”不能为空。没有保存，请填写后再保存。", true);
        input.focus();
        return;
      }
      if (text.length > Number(input.getAttribute("maxlength"))) {
        say("“" + labelOf(input) + "”不能超过" + input.getAttribute("maxlength") + "个字。没有保存。", true);
        input.focus();
        return;
      }
      if (text !== base[input.name]) own[input.name] = text;
    }
    localStorage.setItem(STORAGE_KEY, JSON.stringify(own));
    apply();
    say("已保存。本机打开的所有模板都已换成您的信息。");
  }

  function reset() {
    localStorage.removeItem(STORAGE_KEY);
    apply();
    say("已恢复为网站默认内容。");
  }

  // Names like 中共幸福社区委员会 contain other values: when the reader
  // changes 社区名称, carry the change into the fields that contain the old name.
  function carryChange(changed, previous) {
    if (!previous || previous === changed.value.trim()) return;
    fields().forEach(function (input) {
      if (input !== changed && input.value.indexOf(previous) !== -1) {
        input.value = input.value.split(previous).join(changed.value.trim());
      }
    });
  }

  function toggle(open) {
    var p = panel(), button = document.querySelector(".tpl-values-toggle");
    if (!p) return;
    p.hidden = !open;
    if (button) button.setAttribute("aria-expanded", String(open));
    if (open) {
      apply();
      say("");
      var first = p.querySelector("input");
      if (first) first.focus();
    }
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
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".tpl-values-form input")) {
      event.target.setAttribute("data-previous", event.target.value.trim());
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(".tpl-values-form input")) {
      carryChange(event.target, event.target.getAttribute("data-previous"));
      event.target.setAttribute("data-previous", event.target.value.trim());
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel() && !panel().hidden) toggle(false);
  });
  // Another tab saved new values.
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY || event.key === null) apply();
  });

  window.tplValues = { current: current, apply: apply, STORAGE_KEY: STORAGE_KEY };

  if (window.document$) window.document$.subscribe(apply);
  else apply();
})();
