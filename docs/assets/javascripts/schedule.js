// The 月度活动安排表 and 责任分工表 of plans and the 第四卷 主题活动 of the 台账目录
// (macros/plan/schedule.py) from the reader's choices (我的年度计划, store.js),
// in month order.
//
// The build writes default rows (the activities most communities hold every
// year), so a plan never shows an empty table. With choices, their rows
// replace the defaults: on the page (so 复制 — rows as tab-separated lines —
// and 打印 see them), in the Word file (a copy of the first body row of the
// bookmarked table per row: the layout stays the build's) and in the plain
// text (the table's one ["tbl:<name>", text] segment). Without choices the
// page shows the build's rows again and downloads are left as built.
//
// A village's or a street's plan names its own bodies: the build writes the
// plan level's rule into its tables (data-tpl-parties, macros/plan/schedule.py
// LEVEL_RULES), and the rows from the reader's choices follow the same rule
// (partyRule, the same steps as schedule.party_rule; tests/test_schedule.py
// compares both on the same choices).
//
// The 台账目录's table (data-tpl-table="ledger") lists each chosen activity
// with its 台账 materials, which only the list of all activities knows
// (assets/data/activities.js `ledger`, read through plan-start.js): on a page
// with that table the list is read first, the table drawn when it is there,
// and a download waits for it (the filler's `ready`, download.js).
(function () {
  "use strict";

  var store = window.tplStore;
  if (!store || window.tplSchedule) return;

  var NONE = "—";  // an empty cell, as macros/plan/schedule.py writes it
  var defaults = new WeakMap();  // table -> the build's rows

  function split(names) {
    return String(names || "").split("、").map(function (name) { return name.trim(); })
      .filter(function (name) { return name; });
  }

  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  // {lead, partners: [names]} of a chosen item as a plan whose level has `rule`
  // names them (rule.rename: [name, new name] pairs).
  function partyRule(item, rule) {
    var rename = Object.create(null), drop = rule.drop || [];
    (rule.rename || []).forEach(function (pair) { rename[pair[0]] = pair[1]; });
    var lead = String(item.lead || "").trim();
    lead = rule.lead || (lead in rename ? rename[lead] : lead);
    var partners = [];
    addUnique(partners, (rule.first || []).concat(split(item.partners).filter(function (name) {
      return !drop.some(function (prefix) { return name.indexOf(prefix) === 0; });
    }).map(function (name) { return name in rename ? rename[name] : name; })));
    return { lead: lead, partners: partners };
  }

  function scheduleRows(list, rule) {
    return byMonth(list).map(function (item) {
      var named = partyRule(item, rule || {});
      return [item.month + "月", item.title, named.lead || NONE, named.partners.join("、") || NONE];
    });
  }

  // One row per activity, in the order of its first month: lead(s), partners,
  // and the end of its last month as the deadline.
  function dutiesRows(list, rule) {
    var order = [], tasks = Object.create(null);  // ids may be "constructor" (an imported file)
    byMonth(list).forEach(function (item) {
      var task = has(tasks, item.id) ? tasks[item.id] : null;
      var named = partyRule(item, rule || {});
      if (!task) {
        task = tasks[item.id] = { title: item.title, leads: [], partners: [], last: 0 };
        order.push(task);
      }
      addUnique(task.leads, [named.lead]);
      addUnique(task.partners, named.partners);
      task.last = Math.max(task.last, item.month);
    });
    return order.map(function (task) {
      return [task.title, task.leads.join("、") || NONE, task.partners.join("、") || NONE, task.last + "月底"];
    });
  }

  function addUnique(into, texts) {
    texts.forEach(function (text) {
      text = text.trim();
      if (text && into.indexOf(text) === -1) into.push(text);
    });
  }

  function byMonth(list) {
    return list.map(function (item, index) { return { item: item, index: index }; })
      .sort(function (a, b) { return a.item.month - b.item.month || a.index - b.index; })
      .map(function (entry) { return entry.item; });
  }

  // One row per chosen activity and month, numbered within the volume: its
  // 台账 materials (known: {id: [names]}, else `fallback`) and an empty 页码.
  function ledgerRows(list, known, fallback) {
    return byMonth(list).map(function (item, index) {
      var names = known && has(known, item.id) ? known[item.id] : fallback || [];
      return [String(index + 1), item.month + "月", item.title, names.join("、"), ""];
    });
  }

  var activityLedgers = null;  // {id: [materials]} once assets/data/activities.js is read
  var ledgersLoading = null;

  function loadLedgers() {
    if (!ledgersLoading) {
      ledgersLoading = window.tplPlanStart.loadActivities().then(function (activities) {
        activityLedgers = Object.create(null);  // ids may be "constructor" (an imported file)
        activities.forEach(function (activity) { activityLedgers[activity.id] = activity.ledger || []; });
        return activityLedgers;
      }, function (error) { ledgersLoading = null; throw error; });
    }
    return ledgersLoading;
  }

  var ROWS = {
    schedule: function (list, table) { return scheduleRows(list, ruleOf(table)); },
    duties: function (list, table) { return dutiesRows(list, ruleOf(table)); },
    // null until the materials are read: the table keeps what it shows
    ledger: function (list, table) { return activityLedgers ? ledgerRows(list, activityLedgers, fallbackOf(table)) : null; },
  };

  function rowsFor(name, list, table) { return ROWS[name] ? ROWS[name](list, table) : null; }

  // The rule of the plan's level, as the build wrote it on the plan's tables ({} for a community).
  function ruleOf(table) {
    return table && table.hasAttribute("data-tpl-parties") ? JSON.parse(table.getAttribute("data-tpl-parties")) : {};
  }

  // The materials of an activity the site no longer has, as the build wrote them on the 台账目录's table.
  function fallbackOf(table) {
    return table && table.hasAttribute("data-tpl-ledger") ? JSON.parse(table.getAttribute("data-tpl-ledger")) : [];
  }

  function pageTables() { return document.querySelectorAll(".tpl-doc table[data-tpl-table]"); }

  // The page's table of each name: the Word file and the plain text are filled as it says.
  function pageTable(name) { return document.querySelector('.tpl-doc table[data-tpl-table="' + name + '"]'); }

  function pageHasLedger() { return Boolean(pageTable("ledger")); }

  // --- The page --------------------------------------------------------------

  function drawTables() {
    var list = store.choices();
    if (list.length && pageHasLedger() && !activityLedgers) {
      loadLedgers().then(drawTables, function (error) { store.say(error.message, true); });
    }
    pageTables().forEach(function (table) {
      var body = table.tBodies[0];
      if (!body) return;
      if (!defaults.has(table)) defaults.set(table, body.cloneNode(true));
      var rows = list.length ? rowsFor(table.getAttribute("data-tpl-table"), list, table) : null;
      if (list.length && !rows) return;  // its data are being read: drawn when they are there
      var fresh;
      if (rows) {
        fresh = document.createElement("tbody");
        rows.forEach(function (cells) {
          var tr = fresh.insertRow();
          cells.forEach(function (text) { tr.insertCell().textContent = text; });  // as text, never HTML
        });
      } else {
        fresh = defaults.get(table).cloneNode(true);
      }
      table.replaceChild(fresh, body);
    });
    var ids = Object.create(null);
    list.forEach(function (item) { ids[item.id] = true; });
    document.querySelectorAll("[data-tpl-schedule-state]").forEach(function (state) {
      if (!state.hasAttribute("data-default")) state.setAttribute("data-default", state.textContent);
      state.textContent = list.length ? "已选 " + Object.keys(ids).length + " 项活动" : state.getAttribute("data-default");
    });
  }

  // --- Downloads (download.js) -----------------------------------------------

  var T = /<w:t(?: [^>]*)?>[^<]*<\/w:t>/g;

  // The body rows of the table bookmarked tbl_<name>: copies of its first body
  // row, each cell's one text run set to the new text.
  function fillTable(xml, name, rows) {
    var mark = xml.indexOf('w:name="tbl_' + name + '"');
    if (mark === -1) return xml;
    var start = xml.lastIndexOf("<w:tbl>", mark), end = xml.indexOf("</w:tbl>", mark);
    if (start === -1 || end === -1) throw new Error("tbl_" + name + ": no table around the bookmark");
    var table = xml.slice(start, end);
    var trs = table.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) || [];
    if (trs.length < 2) throw new Error("tbl_" + name + ": no body row to copy");
    var template = trs[1];
    var cells = (template.match(T) || []).length;
    if (cells !== rows[0].length) throw new Error("tbl_" + name + ": " + cells + " text runs in a row, not " + rows[0].length);
    var bodyStart = table.indexOf(template), bodyEnd = table.lastIndexOf("</w:tr>") + "</w:tr>".length;
    var body = rows.map(function (row) {
      var column = 0;
      return template.replace(T, function () {
        return '<w:t xml:space="preserve">' + window.tplDownloads.xmlText(row[column++]) + "</w:t>";
      });
    }).join("");
    return xml.slice(0, start) + table.slice(0, bodyStart) + body + table.slice(bodyEnd) + xml.slice(end);
  }

  function markdownCell(text) {
    return String(text).replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
  }

  // The Markdown table of a ["tbl:<name>", text] segment with new body rows
  // (its header line and separator kept as the build wrote them).
  function fillText(text, rows) {
    var head = text.split("\n").slice(0, 2).join("\n");
    return head + "\n" + rows.map(function (row) {
      return "| " + row.map(markdownCell).join(" | ") + " |";
    }).join("\n") + "\n";
  }

  function pageHasTables() { return pageTables().length > 0; }

  // The rows of the page's table `name` for the reader's choices (null: keep the built ones).
  function fileRows(name, list) {
    var table = pageTable(name);
    return table ? rowsFor(name, list, table) : null;
  }

  function addFiller() {
    window.tplDownloads.addFiller({
      applies: function (link) {
        return link.getAttribute("data-tpl-part") === "document" && pageHasTables() && store.choices().length > 0;
      },
      // What the rows need before the file is made: the materials, on the 台账目录.
      ready: function () { return pageHasLedger() ? loadLedgers() : null; },
      docx: function (xml) {
        var list = store.choices();
        Object.keys(ROWS).forEach(function (name) {
          var rows = fileRows(name, list);
          if (rows) xml = fillTable(xml, name, rows);
        });
        return xml;
      },
      text: function (segments) {
        var list = store.choices();
        return segments.map(function (part) {
          if (!Array.isArray(part) || part[0].indexOf("tbl:") !== 0) return part;
          var rows = fileRows(part[0].slice(4), list);
          return rows ? [part[0], fillText(part[1], rows)] : part;
        });
      },
    });
  }

  if (window.tplDownloads) addFiller();
  window.addEventListener(store.EVENT, drawTables);
  window.tplSchedule = { scheduleRows: scheduleRows, dutiesRows: dutiesRows, ledgerRows: ledgerRows, fillTable: fillTable };

  store.onPage(drawTables);
})();
