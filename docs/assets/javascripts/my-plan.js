// 我的年度计划 (docs/my-plan.md, partials/my-plan.html): the chosen
// activities by month, where the reader changes the month, 责任人 and
// 参与单位, removes or adds items; and the 本社区情况 form.
//
// Every change is saved at once (state.js), text as it is typed, and the page
// is drawn again from the store, so this page, the plan tables and another
// tab never disagree.
// choose.js loads this script on that page only; store.onPage runs setup
// at once (Material's document$ replays the current page to a late subscriber).
// The list of all activities (assets/data/activities.js, read by plan-start.js,
// a script so it also loads from file://) is used here: to offer activities to
// add and to mark a chosen one that the site no longer has, which stays listed
// with its saved title.
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplMyPlan) return;

  // Links to activities are relative to the site's root (this file is assets/javascripts/my-plan.js).
  var ROOT = new URL("../../", document.currentScript ? document.currentScript.src : location.href).href;
  var LIMITS = store.LIMITS;  // one set of limits: the form, the export and the import
  var activities = null;  // {id: activity} once loaded
  var loading = null;

  function root() { return document.querySelector("[data-tpl-my-plan]"); }

  // The activities, by id (plan-start.js reads assets/data/activities.js once for every script).
  function loadActivities() {
    if (!loading) {
      loading = window.tplPlanStart.loadActivities().then(function (list) {
        activities = store.dict();  // ids from a file may be "__proto__" or "constructor"
        list.forEach(function (activity) { activities[activity.id] = activity; });
        return activities;
      }, function (error) { loading = null; throw error; });
    }
    return loading;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;  // always as text: titles may come from a file
    return node;
  }

  // Items in month order; within a month in the order they were added.
  function byMonth(list) {
    return list.map(function (item, index) { return { item: item, index: index }; })
      .sort(function (a, b) { return a.item.month - b.item.month || a.index - b.index; });
  }

  function summary(list) {
    if (!list.length) {
      return store.emptied() ?
        "年度计划已清空。在活动页或全年活动日历中点“加入年度计划”，或在下面添加，计划中只列入所选的活动；还没有选时，计划中的表格列出默认的常用活动。" :
        "还没有选活动。在活动页或全年活动日历中点“加入年度计划”，或在下面添加：大多数社区每年都办的常用活动（计划中表格现在列出的）一并保留，可以再逐项移除。";
    }
    var ids = store.dict(), months = store.dict();
    list.forEach(function (item) { ids[item.id] = true; months[item.month] = true; });
    return "已选 " + Object.keys(ids).length + " 项活动，共 " + list.length + " 次，分布在 " +
      Object.keys(months).length + " 个月。计划模板中的月度活动安排表和责任分工表按这里生成。";
  }

  function monthSelect(id, value, describedBy) {
    var select = element("select", { id: id, "data-field": "month", "aria-describedby": describedBy });
    for (var month = 1; month <= 12; month += 1) {
      var option = element("option", { value: String(month) }, month + "月");
      option.selected = month === value;
      select.appendChild(option);
    }
    return select;
  }

  function field(label, control) {
    var wrap = element("div", { "class": "tpl-my-plan__control" });
    wrap.appendChild(element("label", { "for": control.id }, label));
    wrap.appendChild(control);
    return wrap;
  }

  function row(item) {
    var base = "tpl-choice-" + item.key, titleId = base + "-title";
    var li = element("li", { "class": "tpl-choice", "data-key": item.key });
    var title = element("p", { "class": "tpl-choice__title", id: titleId });
    var known = activities && store.has(activities, item.id) ? activities[item.id] : null;
    if (known) {
      title.appendChild(element("a", { href: ROOT + known.url }, item.title));
    } else {
      title.appendChild(element("span", {}, item.title));
    }
    if (activities && !known) {
      li.classList.add("tpl-choice--gone");
      title.appendChild(element("strong", { "class": "tpl-choice__gone" }, "该活动已不在本站"));
    }
    li.appendChild(title);
    var fields = element("div", { "class": "tpl-choice__fields" });
    fields.appendChild(field("月份", monthSelect(base + "-month", item.month, titleId)));
    ["lead", "partners"].forEach(function (name) {
      var input = element("input", { type: "text", id: base + "-" + name, "data-field": name,
                                     maxlength: String(LIMITS[name]), autocomplete: "off", "aria-describedby": titleId });
      input.value = item[name];
      fields.appendChild(field(name === "lead" ? "责任人" : "参与单位", input));
    });
    var remove = element("button", { type: "button", "class": "md-button tpl-choice__remove", id: base + "-remove", "data-remove": "",
                                     "aria-label": "移除：" + item.month + "月 " + item.title }, "移除");
    fields.appendChild(remove);
    li.appendChild(fields);
    return li;
  }

  // --- Saving as the reader types -----------------------------------------
  // Each text is saved a moment after the last key (and at once when the
  // field is left, the page is hidden or another tab changed the data), to
  // the item and the profile it was typed for: never to a list position,
  // never to a profile another tab switched to meanwhile.

  var WAIT = 400;  // ms after the last key
  var pending = [];  // [{timer, write}]

  function schedule(target, write) {
    pending = pending.filter(function (entry) {
      if (entry.target !== target) return true;
      clearTimeout(entry.timer);
      return false;
    });
    var entry = { target: target, write: write };
    entry.timer = setTimeout(function () { run(entry); }, WAIT);
    pending.push(entry);
  }

  function run(entry) {
    clearTimeout(entry.timer);
    pending = pending.filter(function (other) { return other !== entry; });
    entry.write();
  }

  function flush(target) {
    pending.slice().forEach(function (entry) { if (!target || entry.target === target) run(entry); });
  }

  function saveChoiceText(control, quiet) {
    var key = control.closest(".tpl-choice").getAttribute("data-key"), name = control.getAttribute("data-field");
    var profile = root().getAttribute("data-profile"), text = control.value.slice(0, LIMITS[name]);
    var label = name === "lead" ? "责任人" : "参与单位";
    return function () {
      var patch = store.dict();
      patch[name] = text.trim();
      try {
        if (!store.updateChoice(key, patch, profile)) {
          store.say("这项活动已在另一个窗口中移除，刚填写的" + label + "“" + text.trim() + "”没有保存到别的活动上。", true);
          return;
        }
      } catch (error) { store.say(error.message, true); return; }
      if (!quiet) {
        var item = store.choices(profile).filter(function (one) { return one.key === key; })[0];
        store.say("已保存“" + (item ? item.title : "") + "”的" + label + "。");
      }
    };
  }

  function saveInputText(area) {
    var form = area.form, profile = form.getAttribute("data-profile"), name = area.name;
    var text = area.value.slice(0, Number(area.getAttribute("maxlength")));
    var message = form.querySelector("[data-tpl-inputs-message]");
    return function () {
      try {
        store.setInput(name, text, profile);
      } catch (error) {
        message.textContent = error.message;
        message.classList.add("tpl-values-message--error");
        return;
      }
      message.classList.remove("tpl-values-message--error");
      message.textContent = "已保存“" + area.labels[0].textContent + "”。写好的内容随时保存，社区年度计划中的相应位置随之替换。";
    };
  }

  // --- Drawing from the store ---------------------------------------------

  var drawn = null;  // what the list shows: keys, titles and months in order

  function drawList(force) {
    var container = root(), list = store.choices();
    container.querySelector("[data-tpl-my-plan-summary]").textContent = summary(list);
    var holder = container.querySelector("[data-tpl-my-plan-list]");
    var shape = JSON.stringify(list.map(function (item) { return [item.key, item.title, item.month]; }));
    var byKey = store.dict();
    list.forEach(function (item) { byKey[item.key] = item; });
    if (!force && shape === drawn && holder.firstChild) {
      // Only a 责任人 or 参与单位 changed: rows stay, so Tab from one field to
      // the next is not disturbed by redrawing them.
      holder.querySelectorAll(".tpl-choice").forEach(function (li) {
        var item = byKey[li.getAttribute("data-key")];
        li.querySelectorAll("input[data-field]").forEach(function (input) {
          if (input !== document.activeElement) input.value = item[input.getAttribute("data-field")];
        });
      });
      return;
    }
    drawn = shape;
    var active = document.activeElement, focused = active && container.contains(active) ? active.id : "";
    var typing = focused && active.matches("input[data-field]") ? { value: active.value, start: active.selectionStart, end: active.selectionEnd } : null;
    holder.textContent = "";
    var month = 0, ul = null;
    byMonth(list).forEach(function (entry) {
      if (entry.item.month !== month) {
        month = entry.item.month;
        holder.appendChild(element("h3", { "class": "tpl-my-plan__month", id: "month-" + month }, month + "月"));
        ul = holder.appendChild(element("ul", { "class": "tpl-choices", "aria-label": month + "月的活动" }));
      }
      ul.appendChild(row(entry.item));
    });
    // Drawn again under the reader's hands: the focus and the text being typed stay.
    var again = focused && document.getElementById(focused);
    if (again) {
      again.focus();
      if (typing) {
        again.value = typing.value;
        again.setSelectionRange(typing.start, typing.end);
      }
    }
  }

  function drawAddForm() {
    var form = root().querySelector("[data-tpl-add-form]"), select = form.querySelector("[name=activity]");
    select.textContent = "";
    select.appendChild(element("option", { value: "" }, "请选择活动"));
    Object.keys(activities).map(function (id) { return activities[id]; })
      .sort(function (a, b) { return a.months[0] - b.months[0] || a.title.localeCompare(b.title, "zh-CN"); })
      .forEach(function (activity) {
        var months = activity.months.map(function (m) { return m + "月"; }).join("、");
        select.appendChild(element("option", { value: activity.id }, activity.title + "（" + months + "）"));
      });
    select.disabled = false;
    form.querySelector("button[type=submit]").disabled = false;
  }

  function drawInputs(remote) {
    var form = root().querySelector("[data-tpl-inputs-form]"), profile = store.activeId();
    var switched = form.hasAttribute("data-profile") && form.getAttribute("data-profile") !== profile;
    var own = store.inputs(), kept = false;
    form.querySelectorAll("textarea[name]").forEach(function (area) {
      var text = own[area.name] || "";
      if (document.activeElement === area && !switched) {
        if (area.value !== text) kept = true;
        return;
      }
      area.value = text;
    });
    if (switched && remote) {
      store.say("另一个窗口切换到了档案“" + window.tplProfiles.activeName() + "”，这里随之切换；您刚才输入的内容已保存在原来的档案中。");
    } else if (kept && remote) {
      // Not written back at once: two tabs typing in the same box would overwrite each other in turn.
      store.say("另一个窗口也改了本社区情况：这里保留您正在输入的内容，继续输入或离开此框时以它为准保存。");
    }
    form.setAttribute("data-profile", profile);
    root().setAttribute("data-profile", profile);
  }

  var flushing = false;
  function draw(event) {
    if (!root() || flushing) return;  // the writes of flush() are drawn below, once
    flushing = true;
    try {
      flush();  // what was typed goes where it was typed before anything is redrawn
    } finally {
      flushing = false;
    }
    drawList();
    drawInputs(Boolean(event && event.detail && event.detail.remote));
  }

  function save(action, message) {
    try {
      action();
      if (message) store.say(message);
      return true;
    } catch (error) {
      store.say(error.message, true);
      return false;
    }
  }

  function keyOf(node) { return node.closest(".tpl-choice").getAttribute("data-key"); }

  function itemOf(key) { return store.choices().filter(function (item) { return item.key === key; })[0]; }

  function changeMonth(control) {
    var key = keyOf(control), item = itemOf(key), month = Number(control.value);
    if (!item) return;
    save(function () { store.updateChoice(key, { month: month }, root().getAttribute("data-profile")); },
         "已把“" + item.title + "”改到" + month + "月。");
  }

  function remove(button) {
    var key = keyOf(button), item = itemOf(key);
    if (!item) return;
    // Where the focus goes after the row is gone: the next row's button, else the list's summary.
    var rows = Array.prototype.slice.call(root().querySelectorAll(".tpl-choice"));
    var position = rows.indexOf(button.closest(".tpl-choice"));
    var next = rows[position + 1] || rows[position - 1];
    if (!save(function () { store.removeChoices([key], root().getAttribute("data-profile")); },
              "已从年度计划中移除" + item.month + "月的“" + item.title + "”。")) return;
    var target = next && document.getElementById("tpl-choice-" + next.getAttribute("data-key") + "-remove");
    if (target) target.focus();
    else {
      var heading = document.getElementById("chosen");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // One month, as choose.js takes it: the day's month in the reader's 年度, else the first usual month.
  function usualMonth(activity) {
    return window.tplPlanStart.dayMonth(activity.dayMonths, activity.months[0]);
  }

  function add(form) {
    var id = form.querySelector("[name=activity]").value, chosenMonth = Number(form.querySelector("[name=month]").value);
    var activity = activities && store.has(activities, id) ? activities[id] : null;
    if (!activity) { store.say("请先选择要添加的活动。", true); return; }
    var list = store.choices();
    var months = [chosenMonth || usualMonth(activity)].filter(function (month) {
      return !list.some(function (item) { return item.id === id && item.month === month; });
    });
    if (!months.length) { store.say("“" + activity.title + "”已在这个月的计划中。", true); return; }
    var partners = activity.partners.length ? activity.partners : activity.organisers.slice(1);
    var items = months.map(function (month) {
      return { id: id, title: activity.title, month: month, lead: activity.organisers[0], partners: partners.join("、") };
    });
    window.tplPlanStart.add(items, "已把“" + activity.title + "”加入年度计划：" + months.map(function (m) { return m + "月"; }).join("、") + "。")
      .catch(function (error) { store.say(error.message, true); });
  }

  document.addEventListener("input", function (event) {
    var control = event.target;
    if (!root() || !control.matches) return;
    if (control.matches("[data-tpl-my-plan-list] input[data-field]")) schedule(control, saveChoiceText(control, true));
    else if (control.matches("[data-tpl-inputs-form] textarea[name]")) schedule(control, saveInputText(control));
  });
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!root() || !control.matches) return;
    if (control.matches("[data-tpl-my-plan-list] select[data-field]")) changeMonth(control);
    else if (control.matches("[data-tpl-my-plan-list] input[data-field]")) {
      flush(control);
      saveChoiceText(control, false)();
    } else if (control.matches("[data-tpl-inputs-form] textarea[name]")) {
      flush(control);
      saveInputText(control)();  // also a text kept while another tab changed the same box
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("button");
    if (!target || !root() || !root().contains(target)) return;
    if (target.matches("[data-remove]")) remove(target);
    else if (target.matches("[data-tpl-open-values]") && window.tplValues) window.tplValues.open();
  });
  document.addEventListener("submit", function (event) {
    if (!root() || !root().contains(event.target)) return;
    event.preventDefault();
    if (event.target.matches("[data-tpl-add-form]")) add(event.target);
  });
  window.addEventListener(store.EVENT, draw);
  // Nothing typed is lost when the reader closes the tab or goes to another page.
  window.addEventListener("pagehide", function () { flush(); });
  document.addEventListener("visibilitychange", function () { if (document.hidden) flush(); });

  function setup() {
    flush();
    if (!root()) return;
    drawn = null;  // a new page: nothing of it is drawn yet
    root().removeAttribute("data-profile");
    root().querySelector("[data-tpl-inputs-form]").removeAttribute("data-profile");
    draw();
    loadActivities().then(function () {
      if (!root()) return;  // the reader went on meanwhile
      drawAddForm();
      drawList(true);  // now with links, and marks on activities the site no longer has
    }, function (error) {
      console.error(error);
      var select = root() && root().querySelector("[data-tpl-add-form] [name=activity]");
      if (select) select.firstElementChild.textContent = "未能读取活动列表，请刷新页面";
    });
  }

  window.tplMyPlan = true;

  store.onPage(setup);
})();
