// The reader's own data, kept in this browser only (no server, no account).
//
// localStorage is shared by every tab of the site and has no transactions: a
// tab that reads a whole list, changes it and writes it back loses what
// another tab wrote in between. So every item has its own key, and every
// change names the profile and the item it changes (never a list position):
//   tpl-active              the id of the active profile (档案)
//   tpl-p:<profile>         {name}            one per profile
//   tpl-v:<profile>:<name>  "text"            我的信息 values that differ from the site's
//   tpl-i:<profile>:<name>  "text"            本社区情况 (text variables)
//   tpl-c:<profile>:<key>   {id, title, month, lead, partners, n}  a chosen activity in one month
//   tpl-e:<profile>         true              the reader emptied the list on purpose (清空):
//                                             a first choice then adds only itself (plan-start.js)
// Two tabs adding, removing or editing different items never touch the same key.
// Every map handed out is prototype-free: names and ids such as "__proto__"
// or "constructor" are plain keys.
//
// Data of an older version ("tpl-values", "tpl-inputs", "tpl-choices",
// "tpl-profiles": a page loaded before an update, still open in another tab)
// are moved into this layout whenever they are found.
//
// Other scripts read through window.tplStore and listen for "tpl-store-change"
// (detail: {keys: parts changed, remote: true when another tab changed them}).
(function () {
  "use strict";

  if (window.tplStore) return;  // the script may be evaluated twice

  var EVENT = "tpl-store-change";
  var ACTIVE = "tpl-active";
  var PREFIX = { profile: "tpl-p:", values: "tpl-v:", inputs: "tpl-i:", choices: "tpl-c:", emptied: "tpl-e:" };
  var DEFAULT_ID = "main";
  var DEFAULT_NAME = "我的社区";
  // One set of limits for the forms, the export and the import. The lengths of
  // 我的信息 and 本社区情况 come from the build (variables(), MAX_LENGTHS in
  // macros/variables.py); a reader can choose every activity in every month
  // (about 1,400 items today), so the file and the list leave room above that.
  var LIMITS = { choices: 3000, profileName: 20, file: 8 * 1024 * 1024, id: 200, title: 60, lead: 60, partners: 200 };

  function dict() { return Object.create(null); }
  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }
  function isObject(value) { return Boolean(value) && typeof value === "object" && !Array.isArray(value); }
  function isMonth(value) { return typeof value === "number" && value % 1 === 0 && value >= 1 && value <= 12; }

  // --- Variables of this edition (partials/values-panel.html) ---------------

  var variableList = null;
  // {name: {label, type, max, derive, format, value}}; from a JSON island the build writes into every page.
  function variables() {
    if (variableList) return variableList;
    var island = document.getElementById("tpl-variable-list");
    variableList = dict();
    try {
      var raw = JSON.parse(island ? island.textContent : "{}");
      Object.keys(raw).forEach(function (name) {
        var entry = raw[name];
        variableList[name] = { label: entry[0], type: entry[1], max: entry[2], derive: entry[3] || null, format: entry[4] || null,
                               value: entry[5] || "" };
      });
    } catch (error) { console.error(error); }
    return variableList;
  }

  // --- Reading ---------------------------------------------------------------

  function parse(raw) {
    try { return JSON.parse(raw); } catch (error) { return null; }
  }

  // A choice as stored; anything else (another version, a person's edit) is dropped.
  function cleanChoice(value) {
    if (!isObject(value) || typeof value.id !== "string" || typeof value.title !== "string" || !isMonth(value.month)) return null;
    return { id: value.id, title: value.title, month: value.month,
             lead: typeof value.lead === "string" ? value.lead : "",
             partners: typeof value.partners === "string" ? value.partners : "",
             n: typeof value.n === "number" ? value.n : 0 };
  }

  var cache = null;

  // Everything stored, read in one pass: {active, profiles: {id: name}, data: {id: {values, inputs, choices, emptied}}}.
  function snapshot() {
    if (!migrating && hasLegacy()) migrate();  // written by a tab still running an older version
    if (cache) return cache;
    var profiles = dict(), data = dict();
    function of(id) {
      if (!has(data, id)) data[id] = { values: dict(), inputs: dict(), choices: dict(), emptied: false };
      return data[id];
    }
    for (var i = 0; i < localStorage.length; i += 1) {
      var key = localStorage.key(i), raw = localStorage.getItem(key), rest, cut, id, name;
      if (key === null || raw === null || key.indexOf("tpl-") !== 0) continue;
      if (key.indexOf(PREFIX.profile) === 0) {
        var profile = parse(raw);
        if (isObject(profile) && typeof profile.name === "string" && profile.name) profiles[key.slice(PREFIX.profile.length)] = profile.name;
        continue;
      }
      if (key.indexOf(PREFIX.emptied) === 0) {
        if (parse(raw) === true) of(key.slice(PREFIX.emptied.length)).emptied = true;
        continue;
      }
      var part = key.indexOf(PREFIX.values) === 0 ? "values" : key.indexOf(PREFIX.inputs) === 0 ? "inputs" :
        key.indexOf(PREFIX.choices) === 0 ? "choices" : null;
      if (!part) continue;
      rest = key.slice(PREFIX[part].length);
      cut = rest.indexOf(":");
      if (cut < 1) continue;
      id = rest.slice(0, cut);
      name = rest.slice(cut + 1);
      if (part === "choices") {
        var choice = cleanChoice(parse(raw));
        if (choice) of(id).choices[name] = choice;
      } else {
        var text = parse(raw);
        if (typeof text === "string" && text) of(id)[part][name] = text;
      }
    }
    var ids = Object.keys(profiles);
    if (!ids.length) profiles[DEFAULT_ID] = DEFAULT_NAME;  // nothing saved yet: the default, empty
    var active = parse(localStorage.getItem(ACTIVE));
    if (typeof active !== "string" || !has(profiles, active)) {
      // Never written, or removed in another tab: the default, else the first by name
      // (not simply the first by name: a profile another tab adds must not take over).
      active = has(profiles, DEFAULT_ID) ? DEFAULT_ID : Object.keys(profiles).sort(function (a, b) { return compareNames(profiles[a], profiles[b]); })[0];
    }
    cache = { active: active, profiles: profiles, data: data, stored: ids.length > 0 };
    return cache;
  }

  function compareNames(a, b) { return a.localeCompare(b, "zh-CN"); }

  function profileData(id) {
    var state = snapshot();
    return has(state.data, id) ? state.data[id] : { values: dict(), inputs: dict(), choices: dict(), emptied: false };
  }

  function copy(map) {
    var result = dict();
    Object.keys(map).forEach(function (name) { result[name] = map[name]; });
    return result;
  }

  function activeId() { return snapshot().active; }
  function values(id) { return copy(profileData(id || activeId()).values); }
  function inputs(id) { return copy(profileData(id || activeId()).inputs); }

  // The chosen activities of a profile in the order they were added; `key` names each item.
  function choices(id) {
    var map = profileData(id || activeId()).choices;
    return Object.keys(map).map(function (key) {
      var item = map[key];
      return { key: key, id: item.id, title: item.title, month: item.month, lead: item.lead, partners: item.partners, n: item.n };
    }).sort(function (a, b) { return a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0); });
  }

  // True once the reader pressed 清空 (until it is undone): an empty list is then the reader's own choice.
  function emptied(id) { return profileData(id || activeId()).emptied; }

  function isEmptyProfile(id) {
    var data = profileData(id);
    return !Object.keys(data.values).length && !Object.keys(data.inputs).length && !Object.keys(data.choices).length;
  }

  // The value a derive rule of data/variables.yml gives for `values`
  // (macros/variables.py derive() does the same at build time).
  function derive(how, values) {
    if (typeof how === "string") {
      return how.replace(/\{([a-z_]+)\}/g, function (match, name) { return has(values, name) ? values[name] : ""; });
    }
    var year = /^[0-9]{4}$/.test(values.year || "") ? Number(values.year) : 0, chosen = null, first = null;
    Object.keys(how.by_year).sort().forEach(function (from) {
      if (first === null) first = how.by_year[from];
      if (Number(from) <= year) chosen = how.by_year[from];
    });
    return chosen === null ? first : chosen;
  }

  // Every one-line value as the pages show it: the build's, the reader's own,
  // derived ones from their sources unless the reader wrote one.
  function lineValues(own) {
    var known = variables(), result = dict();
    Object.keys(known).forEach(function (name) {
      if (known[name].type === "line") result[name] = own[name] ? own[name].trim() : known[name].value;
    });
    Object.keys(known).forEach(function (name) {
      if (known[name].derive && !own[name]) result[name] = derive(known[name].derive, result);
    });
    return result;
  }

  // What the downloads put in: every value that differs from the build's
  // (the reader's own and the derived ones that follow them) and the inputs, trimmed, non-empty.
  function personalValues() {
    var result = dict(), known = variables(), lines = lineValues(values()), own = inputs();
    Object.keys(lines).forEach(function (name) {
      if (lines[name] && lines[name] !== known[name].value) result[name] = lines[name];
    });
    Object.keys(own).forEach(function (name) { if (own[name].trim()) result[name] = own[name].trim(); });
    return result;
  }

  // --- Writing ---------------------------------------------------------------

  function newKey() {
    newKey.count = (newKey.count || 0) + 1;
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 7) + newKey.count.toString(36);
  }

  function keyOf(part, id, name) {
    return part === "profile" || part === "emptied" ? PREFIX[part] + id : PREFIX[part] + id + ":" + name;
  }

  // Every key of one profile, data and name.
  function keysOf(id) {
    var result = [], prefixes = [PREFIX.values + id + ":", PREFIX.inputs + id + ":", PREFIX.choices + id + ":"];
    for (var i = 0; i < localStorage.length; i += 1) {
      var key = localStorage.key(i);
      if (key !== null && prefixes.some(function (prefix) { return key.indexOf(prefix) === 0; })) result.push(key);
    }
    [PREFIX.emptied + id, PREFIX.profile + id].forEach(function (key) {
      if (localStorage.getItem(key) !== null) result.push(key);
    });
    return result;
  }

  function partOf(key) {
    if (key === null || key === ACTIVE || isLegacy(key)) return ["profiles", "values", "inputs", "choices"];
    if (key.indexOf(PREFIX.profile) === 0) return ["profiles"];
    if (key.indexOf(PREFIX.values) === 0) return ["values"];
    if (key.indexOf(PREFIX.inputs) === 0) return ["inputs"];
    if (key.indexOf(PREFIX.choices) === 0 || key.indexOf(PREFIX.emptied) === 0) return ["choices"];
    return [];
  }

  // Write several keys ({key: value, or null to remove}); if the browser
  // refuses one (storage full, private mode), every key is put back as it
  // was, so the data are never half-written.
  function commit(changes) {
    var keys = Object.keys(changes), before = dict();
    keys.forEach(function (key) { before[key] = localStorage.getItem(key); });
    try {
      keys.forEach(function (key) {
        if (changes[key] === null) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(changes[key]));
      });
    } catch (error) {
      keys.forEach(function (key) {
        try {
          if (before[key] === null) localStorage.removeItem(key); else localStorage.setItem(key, before[key]);
        } catch (ignored) { /* nothing more can be done */ }
      });
      cache = null;
      throw new Error("浏览器拒绝保存（存储空间已满或处于无痕模式），内容没有改变。");
    }
    cache = null;
    var parts = [];
    keys.forEach(function (key) {
      partOf(key).forEach(function (part) { if (parts.indexOf(part) === -1) parts.push(part); });
    });
    changed(parts, false);
  }

  // Raw strings of keys, to put back as they were (撤销).
  function rawKeys(keys) {
    var result = dict();
    keys.forEach(function (key) { result[key] = localStorage.getItem(key); });
    return result;
  }

  function restoreRaw(raw, changes) {
    Object.keys(raw).forEach(function (key) { changes[key] = raw[key] === null ? null : parse(raw[key]); });
    return changes;
  }

  function changed(parts, remote) {
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { keys: parts, remote: remote } }));
  }

  // The profile a change goes to must exist; the default one is written on its first change.
  function target(id, changes) {
    var state = snapshot();
    id = id || state.active;
    if (!has(state.profiles, id)) throw new Error("这个档案已在另一个窗口中删除，内容没有保存。");
    if (!state.stored) {
      changes[keyOf("profile", id)] = { name: state.profiles[id] };
      changes[ACTIVE] = id;
    }
    return id;
  }

  function textOrNull(text) { return typeof text === "string" && text ? text : null; }

  // 我的信息 of a profile: the names in `map` written, every other name removed.
  function setValues(map, id) {
    var changes = dict();
    id = target(id, changes);
    var old = profileData(id).values;
    Object.keys(old).forEach(function (name) { if (!has(map, name)) changes[keyOf("values", id, name)] = null; });
    Object.keys(map).forEach(function (name) {
      if (old[name] !== map[name]) changes[keyOf("values", id, name)] = textOrNull(map[name]);
    });
    if (Object.keys(changes).length) commit(changes);
  }

  // One 本社区情况 text, of the profile it was typed for.
  function setInput(name, text, id) {
    var changes = dict();
    id = target(id, changes);
    if ((profileData(id).inputs[name] || "") === text) return;
    changes[keyOf("inputs", id, name)] = textOrNull(text);
    commit(changes);
  }

  function choiceValue(item, n) {
    return { id: item.id, title: item.title, month: item.month, lead: item.lead || "", partners: item.partners || "", n: n };
  }

  // New items; returns their keys.
  function addChoices(items, id) {
    var changes = dict(), keys = [];
    id = target(id, changes);
    if (choices(id).length + items.length > LIMITS.choices) {
      throw new Error("年度计划最多" + LIMITS.choices + "项活动安排，没有添加。");
    }
    var n = Date.now();
    items.forEach(function (item, index) {
      var key = newKey();
      keys.push(key);
      changes[keyOf("choices", id, key)] = choiceValue(item, n + index / 1000);
    });
    commit(changes);
    return keys;
  }

  // Read, change and write one item in one step; false if it is gone (removed in another tab).
  function updateChoice(key, patch, id) {
    var changes = dict();
    id = target(id, changes);
    var storageKey = keyOf("choices", id, key), item = cleanChoice(parse(localStorage.getItem(storageKey)));
    if (!item) return false;
    var same = true;
    Object.keys(patch).forEach(function (field) { if (item[field] !== patch[field]) { item[field] = patch[field]; same = false; } });
    if (same) return true;
    changes[storageKey] = item;
    commit(changes);
    return true;
  }

  function removeChoices(keys, id) {
    var changes = dict();
    id = target(id, changes);
    keys.forEach(function (key) { changes[keyOf("choices", id, key)] = null; });
    commit(changes);
  }

  // 清空: every item removed and the list marked as emptied on purpose, in one
  // commit; returns what the keys held before, for putBack (撤销).
  function clearChoices(id) {
    var changes = dict();
    id = target(id, changes);
    Object.keys(profileData(id).choices).forEach(function (key) { changes[keyOf("choices", id, key)] = null; });
    changes[keyOf("emptied", id)] = true;
    var before = rawKeys(Object.keys(changes));
    commit(changes);
    return before;
  }

  // Keys as they were (rawKeys), in one commit.
  function putBack(raw) { commit(restoreRaw(raw, dict())); }

  // --- Data of an older version ----------------------------------------------

  var LEGACY = { values: "tpl-values", inputs: "tpl-inputs", choices: "tpl-choices", profiles: "tpl-profiles" };

  function legacyTexts(value) {
    var result = dict();
    if (isObject(value)) Object.keys(value).forEach(function (name) { if (typeof value[name] === "string" && value[name]) result[name] = value[name]; });
    return result;
  }

  var migrating = false;

  function isLegacy(key) {
    return Object.keys(LEGACY).some(function (part) { return LEGACY[part] === key; });
  }

  function hasLegacy() {
    return Object.keys(LEGACY).some(function (part) { return localStorage.getItem(LEGACY[part]) !== null; });
  }

  function migrate() {
    migrating = true;
    cache = null;
    try { moveLegacy(); } finally { migrating = false; }
  }

  function moveLegacy() {
    var raw = dict(), any = false;
    Object.keys(LEGACY).forEach(function (part) {
      raw[part] = localStorage.getItem(LEGACY[part]);
      if (raw[part] !== null) any = true;
    });
    if (!any) return;
    var changes = dict(), state = snapshot(), id = state.active, n = Date.now();
    if (!state.stored) changes[keyOf("profile", id)] = { name: state.profiles[id] };
    function put(profile, data) {
      Object.keys(data.values).forEach(function (name) { changes[keyOf("values", profile, name)] = data.values[name]; });
      Object.keys(data.inputs).forEach(function (name) { changes[keyOf("inputs", profile, name)] = data.inputs[name]; });
      data.choices.forEach(function (item, index) { changes[keyOf("choices", profile, newKey())] = choiceValue(item, n + index / 1000); });
    }
    function legacyChoices(value) {
      return Array.isArray(value) ? value.map(cleanChoice).filter(Boolean) : [];
    }
    // The old active profile's data replace the active profile's values and inputs.
    Object.keys(profileData(id).values).forEach(function (name) { if (raw.values !== null) changes[keyOf("values", id, name)] = null; });
    put(id, { values: legacyTexts(parse(raw.values)), inputs: legacyTexts(parse(raw.inputs)), choices: legacyChoices(parse(raw.choices)) });
    var old = parse(raw.profiles);
    if (isObject(old) && isObject(old.saved)) {
      Object.keys(old.saved).forEach(function (name) {
        var saved = old.saved[name];
        if (!isObject(saved) || !name) return;
        var other = newKey();
        changes[keyOf("profile", other)] = { name: name.slice(0, LIMITS.profileName) };
        put(other, { values: legacyTexts(saved.values), inputs: legacyTexts(saved.inputs), choices: legacyChoices(saved.choices) });
      });
    }
    if (isObject(old) && typeof old.active === "string" && old.active) changes[keyOf("profile", id)] = { name: old.active.slice(0, LIMITS.profileName) };
    Object.keys(LEGACY).forEach(function (part) { changes[LEGACY[part]] = null; });
    try { commit(changes); } catch (error) { console.error(error); }
  }

  // --- Other tabs ------------------------------------------------------------

  // A change in another tab: forget what was read and tell this page's
  // scripts once for a burst of keys (an import writes hundreds).
  var pending = null;
  window.addEventListener("storage", function (event) {
    if (event.storageArea && event.storageArea !== localStorage) return;
    var parts = partOf(event.key);
    if (event.key !== null && (event.key.indexOf("tpl-") !== 0 || !parts.length)) return;
    cache = null;
    if (!pending) {
      pending = [];
      setTimeout(function () { var done = pending; pending = null; changed(done, true); }, 0);
    }
    parts.forEach(function (part) { if (pending.indexOf(part) === -1) pending.push(part); });
  });

  migrate();

  window.tplStore = {
    EVENT: EVENT, LIMITS: LIMITS, DEFAULT_NAME: DEFAULT_NAME,
    variables: variables, derive: derive, lineValues: lineValues,
    activeId: activeId, values: values, inputs: inputs, choices: choices, personalValues: personalValues,
    isEmptyProfile: isEmptyProfile, setValues: setValues, setInput: setInput,
    addChoices: addChoices, updateChoice: updateChoice, removeChoices: removeChoices,
    emptied: emptied, clearChoices: clearChoices, putBack: putBack,
    // For profiles.js and import-export.js: whole profiles are written in one commit.
    snapshot: snapshot, commit: commit, keyOf: keyOf, keysOf: keysOf, newKey: newKey, rawKeys: rawKeys, restoreRaw: restoreRaw,
    choiceValue: choiceValue, compareNames: compareNames, dict: dict, has: has, isObject: isObject, isMonth: isMonth,
    ACTIVE: ACTIVE,
    // The scripts of every page call these two through the store, as before the split.
    say: function (text, isError, action) { window.tplToast.say(text, isError, action); },
    onPage: function (fn) { window.tplPage.onPage(fn); },
  };
})();
