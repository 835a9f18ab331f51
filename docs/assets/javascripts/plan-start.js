// Where a reader's year plan starts (issue 18): the plans show the common
// activities until the reader chooses; 我的年度计划 offers "从常用活动开始"
// (the common ones added to the reader's list, where each can be moved or
// removed) and "清空", and the first choice's message offers the common ones
// too, so a plan of one row is never the only way. Each says what it did and
// can be undone once from its message.
//
// The common activities are those the build marks `annual: true`
// (assets/data/activities.js, read only when needed), each in one month: its
// day's month in the reader's 年度, else the first month it may be held in.
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

  // The common activities not chosen yet (by id), as choices.
  function commons(activities) {
    var chosen = store.dict();
    store.choices().forEach(function (item) { chosen[item.id] = true; });
    return activities.filter(function (activity) { return activity.annual && !store.has(chosen, activity.id); }).map(asChoice);
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

  function clear() {
    var list = store.choices();
    if (!list.length) { store.say("年度计划中还没有活动。"); return; }
    store.removeChoices(list.map(function (item) { return item.key; }));
    store.say("已清空年度计划中的" + list.length + "项活动安排，计划模板恢复为默认的活动安排。", false, {
      label: "撤销",
      run: function () {
        store.addChoices(list.map(function (item) {
          return { id: item.id, title: item.title, month: item.month, lead: item.lead, partners: item.partners };
        }));
        store.say("已恢复" + list.length + "项活动安排。");
      },
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tpl-plan-start], [data-tpl-plan-clear]");
    if (!button) return;
    var run = button.hasAttribute("data-tpl-plan-start") ? start : clear;
    Promise.resolve().then(run).catch(function (error) { store.say(error.message, true); });
  });

  // The action a message offers after the reader's first choice (choose.js).
  var offer = { label: "同时列入常用活动", run: function () { start().catch(function (error) { store.say(error.message, true); }); } };

  window.tplPlanStart = { loadActivities: loadActivities, dayMonth: dayMonth, offer: offer };
})();
