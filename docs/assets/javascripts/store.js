// The reader's own data, kept in this browser only (no server, no account):
//   "tpl-values"   {name: text}  我的信息 (one-line variables) that differ from the site's
//   "tpl-inputs"   {name: text}  本社区情况 (the text variables of the community plan)
//   "tpl-choices"  [{id, title, month, lead, partners}]  我的年度计划, one item per month
//   "tpl-profiles" {active, saved: {name: {values, inputs, choices}}}
// The active profile lives in the first three keys (so a page reads one key,
// not the whole set of profiles); switching profiles swaps them with "saved".
//
// Also here: 导出/导入 of one profile as a JSON file, the 档案 controls in the
// 我的信息 panel, and a toast that every feature uses to say what happened.
// Other scripts read through window.tplStore and listen for "tpl-store-change".
(function () {
  "use strict";

  if (window.tplStore) return;  // the script may be evaluated twice

  var KEYS = { values: "tpl-values", inputs: "tpl-inputs", choices: "tpl-choices" };
  var PROFILES_KEY = "tpl-profiles";
  var FORMAT = "tpl-community-plan";  // marks our export files
  var VERSION = 1;
  var FILE_KEYS = ["format", "version", "exported", "profile", "values", "inputs", "choices"];
  var CHOICE_KEYS = ["id", "title", "month", "lead", "partners"];
  var MAX_FILE = 1024 * 1024;
  var MAX_NAME = 20;  // a profile name
  var MAX_CHOICES = 500;
  var LIMITS = { id: 200, title: 60, lead: 60, partners: 200 };
  var DEFAULT_PROFILE = "我的社区";
  var EVENT = "tpl-store-change";

  // --- Variables of this edition (partials/values-panel.html) ---------------

  var variableList = null;
  // {name: {label, type, max}}; from a JSON island the build writes into every page.
  function variables() {
    if (variableList) return variableList;
    var island = document.getElementById("tpl-variable-list");
    variableList = {};
    try {
      var raw = JSON.parse(island ? island.textContent : "{}");
      Object.keys(raw).forEach(function (name) {
        variableList[name] = { label: raw[name][0], type: raw[name][1], max: raw[name][2] };
      });
    } catch (error) { console.error(error); }
    return variableList;
  }

  // --- Reading and writing ---------------------------------------------------

  function read(key, fallback) {
    try {
      var parsed = JSON.parse(localStorage.getItem(key) || "null");
      return parsed === null ? fallback : parsed;
    } catch (error) {
      return fallback;
    }
  }

  function isObject(value) { return Boolean(value) && typeof value === "object" && !Array.isArray(value); }

  // Only strings survive: storage another version or a person edited stays harmless.
  function textMap(value) {
    var result = {};
    if (!isObject(value)) return result;
    Object.keys(value).forEach(function (name) {
      if (typeof value[name] === "string" && value[name]) result[name] = value[name];
    });
    return result;
  }

  function choiceList(value) {
    if (!Array.isArray(value)) return [];
    return value.filter(function (item) {
      return isObject(item) && typeof item.id === "string" && typeof item.title === "string" && isMonth(item.month);
    }).map(function (item) {
      return { id: item.id, title: item.title, month: item.month,
               lead: typeof item.lead === "string" ? item.lead : "",
               partners: typeof item.partners === "string" ? item.partners : "" };
    });
  }

  function isMonth(value) { return typeof value === "number" && value % 1 === 0 && value >= 1 && value <= 12; }

  function values() { return textMap(read(KEYS.values, {})); }
  function inputs() { return textMap(read(KEYS.inputs, {})); }
  function choices() { return choiceList(read(KEYS.choices, [])); }

  function profilesState() {
    var state = read(PROFILES_KEY, {});
    var active = isObject(state) && typeof state.active === "string" && state.active ? state.active : DEFAULT_PROFILE;
    var saved = {};
    if (isObject(state) && isObject(state.saved)) {
      Object.keys(state.saved).forEach(function (name) {
        var p = state.saved[name];
        if (name !== active && isObject(p)) saved[name] = { values: textMap(p.values), inputs: textMap(p.inputs), choices: choiceList(p.choices) };
      });
    }
    return { active: active, saved: saved };
  }

  function isEmpty(value) { return Array.isArray(value) ? !value.length : !Object.keys(value).length; }

  // Write several keys; if the browser refuses one (storage full, private
  // mode), put every key back as it was, so the data is never half-written.
  function commit(changes) {
    var before = {};
    Object.keys(changes).forEach(function (key) { before[key] = localStorage.getItem(key); });
    try {
      Object.keys(changes).forEach(function (key) {
        var value = changes[key];
        if (value === null || isEmpty(value)) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(value));
      });
    } catch (error) {
      Object.keys(before).forEach(function (key) {
        try {
          if (before[key] === null) localStorage.removeItem(key); else localStorage.setItem(key, before[key]);
        } catch (ignored) { /* nothing more can be done */ }
      });
      throw new Error("浏览器拒绝保存（存储空间已满或处于无痕模式），内容没有改变。");
    }
    changed(Object.keys(changes));
  }

  function changed(keys) {
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { keys: keys } }));
  }

  function setValues(map) { var c = {}; c[KEYS.values] = textMap(map); commit(c); }
  function setInputs(map) { var c = {}; c[KEYS.inputs] = textMap(map); commit(c); }
  function setChoices(list) { var c = {}; c[KEYS.choices] = choiceList(list); commit(c); }

  // What the downloads put in: the reader's values and inputs, trimmed, non-empty.
  function personalValues() {
    var result = {}, all = [values(), inputs()];
    all.forEach(function (map) {
      Object.keys(map).forEach(function (name) {
        if (map[name].trim()) result[name] = map[name].trim();
      });
    });
    return result;
  }

  // --- Profiles --------------------------------------------------------------

  function current() { return { values: values(), inputs: inputs(), choices: choices() }; }

  function profileNames() {
    var state = profilesState();
    return { active: state.active, names: [state.active].concat(Object.keys(state.saved)).sort(compareNames) };
  }

  function compareNames(a, b) { return a.localeCompare(b, "zh-CN"); }

  function checkName(name, state, allowExisting) {
    name = String(name || "").trim();
    if (!name) throw new Error("请填写档案名称。");
    if (name.length > MAX_NAME) throw new Error("档案名称不能超过" + MAX_NAME + "个字。");
    if (!allowExisting && (name === state.active || state.saved[name])) throw new Error("已有名为“" + name + "”的档案。");
    return name;
  }

  // Make `name` the active profile holding `data`; the active one is kept under its name.
  function activate(state, name, data) {
    var saved = {};
    Object.keys(state.saved).forEach(function (other) { if (other !== name) saved[other] = state.saved[other]; });
    if (state.active !== name) saved[state.active] = current();
    var changes = {};
    changes[PROFILES_KEY] = { active: name, saved: saved };
    changes[KEYS.values] = data.values;
    changes[KEYS.inputs] = data.inputs;
    changes[KEYS.choices] = data.choices;
    commit(changes);
  }

  function switchTo(name) {
    var state = profilesState();
    if (name === state.active || !state.saved[name]) return;
    activate(state, name, state.saved[name]);
  }

  function createProfile(name) {
    var state = profilesState();
    name = checkName(name, state);
    activate(state, name, { values: {}, inputs: {}, choices: [] });
    return name;
  }

  function renameProfile(name) {
    var state = profilesState();
    name = checkName(name, state);
    var changes = {};
    changes[PROFILES_KEY] = { active: name, saved: state.saved };
    commit(changes);
    return name;
  }

  // The active profile goes; another one (or an empty default) takes its place.
  function removeProfile() {
    var state = profilesState(), others = Object.keys(state.saved).sort(compareNames);
    if (others.length) {
      var next = others[0], saved = {};
      others.slice(1).forEach(function (other) { saved[other] = state.saved[other]; });
      var changes = {};
      changes[PROFILES_KEY] = { active: next, saved: saved };
      changes[KEYS.values] = state.saved[next].values;
      changes[KEYS.inputs] = state.saved[next].inputs;
      changes[KEYS.choices] = state.saved[next].choices;
      commit(changes);
      return next;
    }
    var reset = {};
    reset[PROFILES_KEY] = null; reset[KEYS.values] = null; reset[KEYS.inputs] = null; reset[KEYS.choices] = null;
    commit(reset);
    return DEFAULT_PROFILE;
  }

  // --- Export and import -----------------------------------------------------

  function exportData() {
    var data = current();
    return {
      format: FORMAT, version: VERSION, exported: new Date().toISOString(),
      profile: profilesState().active, values: data.values, inputs: data.inputs, choices: data.choices,
    };
  }

  function exportFileName(profile) {
    var day = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var safe = profile.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_");
    return "我的年度计划-" + safe + "-" + day.getFullYear() + pad(day.getMonth() + 1) + pad(day.getDate()) + ".json";
  }

  function exportFile() {
    var data = exportData();
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob), link = document.createElement("a");
    link.href = url;
    link.download = exportFileName(data.profile);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    return data;
  }

  function refuse(text) { throw new Error(text + "没有导入，现有内容没有改变。"); }

  function quoted(text) { return "“" + String(text).slice(0, 30) + "”"; }

  function checkTextMap(map, kind, where) {
    if (!isObject(map)) refuse("文件中的“" + where + "”格式不对。");
    var known = variables();
    Object.keys(map).forEach(function (name) {
      var variable = known[name];
      if (!variable || (variable.type === "text") !== (kind === "text")) {
        refuse("文件中有本站没有的信息项" + quoted(name) + "（在“" + where + "”中）。");
      }
      var text = map[name];
      if (typeof text !== "string") refuse("文件中“" + variable.label + "”的内容不是文字。");
      if (text.length > variable.max) refuse("文件中“" + variable.label + "”超过" + variable.max + "个字。");
      if (kind === "line" && /[\r\n]/.test(text)) refuse("文件中“" + variable.label + "”应为一行文字。");
    });
  }

  function checkChoices(list) {
    if (!Array.isArray(list)) refuse("文件中的“年度计划活动”格式不对。");
    if (list.length > MAX_CHOICES) refuse("文件中的活动超过" + MAX_CHOICES + "项。");
    list.forEach(function (item, index) {
      var where = "第" + (index + 1) + "项活动";
      if (!isObject(item)) refuse("文件中" + where + "格式不对。");
      Object.keys(item).forEach(function (key) {
        if (CHOICE_KEYS.indexOf(key) === -1) refuse("文件中" + where + "有本站不认识的内容" + quoted(key) + "。");
      });
      ["id", "title", "lead", "partners"].forEach(function (key) {
        if (typeof item[key] !== "string") refuse("文件中" + where + "缺少或写错了" + quoted(key) + "。");
        if (item[key].length > LIMITS[key]) refuse("文件中" + where + "的" + quoted(key) + "超过" + LIMITS[key] + "个字。");
      });
      if (!item.id || !item.title) refuse("文件中" + where + "缺少活动名称。");
      if (!isMonth(item.month)) refuse("文件中" + where + "的月份不是1到12。");
    });
  }

  // The file's data, checked in full before anything is written.
  function parseExport(text) {
    var data;
    try { data = JSON.parse(text); } catch (error) { refuse("这不是本站导出的文件（无法读取其中的内容）。"); }
    if (!isObject(data) || data.format !== FORMAT) refuse("这不是本站“我的年度计划”导出的文件。");
    if (typeof data.version !== "number" || data.version % 1 !== 0 || data.version < 1) refuse("文件的格式版本不对。");
    if (data.version > VERSION) {
      refuse("这个文件由更新版本的网站导出（格式版本 " + data.version + "），本页只能读取版本 " + VERSION +
             "。请刷新页面，或在导出它的网站上导入。");
    }
    Object.keys(data).forEach(function (key) {
      if (FILE_KEYS.indexOf(key) === -1) refuse("文件中有本站不认识的内容" + quoted(key) + "。");
    });
    if (typeof data.profile !== "string") refuse("文件中缺少档案名称。");
    var name = data.profile.trim();
    if (!name) refuse("文件中缺少档案名称。");
    if (name.length > MAX_NAME) refuse("文件中的档案名称超过" + MAX_NAME + "个字。");
    if (data.exported !== undefined && typeof data.exported !== "string") refuse("文件中的导出时间格式不对。");
    checkTextMap(data.values === undefined ? {} : data.values, "line", "我的信息");
    checkTextMap(data.inputs === undefined ? {} : data.inputs, "text", "本社区情况");
    checkChoices(data.choices === undefined ? [] : data.choices);
    return { profile: name, values: textMap(data.values), inputs: textMap(data.inputs), choices: choiceList(data.choices) };
  }

  // Into the profile of the file's name (replacing one of that name), which becomes active.
  function importText(text) {
    var data = parseExport(text);
    var state = profilesState(), replaced = data.profile === state.active || Boolean(state.saved[data.profile]);
    activate(state, data.profile, data);
    return { profile: data.profile, replaced: replaced, choices: data.choices.length,
             values: Object.keys(data.values).length + Object.keys(data.inputs).length };
  }

  function importFile(file) {
    return new Promise(function (resolve) {
      if (file.size > MAX_FILE) refuse("文件超过 1 MB，不是本站导出的文件。");
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { resolve(null); };
      reader.readAsText(file, "utf-8");
    }).then(function (text) {
      if (text === null) refuse("无法读取这个文件。");
      return importText(text.replace(/^\ufeff/, ""));
    });
  }

  // --- Toast -----------------------------------------------------------------

  var toastTimer = null;
  // A short message at the bottom of the screen, read out by screen readers.
  function say(text, isError) {
    var toast = document.getElementById("tpl-toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.id = "tpl-toast";
      toast.className = "tpl-toast";
      toast.setAttribute("role", "status");
      toast.setAttribute("aria-live", "polite");
      document.body.appendChild(toast);
    }
    toast.textContent = text;
    toast.classList.toggle("tpl-toast--error", Boolean(isError));
    toast.classList.add("tpl-toast--shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.classList.remove("tpl-toast--shown"); }, isError ? 8000 : 4000);
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
    var select = root.querySelector("[data-tpl-profile-select]"), state = profileNames();
    select.textContent = "";
    state.names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.textContent = name;  // as text: a name from a file may hold markup
      option.selected = name === state.active;
      select.appendChild(option);
    });
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
    if (!root || !root.contains(event.target)) return;
    if (event.target.matches("[data-tpl-profile-select]")) {
      attempt(function () { switchTo(event.target.value); return "已切换到档案“" + event.target.value + "”。"; });
    } else if (event.target.matches("[data-tpl-import-file]")) {
      var file = event.target.files[0];
      event.target.value = "";  // the same file may be chosen again
      if (!file) return;
      importFile(file).then(function (result) {
        var text = "已导入档案“" + result.profile + "”：" + result.values + "项信息、" + result.choices + "项活动安排" +
          (result.replaced ? "（替换了本机原有的同名档案）。" : "。");
        tell(text);
        say(text);
      }, function (error) {
        tell(error.message, true);
        say(error.message, true);
      });
    }
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
      var active = profileNames().active;
      if (!window.confirm("删除档案“" + active + "”及其中的信息和年度计划？删除后不能恢复，可先导出保存。")) return;
      attempt(function () { var next = removeProfile(); return "已删除档案“" + active + "”，现在使用“" + next + "”。"; });
    } else if (target.matches("[data-tpl-export]")) {
      attempt(function () { var data = exportFile(); return "已导出档案“" + data.profile + "”，请保存下载的文件。"; });
    } else if (target.matches("[data-tpl-import]")) {
      root.querySelector("[data-tpl-import-file]").click();
    }
  });

  // Another tab changed our data: tell this page's scripts.
  window.addEventListener("storage", function (event) {
    var ours = [KEYS.values, KEYS.inputs, KEYS.choices, PROFILES_KEY];
    if (event.key === null || ours.indexOf(event.key) !== -1) changed(event.key === null ? ours : [event.key]);
  });
  window.addEventListener(EVENT, showProfiles);

  // Run `fn` on this page and after every instant navigation. Material's
  // document$ does that over http(s), but over file:// (the offline edition,
  // or a saved copy) it never emits (measured with Material 9.x): then `fn`
  // runs once when the page is ready. `fn` must bear running twice.
  function onPage(fn) {
    var seen = false;
    if (window.document$) window.document$.subscribe(function () { seen = true; fn(); });
    function fallback() { if (!seen) fn(); }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fallback);
    else setTimeout(fallback, 0);
  }

  window.tplStore = {
    values: values, inputs: inputs, choices: choices, personalValues: personalValues, variables: variables,
    setValues: setValues, setInputs: setInputs, setChoices: setChoices,
    profiles: profileNames, switchTo: switchTo, createProfile: createProfile, renameProfile: renameProfile,
    removeProfile: removeProfile, exportData: exportData, importText: importText, importFile: importFile,
    say: say, onPage: onPage, EVENT: EVENT, KEYS: KEYS, FORMAT: FORMAT, VERSION: VERSION,
  };

  onPage(showProfiles);
})();
