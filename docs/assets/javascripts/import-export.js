// 导出/导入 of one profile as a JSON file. A file is checked in full before
// anything is written, against the same limits as the forms (state.js LIMITS,
// and the lengths of the build's variables). An import never replaces a
// profile that holds data without asking (替换 / 保留两份 / 取消), and the
// state before it can be restored once (撤销导入).
(function () {
  "use strict";

  var store = window.tplStore, profiles = window.tplProfiles;
  if (!store || !profiles || window.tplImportExport) return;

  var FORMAT = "tpl-community-plan";  // marks our export files
  var VERSION = 1;
  var FILE_KEYS = ["format", "version", "exported", "profile", "values", "inputs", "choices"];
  var CHOICE_KEYS = ["id", "title", "month", "lead", "partners"];
  var LIMITS = store.LIMITS;

  function exportData() {
    return {
      format: FORMAT, version: VERSION, exported: new Date().toISOString(), profile: profiles.activeName(),
      values: store.values(), inputs: store.inputs(),
      choices: store.choices().map(function (item) {
        return { id: item.id, title: item.title, month: item.month, lead: item.lead, partners: item.partners };
      }),
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

  function quoted(text) { return "“" + Array.from(String(text)).slice(0, 30).join("") + "”"; }  // whole characters, emoji too

  function own(map, key) { return store.has(map, key); }

  function checkTextMap(map, kind, where) {
    if (!store.isObject(map)) refuse("文件中的“" + where + "”格式不对。");
    var known = store.variables();
    Object.keys(map).forEach(function (name) {
      var variable = own(known, name) ? known[name] : null;
      if (!variable || (variable.type === "text") !== (kind === "text")) {
        refuse("文件中有本站没有的信息项" + quoted(name) + "（在“" + where + "”中）。");
      }
      var text = map[name];
      if (typeof text !== "string") refuse("文件中“" + variable.label + "”的内容不是文字。");
      if (text.length > variable.max) refuse("文件中“" + variable.label + "”超过" + variable.max + "个字。");
      if (kind === "line" && /[\r\n]/.test(text)) refuse("文件中“" + variable.label + "”应为一行文字。");
      if (variable.format === "year" && text && !/^[0-9]{4}$/.test(text)) refuse("文件中“" + variable.label + "”不是四位数字的年份。");
    });
  }

  function checkChoices(list) {
    if (!Array.isArray(list)) refuse("文件中的“年度计划活动”格式不对。");
    if (list.length > LIMITS.choices) refuse("文件中的活动超过" + LIMITS.choices + "项。");
    list.forEach(function (item, index) {
      var where = "第" + (index + 1) + "项活动";
      if (!store.isObject(item)) refuse("文件中" + where + "格式不对。");
      Object.keys(item).forEach(function (key) {
        if (CHOICE_KEYS.indexOf(key) === -1) refuse("文件中" + where + "有本站不认识的内容" + quoted(key) + "。");
      });
      ["id", "title", "lead", "partners"].forEach(function (key) {
        if (typeof item[key] !== "string") refuse("文件中" + where + "缺少或写错了" + quoted(key) + "。");
        if (item[key].length > LIMITS[key]) refuse("文件中" + where + "的" + quoted(key) + "超过" + LIMITS[key] + "个字。");
      });
      if (!item.id || !item.title) refuse("文件中" + where + "缺少活动名称。");
      if (!store.isMonth(item.month)) refuse("文件中" + where + "的月份不是1到12。");
    });
  }

  function texts(map) {
    var result = store.dict();
    Object.keys(map || {}).forEach(function (name) { if (map[name]) result[name] = map[name]; });
    return result;
  }

  // The file's data, checked in full before anything is written.
  function parseExport(text) {
    var data;
    try { data = JSON.parse(text); } catch (error) { refuse("这不是本站导出的文件（无法读取其中的内容）。"); }
    if (!store.isObject(data) || data.format !== FORMAT) refuse("这不是本站“我的年度计划”导出的文件。");
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
    if (name.length > LIMITS.profileName) refuse("文件中的档案名称超过" + LIMITS.profileName + "个字。");
    if (data.exported !== undefined && typeof data.exported !== "string") refuse("文件中的导出时间格式不对。");
    checkTextMap(data.values === undefined ? {} : data.values, "line", "我的信息");
    checkTextMap(data.inputs === undefined ? {} : data.inputs, "text", "本社区情况");
    checkChoices(data.choices === undefined ? [] : data.choices);
    return { profile: name, values: texts(data.values), inputs: texts(data.inputs), choices: data.choices || [] };
  }

  // A name for the second copy: “光明社区（2）”, within the length limit.
  function secondName(name) {
    for (var n = 2; ; n += 1) {
      var suffix = "（" + n + "）", candidate = name.slice(0, LIMITS.profileName - suffix.length) + suffix;
      if (profiles.idOf(candidate) === null) return candidate;
    }
  }

  var undo = null;  // how to put back the state before the last import, once

  // Write the file's profile as a new profile (`how`: "new", "replace", "both"), which becomes active.
  function write(data, how) {
    var existing = profiles.idOf(data.profile), id = store.newKey(), changes = store.dict(), n = Date.now();
    var state = store.snapshot(), name = how === "both" ? secondName(data.profile) : data.profile;
    var replaced = how === "replace" || (how === "new" && existing !== null) ? existing : null;
    var before = store.rawKeys([store.ACTIVE].concat(replaced !== null ? store.keysOf(replaced) : []));
    if (!state.stored && replaced !== state.active) changes[store.keyOf("profile", state.active)] = { name: state.profiles[state.active] };
    if (replaced !== null) store.keysOf(replaced).forEach(function (key) { changes[key] = null; });
    changes[store.keyOf("profile", id)] = { name: name };
    Object.keys(data.values).forEach(function (key) { changes[store.keyOf("values", id, key)] = data.values[key]; });
    Object.keys(data.inputs).forEach(function (key) { changes[store.keyOf("inputs", id, key)] = data.inputs[key]; });
    data.choices.forEach(function (item, index) { changes[store.keyOf("choices", id, store.newKey())] = store.choiceValue(item, n + index / 1000); });
    changes[store.ACTIVE] = id;
    store.commit(changes);
    undo = { id: id, before: before, name: name };
    showUndo();
    return { profile: name, replaced: replaced !== null, choices: data.choices.length,
             values: Object.keys(data.values).length + Object.keys(data.inputs).length };
  }

  function undoImport() {
    if (!undo) return;
    var changes = store.dict(), last = undo;
    store.keysOf(last.id).forEach(function (key) { changes[key] = null; });
    store.restoreRaw(last.before, changes);
    store.commit(changes);
    undo = null;
    showUndo();
    var text = "已撤销导入：档案“" + last.name + "”已移除，导入前的内容已恢复。";
    profiles.tell(text);
    store.say(text);
  }

  function showUndo() {
    var button = document.querySelector("[data-tpl-import-undo]");
    if (!button) return;
    button.hidden = !undo;
    button.style.display = undo ? "" : "none";  // .md-button's display would show it despite [hidden]
  }

  // The question when the file's profile name is taken by a profile with data.
  function ask(name) {
    return new Promise(function (resolve) {
      var root = document.querySelector("[data-tpl-profiles]"), old = root.querySelector(".tpl-ask");
      if (old) old.remove();
      var box = document.createElement("div");
      box.className = "tpl-ask";
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "导入的档案与现有档案同名");
      var text = document.createElement("p");
      text.textContent = "本机已有名为“" + name + "”的档案。导入的内容替换它，还是两份都保留？";
      box.appendChild(text);
      [["替换", "replace"], ["保留两份", "both"], ["取消", "cancel"]].forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button" + (choice[1] === "both" ? " md-button--primary" : "");
        button.textContent = choice[0];
        button.addEventListener("click", function () { box.remove(); resolve(choice[1]); });
        box.appendChild(button);
      });
      root.querySelector(".tpl-profiles__message").before(box);
      box.querySelector(".md-button--primary").focus();
    });
  }

  // Into a profile of the file's name; asks first if that name holds data.
  function importText(text) {
    var data = parseExport(text), existing = profiles.idOf(data.profile);
    if (existing === null || store.isEmptyProfile(existing)) return Promise.resolve(write(data, "new"));
    return ask(data.profile).then(function (how) {
      if (how === "cancel") return null;
      return write(data, how);
    });
  }

  function importFile(file) {
    return new Promise(function (resolve) {
      if (file.size > LIMITS.file) refuse("文件超过 " + LIMITS.file / 1024 / 1024 + " MB，不是本站导出的文件。");
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { resolve(null); };
      reader.readAsText(file, "utf-8");
    }).then(function (text) {
      if (text === null) refuse("无法读取这个文件。");
      return importText(text.replace(/^\ufeff/, ""));
    });
  }

  document.addEventListener("change", function (event) {
    var root = document.querySelector("[data-tpl-profiles]");
    if (!root || !root.contains(event.target) || !event.target.matches("[data-tpl-import-file]")) return;
    var file = event.target.files[0];
    event.target.value = "";  // the same file may be chosen again
    if (!file) return;
    importFile(file).then(function (result) {
      if (!result) { profiles.tell("没有导入，现有内容没有改变。"); return; }
      var text = "已导入档案“" + result.profile + "”：" + result.values + "项信息、" + result.choices + "项活动安排" +
        (result.replaced ? "（替换了本机原有的同名档案）。" : "。");
      profiles.tell(text);
      store.say(text, false, { label: "撤销导入", run: undoImport });
    }, function (error) {
      profiles.tell(error.message, true);
      store.say(error.message, true);
    });
  });

  document.addEventListener("click", function (event) {
    var root = document.querySelector("[data-tpl-profiles]"), target = event.target.closest && event.target.closest("button");
    if (!root || !target || !root.contains(target)) return;
    if (target.matches("[data-tpl-export]")) {
      try {
        var data = exportFile();
        profiles.tell("已导出档案“" + data.profile + "”，请保存下载的文件。");
      } catch (error) { profiles.tell(error.message, true); }
    } else if (target.matches("[data-tpl-import]")) {
      root.querySelector("[data-tpl-import-file]").click();
    } else if (target.matches("[data-tpl-import-undo]")) {
      undoImport();
    }
  });

  window.tplImportExport = true;

  store.onPage(showUndo);
})();
