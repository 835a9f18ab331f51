// 我的年度计划 (docs/my-plan.md, partials/my-plan.html): the chosen
// activities by month, where the reader changes the month, 责任人 and
// 参与单位, removes or adds items; and the 本社区情况 form.
//
// Every change is saved at once (store.js) and the page is drawn again from
// the store, so this page, the plan tables and another tab never disagree.
// choose.js loads this script on that page only; store.onPage runs setup
// at once (Material's document$ replays the current page to a late subscriber).
// The list of all activities (assets/data/activities.js, a script so it also
// loads from file://) is read only here: to offer activities to add and to
// mark a chosen one that the site no longer has, which stays listed with its
// saved title.
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplMyPlan) return;

  var SCRIPT = document.currentScript ? document.currentScript.src : location.href;
  var ROOT = new URL("../../", SCRIPT).href;  // this file is assets/javascripts/my-plan.js
  var DATA = ROOT + "assets/data/activities.js";
  var LIMITS = { lead: 60, partners: 200 };
  var activities = null;  // {id: activity} once loaded
  var loading = null;

  function root() { return document.querySelector("[data-tpl-my-plan]"); }

  function loadActivities() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = DATA;
        script.onload = function () { resolve(window.tplActivities || []); };
        script.onerror = function () { loading = null; reject(new Error("cannot load " + DATA)); };
        document.head.appendChild(script);
      }).then(function (list) {
        activities = {};
        list.forEach(function (activity) { activities[activity.id] = activity; });
        return activities;
      });
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
      return "还没有选活动。在活动页或全年活动日历中点“加入年度计划”，或在下面添加。还没有选时，计划中的表格列出大多数社区每年都办的活动。";
    }
    var ids = {}, months = {};
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

  function row(entry) {
    var item = entry.item, base = "tpl-choice-" + entry.index, titleId = base + "-title";
    var li = element("li", { "class": "tpl-choice", "data-index": String(entry.index) });
    var title = element("p", { "class": "tpl-choice__title", id: titleId });
    var known = activities && activities[item.id];
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

  var drawn = null;  // what the list shows: ids, titles and months in order

  function drawList(force) {
    var container = root(), list = store.choices();
    container.querySelector("[data-tpl-my-plan-summary]").textContent = summary(list);
    var holder = container.querySelector("[data-tpl-my-plan-list]");
    var shape = JSON.stringify(list.map(function (item) { return [item.id, item.title, item.month]; }));
    if (!force && shape === drawn && holder.firstChild) {
      // Only a 责任人 or 参与单位 changed: rows stay, so Tab from one field to
      // the next is not disturbed by redrawing them.
      holder.querySelectorAll(".tpl-choice").forEach(function (li) {
        var item = list[Number(li.getAttribute("data-index"))];
        li.querySelectorAll("input[data-field]").forEach(function (input) {
          if (input !== document.activeElement) input.value = item[input.getAttribute("data-field")];
        });
      });
      return;
    }
    drawn = shape;
    var focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id : "";
    holder.textContent = "";
    var month = 0, ul = null;
    byMonth(list).forEach(function (entry) {
      if (entry.item.month !== month) {
        month = entry.item.month;
        holder.appendChild(element("h3", { "class": "tpl-my-plan__month", id: "month-" + month }, month + "月"));
        ul = holder.appendChild(element("ul", { "class": "tpl-choices", "aria-label": month + "月的活动" }));
      }
      ul.appendChild(row(entry));
    });
    // Drawn again under the reader's hands: keep the focus where it was.
    var again = focused && document.getElementById(focused);
    if (again) again.focus();
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

  function drawInputs() {
    var own = store.inputs();
    root().querySelectorAll("[data-tpl-inputs-form] textarea[name]").forEach(function (area) {
      if (document.activeElement !== area) area.value = own[area.name] || "";
    });
  }

  function draw() {
    if (!root()) return;
    drawList();
    drawInputs();
  }

  function save(list, message) {
    try {
      store.setChoices(list);
      if (message) store.say(message);
      return true;
    } catch (error) {
      store.say(error.message, true);
      return false;
    }
  }

  function indexOf(node) { return Number(node.closest(".tpl-choice").getAttribute("data-index")); }

  // An edit of a row: saved when the field is left (change), as a person expects.
  function edit(control) {
    var list = store.choices(), index = indexOf(control), item = list[index];
    if (!item) return;
    var name = control.getAttribute("data-field");
    if (name === "month") {
      item.month = Number(control.value);
      save(list, "已把“" + item.title + "”改到" + item.month + "月。");
    } else {
      item[name] = control.value.trim().slice(0, LIMITS[name]);
      save(list, "已保存“" + item.title + "”的" + (name === "lead" ? "责任人" : "参与单位") + "。");
    }
  }

  function remove(button) {
    var list = store.choices(), index = indexOf(button), item = list[index];
    if (!item) return;
    // Where the focus goes after the row is gone: the next row's button, else the list's summary.
    var rows = Array.prototype.slice.call(root().querySelectorAll(".tpl-choice"));
    var position = rows.indexOf(button.closest(".tpl-choice"));
    var next = rows[position + 1] || rows[position - 1];
    var nextIndex = next ? Number(next.getAttribute("data-index")) : -1;
    list.splice(index, 1);
    if (!save(list, "已从年度计划中移除" + item.month + "月的“" + item.title + "”。")) return;
    if (nextIndex > index) nextIndex -= 1;
    var target = nextIndex >= 0 && document.getElementById("tpl-choice-" + nextIndex + "-remove");
    if (target) target.focus();
    else {
      var heading = document.getElementById("chosen");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // One month, as choose.js takes it: the day's month in the reader's 年度
  // (activities.js dayMonths, one hex digit a year), else the first usual month.
  function usualMonth(activity) {
    var year = Number(store.values().year), code = activity.dayMonths;
    if (code && year) {
      var digit = code.split(":")[1].charAt(year - Number(code.split(":")[0]));
      if (digit) return parseInt(digit, 16);
    }
    return activity.months[0];
  }

  function add(form) {
    var id = form.querySelector("[name=activity]").value, chosenMonth = Number(form.querySelector("[name=month]").value);
    var activity = activities && activities[id];
    if (!activity) { store.say("请先选择要添加的活动。", true); return; }
    var list = store.choices();
    var months = [chosenMonth || usualMonth(activity)].filter(function (month) {
      return !list.some(function (item) { return item.id === id && item.month === month; });
    });
    if (!months.length) { store.say("“" + activity.title + "”已在这个月的计划中。", true); return; }
    var partners = activity.partners.length ? activity.partners : activity.organisers.slice(1);
    months.forEach(function (month) {
      list.push({ id: id, title: activity.title, month: month, lead: activity.organisers[0], partners: partners.join("、") });
    });
    save(list, "已把“" + activity.title + "”加入年度计划：" + months.map(function (m) { return m + "月"; }).join("、") + "。");
  }

  function saveInputs(form) {
    var message = form.querySelector("[data-tpl-inputs-message]"), own = {};
    var areas = form.querySelectorAll("textarea[name]");
    for (var i = 0; i < areas.length; i += 1) {
      var area = areas[i], text = area.value.trim(), limit = Number(area.getAttribute("maxlength"));
      if (text.length > limit) {
        message.textContent = "“" + area.labels[0].textContent + "”不能超过" + limit + "个字。没有保存。";
        message.classList.add("tpl-values-message--error");
        area.focus();
        return;
      }
      if (text) own[area.name] = text;
    }
    try {
      store.setInputs(own);
    } catch (error) {
      message.textContent = error.message;
      message.classList.add("tpl-values-message--error");
      return;
    }
    message.classList.remove("tpl-values-message--error");
    message.textContent = "已保存。社区年度计划中的相应位置已换成这些内容，空着的仍显示为填空提示。";
  }

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (root() && control.matches && control.matches("[data-tpl-my-plan-list] [data-field]")) edit(control);
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
    else if (event.target.matches("[data-tpl-inputs-form]")) saveInputs(event.target);
  });
  window.addEventListener(store.EVENT, draw);

  function setup() {
    if (!root()) return;
    drawn = null;  // a new page: nothing of it is drawn yet
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

  window.tplMyPlan = { draw: draw };

  store.onPage(setup);
})();
