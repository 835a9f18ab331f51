// "加入年度计划" on every activity page and every entry of the calendar, and
// the header link to 我的年度计划 with the number of chosen activities.
//
// The build marks each place with an empty
//   <span data-tpl-choose="activities/x" data-tpl-title data-tpl-months="5 9"
//         data-tpl-lead data-tpl-partners>
// (partials/activity-intro.html, macros/listings.py calendar): everything a
// choice needs, so a page never loads the list of all activities for it.
// Here each mark becomes a toggle button: the first press adds the activity in
// one month (monthOf), the second removes it.
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplChoose) return;

  function chosenIds() {
    var ids = store.dict();  // ids may be "__proto__" or "constructor" (an imported file)
    store.choices().forEach(function (item) { ids[item.id] = true; });
    return ids;
  }

  function monthNames(months) {
    return months.map(function (m) { return m + "月"; }).join("、");
  }

  function makeButton(mark) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tpl-choose" + (mark.hasAttribute("data-tpl-choose-large") ? " md-button" : "");
    button.setAttribute("data-tpl-ui", "");
    ["data-tpl-choose", "data-tpl-title", "data-tpl-months", "data-tpl-day-months", "data-tpl-lead", "data-tpl-partners"].forEach(function (name) {
      button.setAttribute(name, mark.getAttribute(name) || "");
    });
    // The visible text is the same everywhere; the name tells a screen reader
    // which of the many buttons of the calendar this is.
    button.setAttribute("aria-label", "加入年度计划：" + button.getAttribute("data-tpl-title"));
    var check = document.createElement("span");
    check.className = "tpl-choose__mark";
    check.setAttribute("aria-hidden", "true");
    button.appendChild(check);
    button.appendChild(document.createTextNode("加入年度计划"));
    mark.replaceWith(button);
  }

  // Begins with the visible text ("年度计划" and the number), as a person who
  // sees the link and says its name expects.
  function planLinkName(count) { return "年度计划 " + count + " 项：我的年度计划中已选的活动"; }

  function describe() {
    var ids = chosenIds(), count = Object.keys(ids).length;
    document.querySelectorAll("button[data-tpl-choose]").forEach(function (button) {
      var chosen = Boolean(ids[button.getAttribute("data-tpl-choose")]);
      button.setAttribute("aria-pressed", String(chosen));
      button.title = chosen ? "已在我的年度计划中，再点一次移除" : "加入我的年度计划";
    });
    document.querySelectorAll("[data-tpl-plan-count]").forEach(function (link) {
      link.querySelector("[data-tpl-plan-number]").textContent = String(count);
      link.setAttribute("aria-label", planLinkName(count));
    });
  }

  // A choice takes one month (macros/plan/schedule.py choice_mark): the calendar's
  // month it stands in, or its day's month in the reader's 年度 (端午 moves
  // between 5月 and 6月), or the first month it may be held in.
  function monthOf(button) {
    var first = Number(button.getAttribute("data-tpl-months").split(/\s+/)[0]);
    return window.tplPlanStart.dayMonth(button.getAttribute("data-tpl-day-months"), first);
  }

  var adding = store.dict();  // ids being added (the first choice waits for the list of activities)

  // Each item is added or removed by its own key (state.js): a choice made in
  // another tab at the same moment is never lost. Adding goes through
  // plan-start.js: the first choice keeps the common activities the plans showed.
  function toggle(button) {
    var id = button.getAttribute("data-tpl-choose"), title = button.getAttribute("data-tpl-title");
    if (adding[id]) return;
    var mine = store.choices().filter(function (item) { return item.id === id; });
    if (mine.length) {
      try {
        store.removeChoices(mine.map(function (item) { return item.key; }));
        store.say("已从年度计划中移除“" + title + "”。");
      } catch (error) {
        store.say(error.message, true);
      }
      return;
    }
    var month = monthOf(button);
    adding[id] = true;
    window.tplPlanStart.add([{ id: id, title: title, month: month, lead: button.getAttribute("data-tpl-lead"),
                               partners: button.getAttribute("data-tpl-partners") }],
                            "已把“" + title + "”加入年度计划：" + monthNames([month]) + "。")
      .catch(function (error) { store.say(error.message, true); })
      .then(function () { delete adding[id]; });
  }

  // The 我的年度计划 page's own script, loaded only where that page is
  // shown (not part of every page's JavaScript; works over file:// too).
  var MY_PLAN_SCRIPT = new URL("my-plan.js", document.currentScript ? document.currentScript.src : location.href).href;
  var myPlanLoading = false;
  function loadMyPlan() {
    if (myPlanLoading || window.tplMyPlan || !document.querySelector("[data-tpl-my-plan]")) return;
    myPlanLoading = true;
    var script = document.createElement("script");
    script.src = MY_PLAN_SCRIPT;
    script.onerror = function () { myPlanLoading = false; store.say("未能载入“我的年度计划”的功能，请刷新页面。", true); };
    document.head.appendChild(script);
  }

  function setup() {
    document.querySelectorAll("span[data-tpl-choose]").forEach(makeButton);
    describe();
    loadMyPlan();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-tpl-choose]");
    if (button) toggle(button);
  });
  window.addEventListener(store.EVENT, describe);

  // The header and the 我的信息 panel stay in place across instant navigation,
  // so their relative links would point elsewhere after the first page: fix
  // them to where they lead from the page they were built for.
  document.querySelectorAll("[data-tpl-my-plan-link]").forEach(function (link) {
    link.setAttribute("href", link.href);
  });

  window.tplChoose = true;

  store.onPage(setup);
})();
