// 档案 (profiles): one per community a reader works for, each with its own
// 我的信息, 本社区情况 and 年度计划 (state.js keeps them apart by profile id;
// switching writes only which one is active). Also the 档案 controls in the
// 我的信息 panel (partials/values-panel.html).
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplProfiles) return;

  function list() {
    var state = store.snapshot();
    return Object.keys(state.profiles).map(function (id) { return { id: id, name: state.profiles[id] }; })
      .sort(function (a, b) { return store.compareNames(a.name, b.name); });
  }

  function activeName() { var state = store.snapshot(); return state.profiles[state.active]; }

  function idOf(name) {
    var found = list().filter(function (profile) { return profile.name === name; })[0];
    return found ? found.id : null;
  }

  function checkName(name, allowExisting) {
    name = String(name || "").trim();
    if (!name) throw new Error("请填写档案名称。");
    if (name.length > store.LIMITS.profileName) throw new Error("档案名称不能超过" + store.LIMITS.profileName + "个字。");
    if (!allowExisting && idOf(name) !== null) throw new Error("已有名为“" + name + "”的档案。");
    return name;
  }

  // The default profile is written when it is first left, so that it stays listed.
  function keepDefault(changes) {
    var state = store.snapshot();
    if (!state.stored) {
      changes[store.keyOf("profile", state.active)] = { name: state.profiles[state.active] };
      changes[store.ACTIVE] = state.active;
    }
  }

  function switchTo(name) {
    var id = idOf(name);
    if (id === null || id === store.activeId()) return;
    var changes = store.dict();
    keepDefault(changes);
    changes[store.ACTIVE] = id;
    store.commit(changes);
  }

  function createProfile(name) {
    name = checkName(name);
    var id = store.newKey(), changes = store.dict();
    keepDefault(changes);
    changes[store.keyOf("profile", id)] = { name: name };
    changes[store.ACTIVE] = id;
    store.commit(changes);
    return name;
  }

  function renameProfile(name) {
    name = checkName(name);
    var changes = store.dict();
    changes[store.keyOf("profile", store.activeId())] = { name: name };
    store.commit(changes);
    return name;
  }

  // The active profile goes; the first other one (or an empty default) takes its place.
  function removeProfile() {
    var id = store.activeId(), changes = store.dict();
    store.keysOf(id).forEach(function (key) { changes[key] = null; });
    var others = list().filter(function (profile) { return profile.id !== id; });
    changes[store.ACTIVE] = others.length ? others[0].id : null;
    store.commit(changes);
    return others.length ? others[0].name : store.DEFAULT_NAME;
  }

  // --- The 档案 controls in the 我的信息 panel -----------------------------

  function box() { return document.querySelector("[data-tpl-profiles]"); }

  function tell(text, isError) {
    var message = box().querySelector(".tpl-profiles__message");
    message.textContent = text;
    message.classList.toggle("tpl-values-message--error", Boolean(isError));
  }

  function showProfiles() {
    var root = box();
    if (!root) return;
    var select = root.querySelector("[data-tpl-profile-select]"), active = store.activeId();
    select.textContent = "";
    list().forEach(function (profile) {
      var option = document.createElement("option");
      option.value = profile.id;
      option.textContent = profile.name;  // as text: a name from a file may hold markup
      option.selected = profile.id === active;
      select.appendChild(option);
    });
    var current = root.querySelector("[data-tpl-profile-current]");
    if (current) current.textContent = activeName();
  }

  function attempt(action) {
    try {
      tell(action());
    } catch (error) {
      tell(error.message, true);
    }
  }

  document.addEventListener("change", function (event) {
    var root = box();
    if (!root || !root.contains(event.target) || !event.target.matches("[data-tpl-profile-select]")) return;
    var name = store.snapshot().profiles[event.target.value];
    attempt(function () { switchTo(name); return "已切换到档案“" + name + "”。"; });
  });

  document.addEventListener("click", function (event) {
    var root = box(), target = event.target.closest && event.target.closest("button");
    if (!root || !target || !root.contains(target)) return;
    var nameField = root.querySelector("[data-tpl-profile-name]");
    if (target.matches("[data-tpl-profile-new]")) {
      attempt(function () { var name = createProfile(nameField.value); nameField.value = ""; return "已新建并切换到档案“" + name + "”。"; });
    } else if (target.matches("[data-tpl-profile-rename]")) {
      attempt(function () { var name = renameProfile(nameField.value); nameField.value = ""; return "当前档案已改名为“" + name + "”。"; });
    } else if (target.matches("[data-tpl-profile-delete]")) {
      var active = activeName();
      if (!window.confirm("删除档案“" + active + "”及其中的信息和年度计划？删除后不能恢复，可先导出保存。")) return;
      attempt(function () { var next = removeProfile(); return "已删除档案“" + active + "”，现在使用“" + next + "”。"; });
    }
  });

  window.addEventListener(store.EVENT, function (event) {
    if (event.detail.keys.indexOf("profiles") !== -1) showProfiles();
  });

  window.tplProfiles = { idOf: idOf, activeName: activeName, tell: tell };

  store.onPage(showProfiles);
})();
