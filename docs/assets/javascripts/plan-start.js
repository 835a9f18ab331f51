// Where a reader's year plan starts (issue 18): the plans show the common
// activities until the reader chooses, and choosing adds to them: the first
// choice on an empty list (add()) keeps the common ones and adds itself, in
// one change of the store, so a plan never drops from its default rows to
// one. 我的年度计划 offers "从常用活动开始" (the common ones added to the
// reader's list, where each can be moved or removed) and "清空": a list
// emptied on purpose (state.js `emptied`) stays the reader's own, and later
// choices add only themselves. Each says what it did and can be undone once
// from its message, back to exactly the state before.
//
// The common activities are those the build marks `annual: true`
// (assets/data/activities.js, read only when needed), each in one month: its
// day's month in the reader's 年度, else the first month it may be held in;
// in the order of the plans' default rows (macros/plan/schedule.py
// default_items: by month, then title).
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplPlanStart) return;

  var SCRIPT = document.currentScript ? document.currentScript.src : location.href;
  var DATA = new URL("../data/activities.js", SCRIPT).href;  // this file is assets/javascripts/plan-start.js
  var loading = null;

  // The activities of the site, in their order (a script, so it loads from file:// too).
  function loadActivities() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = DATA;
        script.onload = function () { resolve(window.tplActivities || []); };
        script.onerror = function () { loading = null; reject(new Error("未能读取活动列表，请刷新页面。")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // The month of a day in the reader's 年度 (else the site's, as the build placed
  // it) from the build's code "2020:2322…" (macros/plan/schedule.py
  // day_months_code: one hex digit a year), else `fallback`.
  function dayMonth(code, fallback) {
    var year = Number(store.lineValues(store.values()).year), parts = code ? code.split(":") : [];
    var digit = parts.length === 2 && year ? parts[1].charAt(year - Number(parts[0])) : "";
    return digit ? parseInt(digit, 16) : fallback;
  }

  function asChoice(activity) {
    var partners = activity.partners.length ? activity.partners : activity.organisers.slice(1);
    return { id: activity.id, title: activity.title, month: dayMonth(activity.dayMonths, activity.months[0]),
             lead: activity.organisers[0], partners: partners.join("、") };
  }

  // The common activities not chosen yet (by id) nor in `adding`, as choices.
  function commons(activities, adding) {
    var chosen = store.dict();
    store.choices().concat(adding || []).forEach(function (item) { chosen[item.id] = true; });
    return activities.filter(function (activity) { return activity.annual && !store.has(chosen, activity.id); }).map(asChoice)
      .sort(function (a, b) { return a.month - b.month || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0); });
  }

  function undoRemoving(keys) {
    return { label: "撤销", run: function () { store.removeChoices(keys); store.say("已撤销。"); } };
  }

  function start() {
    return loadActivities().then(function (activities) {
      var common = commons(activities);
      if (!common.length) { store.say("常用活动都已在年度计划中。"); return; }
      store.say("已把" + common.length + "项常用活动加入年度计划。", false, undoRemoving(store.addChoices(common)));
    });
  }

  // The list emptied on purpose: later choices add only themselves.
  function clear() {
    var count = store.choices().length, before = store.clearChoices();
    var done = count ? "已清空年度计划中的" + count + "项活动安排。" : "年度计划已是空的。";
    store.say(done + "之后选的活动只列入所选的这一项，不再带上常用活动；还没有选活动时，计划模板仍显示默认的活动安排。", false, {
      label: "撤销",
      run: function () { store.putBack(before); store.say(count ? "已恢复" + count + "项活动安排。" : "已撤销。"); },
    });
  }

  // Add the reader's choices (items as state.js stores them) and say `done`
  // ("已把……加入年度计划：5月。"). On an empty list that was never emptied on
  // purpose, the common activities are kept too, in the same change; the
  // message says so and offers 撤销. A promise of the keys added.
  function add(items, done) {
    var first = !store.choices().length && !store.emptied();
    return (first ? loadActivities() : Promise.resolve(null)).then(function (activities) {
      // Read again: another tab may have chosen meanwhile.
      var common = activities && !store.choices().length && !store.emptied() ? commons(activities, items) : [];
      var keys = store.addChoices(common.concat(items));
      if (!common.length) { store.say(done); return keys; }
      store.say(done + "计划模板默认的" + common.length + "项常用活动（节日、纪念日等）一并保留，可在我的年度计划中逐项移除或清空。",
                false, undoRemoving(keys));
      return keys;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tpl-plan-start], [data-tpl-plan-clear]");
    if (!button) return;
    var run = button.hasAttribute("data-tpl-plan-start") ? start : clear;
    Promise.resolve().then(run).catch(function (error) { store.say(error.message, true); });
  });

  window.tplPlanStart = { loadActivities: loadActivities, dayMonth: dayMonth, add: add };
})();
