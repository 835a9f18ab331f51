// 我的信息: the reader's own values for the template variables.
//
// Every variable on a page is rendered as <span data-var="name">default</span>;
// an empty text variable (本社区情况) as a fill-in <span data-var data-prompt>.
// The reader's values (store.js: the active profile's "tpl-values", only
// those that differ from the site's defaults, and "tpl-inputs") are written
// into every [data-var] element with textContent (never as HTML), on every
// page load, after each instant navigation and whenever the data change.
(function () {
  "use strict";

  var store = window.tplStore;

  function panel() { return document.getElementById("tpl-values-panel"); }
  function form() { var p = panel(); return p && p.querySelector("form"); }
  function fields() { var f = form(); return f ? Array.prototype.slice.call(f.querySelectorAll(".tpl-values-field input[name]")) : []; }

  function defaults() {
    var result = {};
    fields().forEach(function (input) { result[input.name] = input.getAttribute("data-default"); });
    return result;
  }

  function current() {
    var values = defaults(), own = store.values();
    Object.keys(values).forEach(function (name) {
      if (own[name]) values[name] = own[name];  // store.values(): non-empty strings only
    });
    return values;
  }

  // Write the values into the page and into the form. A text variable the
  // reader left empty shows its prompt again, as a fill-in.
  function apply() {
    var values = current(), inputs = store.inputs();
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
    fields().forEach(function (input) { input.value = values[input.name]; });
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

  function save() {
    var own = {}, base = defaults();
    for (var i = 0, all = fields(); i < all.length; i++) {
      var input = all[i], text = input.value.trim();
      if (!text) {
        say("“" + labelOf(input) + "”不能为空。没有保存，请填写后再保存。", true);
        focusField(input);
        return;
      }
      if (text.length > Number(input.getAttribute("maxlength"))) {
        say("“" + labelOf(input) + "”不能超过" + input.getAttribute("maxlength") + "个字。没有保存。", true);
        focusField(input);
        return;
      }
      if (text !== base[input.name]) own[input.name] = text;
    }
    try {
      store.setValues(own);  // the page follows through the change event
    } catch (error) {
      say(error.message, true);
      return;
    }
    say("已保存。本机打开的所有模板都已换成您的信息。");
  }

  function reset() {
    try {
      store.setValues({});
    } catch (error) {
      say(error.message, true);
      return;
    }
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
    if (!panel() || panel().hidden) return;
    if (event.key === "Escape") toggle(false);
    else if (event.key === "Tab") trapFocus(event);
  });
  // Saved here, in another tab, by an import or a switch of profile. Only a
  // change of the values or inputs refills the form: a chosen activity (in
  // another tab, say) must not overwrite what the reader is typing in it.
  window.addEventListener(store.EVENT, function (event) {
    var keys = event.detail.keys;
    if (keys.indexOf(store.KEYS.values) !== -1 || keys.indexOf(store.KEYS.inputs) !== -1) apply();
  });

  window.tplValues = { open: function () { toggle(true); } };

  store.onPage(apply);
})();
