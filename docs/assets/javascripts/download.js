// Downloads (partials/downloads.html): Word files (公文格式) and plain text,
// written at build time by macros/word/. The layout lives there; here the
// reader's own content only goes into the places the build marked:
//
// Word: each variable value is one run inside a bookmark
//   <w:bookmarkStart w:id="…" w:name="var_NAME_N"/><w:r><w:rPr>…</w:rPr>
//   <w:t xml:space="preserve">VALUE</w:t></w:r><w:bookmarkEnd …/>
// Plain text (.txt, UTF-8 with BOM, CRLF): "<file>.json" next to "<file>"
// holds the same text as a list of strings and [NAME, default value] pairs;
// a ["tbl:<name>", Markdown table] pair becomes tab-separated lines.
// A value of several lines becomes several paragraphs, in Word and in text.
// The saved file's name, 「{社区}{年度}年{标题}.docx」 (macros/word/files.py),
// takes the reader's name and year in place of the defaults.
// Other features add fillers (window.tplDownloads.addFiller), e.g. the rows
// of the reader's own 月度活动安排表 (schedule.js).
//
// With nothing personal to put in, a link is a plain link to the built file
// (not over file://, where such a link shows a text file instead of saving it).
// Otherwise the file is read when the pointer or focus reaches the link, and
// the click fills it and saves the result as a Blob (see "Clicks"); no server
// is involved. The zip library (fflate, vendored from npm, see
// tools/vendor.json) is loaded only then. Over file:// (the offline edition)
// browsers refuse fetch(): files are then read from "<file>.js" scripts that
// the offline build writes next to them (see readBytes).
(function () {
  "use strict";

  if (window.tplDownloads) return;  // the script may be evaluated twice

  var DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  var DOCUMENT_PART = "word/document.xml";
  var MARKED_VALUE = new RegExp(
    '(<w:bookmarkStart w:id="\\d+" w:name="var_([A-Za-z][A-Za-z0-9_]*)_\\d+"/>' +
    '<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t xml:space="preserve">)' +
    "([^<]*)(</w:t></w:r><w:bookmarkEnd )", "g");
  var HIGHLIGHT = '<w:highlight w:val="yellow"/>';
  var SCRIPT_BASE = document.currentScript ? document.currentScript.src : location.href;
  var FFLATE = new URL("../vendor/fflate/fflate.min.js", SCRIPT_BASE).href;
  var fillers = [];

  // The reader's values and 本社区情况 of the active profile (store.js): non-empty strings only.
  function personalValues() {
    return window.tplStore ? window.tplStore.personalValues() : {};
  }

  function has(values, name) { return Object.prototype.hasOwnProperty.call(values, name); }

  // The fillers that have something to put into this link's file.
  function activeFillers(link) {
    return fillers.filter(function (filler) { return filler.applies(link); });
  }

  function isPersonal(link) {
    return Object.keys(personalValues()).length > 0 || activeFillers(link).length > 0;
  }

  // --- Reading files and scripts ---------------------------------------------

  var scripts = {};
  function loadScript(url) {
    if (!scripts[url]) {
      scripts[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () { delete scripts[url]; reject(new Error("cannot load " + url)); };
        document.head.appendChild(script);
      });
    }
    return scripts[url];
  }

  // The bytes of a built file: fetched, or over file:// from its .js twin,
  // which sets window.tplFiles[its own URL] to the file as base64.
  function readBytes(url) {
    if (location.protocol !== "file:") {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) { return new Uint8Array(buffer); });
    }
    var script = url + ".js";
    return loadScript(script).then(function () {
      var data = (window.tplFiles || {})[script];
      if (typeof data !== "string") throw new Error(script + " did not define the file");
      var binary = atob(data), bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      return bytes;
    });
  }

  function readText(url) {
    return readBytes(url).then(function (bytes) { return new TextDecoder("utf-8").decode(bytes); });
  }

  // --- Plain text ------------------------------------------------------------

  function personalText(inputs, values, link) {
    var segments = JSON.parse(inputs.json);
    activeFillers(link).forEach(function (filler) {
      if (filler.text) segments = filler.text(segments, link);
    });
    var text = segments.map(function (part) {
      if (typeof part === "string") return part;
      if (part[0].indexOf("tbl:") === 0) return tabSeparated(part[1]);
      // A value of several lines: one paragraph each, blank lines between, as the text has.
      return has(values, part[0]) ? String(values[part[0]]).replace(/\s*[\r\n]+\s*/g, "\n\n") : part[1];
    }).join("");
    // With a BOM and CRLF, as the built file: Notepad and WPS read it as UTF-8.
    return new Blob(["\ufeff" + text.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n")], { type: "text/plain;charset=utf-8" });
  }

  // A Markdown table (the build's and schedule.js's) as tab-separated lines.
  function tabSeparated(markdown) {
    return markdown.split("\n").filter(function (line) {
      return line && !/^\|( --- \|)+$/.test(line);
    }).map(function (line) {
      return line.replace(/^\| /, "").replace(/ \|$/, "").split(/(?<!\\) \| /).map(function (cell) {
        return cell.replace(/\\\|/g, "|");
      }).join("\t");
    }).join("\n") + "\n";
  }

  // --- Word ------------------------------------------------------------------

  function personalDocx(inputs, values, link) {
    var files = window.fflate.unzipSync(inputs.bytes);
    if (!files[DOCUMENT_PART]) throw new Error(DOCUMENT_PART + " missing");
    var xml = window.fflate.strFromU8(files[DOCUMENT_PART]);
    xml = rebreakTitle(placeUnsealedDate(replaceValues(xml, values)));
    activeFillers(link).forEach(function (filler) {
      if (filler.docx) xml = filler.docx(xml, link);
    });
    files[DOCUMENT_PART] = window.fflate.strToU8(xml);
    return new Blob([window.fflate.zipSync(files, { level: 6 })], { type: DOCX_TYPE });
  }

  // A value written in place of a fill-in (an empty text variable) loses the
  // fill-in's look. A value of several lines becomes several paragraphs with
  // the paragraph's and the run's properties (the 社区基本情况 of a plan).
  function replaceValues(xml, values) {
    return xml.replace(MARKED_VALUE, function (all, before, name, value, after, offset, whole) {
      if (!has(values, name)) return all;
      before = before.replace(HIGHLIGHT, "");
      var lines = String(values[name]).split(/\s*[\r\n]+\s*/).filter(function (line) { return line !== ""; });
      if (lines.length < 2) return before + xmlText(values[name]) + after;
      var start = Math.max(whole.lastIndexOf("<w:p>", offset), whole.lastIndexOf("<w:p ", offset));
      var pPr = /^<w:p[^>]*>(<w:pPr>(?:(?!<\/w:pPr>).)*<\/w:pPr>)?/.exec(whole.slice(start));
      var rPr = /<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>/.exec(before);
      var open = '</w:t></w:r></w:p><w:p>' + ((pPr && pPr[1]) || "") + "<w:r>" + (rPr ? rPr[0] : "") + '<w:t xml:space="preserve">';
      return before + lines.map(xmlText).join(open) + after;
    });
  }

  // An unsealed 落款 (GB/T 9704 7.3.5.2, macros/word/signature.py): the date
  // starts two characters right of the 署名's start, so it moves with the
  // length of the reader's 署名. (Sealed ones centre the 署名 on the date:
  // nothing to move.) Widths in characters of the 28-character line.
  var LINE_CHARS = 28, CHAR_TWIPS = 8844 / 28;
  function textWidth(paragraph) {
    var width = 0;
    paragraph.replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, function (all, text) {
      for (var i = 0; i < text.length; i += 1) width += text.charCodeAt(i) < 0x2000 ? 0.5 : 1;
      return all;
    });
    return width;
  }
  function placeUnsealedDate(xml) {
    var signature = xml.match(/<w:p><w:pPr><w:pStyle w:val="Signature"\/>(?:(?!<\/w:p>).)*<\/w:p>/g) || [];
    var date = signature[signature.length - 1];
    if (signature.length < 2 || date.indexOf('<w:jc w:val="left"/>') < 0) return xml;
    var longest = Math.max.apply(null, signature.slice(0, -1).map(textWidth));
    var left = Math.max(0, Math.min(LINE_CHARS - textWidth(date) - 2, LINE_CHARS - longest));
    var placed = date.replace(/w:left="\d+" w:leftChars="\d+"/,
      'w:left="' + Math.round(left * CHAR_TWIPS) + '" w:leftChars="' + Math.round(left * 100) + '"');
    return xml.replace(date, function () { return placed; });
  }

  // The title's lines (macros/word/titles.py broke it between words for the
  // site's values): when the reader's longer name makes a line overflow the
  // 20 characters of 2号, break it again at the run boundary (a name, a year,
  // a break the build chose) that balances the lines best.
  var TITLE_CHARS = 20;
  var NO_LINE_START = "年月日，。、；：？！”’）》〕」』…·", NO_LINE_END = "“‘（《〔「『";  // as titles.py (年 after a year)
  function titleWidth(text) {
    var width = 0;
    for (var i = 0; i < text.length; i += 1) width += text.charCodeAt(i) < 0x2000 ? 0.6 : 1;
    return width;
  }
  function runText(run) {
    var text = "";
    run.replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, function (all, part) { text += part; return all; });
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }
  function rebreakTitle(xml) {
    var found = /<w:p><w:pPr><w:pStyle w:val="Title"\/>(?:(?!<\/w:pPr>).)*<\/w:pPr>((?:(?!<\/w:p>).)*)<\/w:p>/.exec(xml);
    if (!found) return xml;
    var tokens = found[1].match(/<w:r>(?:(?!<\/w:r>).)*<\/w:r>|<w:bookmark(?:Start|End)[^>]*\/>/g) || [];
    var breakRun = null, kept = [], widths = [], lines = [0];
    tokens.forEach(function (token) {
      if (token.indexOf("<w:br/>") >= 0 && token.indexOf("<w:t") < 0) { breakRun = token; lines.push(0); return; }
      var width = token.indexOf("<w:r>") === 0 ? titleWidth(runText(token)) : 0;
      kept.push(token);
      widths.push(width);
      lines[lines.length - 1] += width;
    });
    if (Math.max.apply(null, lines) <= TITLE_CHARS) return xml;
    if (!breakRun) {  // a title that fitted one line with the site's values
      var properties = /<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>/.exec(found[1]);
      breakRun = "<w:r>" + (properties ? properties[0] : "") + "<w:br/></w:r>";
    }
    var total = widths.reduce(function (a, b) { return a + b; }, 0), best = -1, bestCost = Infinity, sum = 0;
    var isRun = function (token) { return token.indexOf("<w:r>") === 0; };
    for (var i = 0; i < kept.length - 1; i += 1) {
      sum += widths[i];
      // After a run (and after its bookmark's end), before the next run's text.
      if (!(isRun(kept[i]) || /^<w:bookmarkEnd/.test(kept[i])) || /^<w:bookmarkEnd/.test(kept[i + 1]) || !sum) continue;
      var before = kept.slice(0, i + 1).filter(isRun).map(runText).join(""), after = kept.slice(i + 1).filter(isRun).map(runText).join("");
      if (!after || NO_LINE_START.indexOf(after.charAt(0)) >= 0 || NO_LINE_END.indexOf(before.charAt(before.length - 1)) >= 0) continue;
      var cost = Math.abs(total / 2 - sum);
      if (sum <= TITLE_CHARS && total - sum <= TITLE_CHARS && cost < bestCost) { best = i; bestCost = cost; }
    }
    if (best < 0) return xml;  // no boundary gives two lines that fit: Word wraps
    var body = kept.slice(0, best + 1).concat([breakRun], kept.slice(best + 1)).join("");
    return xml.replace(found[1], function () { return body; });
  }

  // The name the reader's file is saved under: the build's default name
  // (「{社区}{年度}年{标题}」) with the reader's holder name and year.
  var NAME_HOLDERS = ["community", "village", "street", "district", "unit"];
  var UNSAFE = /[\\/:*?"<>|\u0000-\u001F]/g;
  function fileName(link, values) {
    var name = link.getAttribute("download") || "";
    var fields = document.querySelectorAll("#tpl-values-panel input[name][data-default]");
    var defaults = {};
    Array.prototype.forEach.call(fields, function (input) { defaults[input.name] = input.getAttribute("data-default"); });
    if (!defaults.year) return name;
    for (var i = 0; i < NAME_HOLDERS.length; i += 1) {
      var holder = NAME_HOLDERS[i], prefix = (defaults[holder] || "") + defaults.year + "年";
      if (!defaults[holder] || name.indexOf(prefix) !== 0) continue;
      var own = (has(values, holder) ? values[holder] : defaults[holder]) + (has(values, "year") ? values.year : defaults.year) + "年";
      own = own.replace(/[\r\n\t]+/g, " ").replace(UNSAFE, "");
      var dot = name.lastIndexOf("."), suffix = name.slice(dot), title = name.slice(prefix.length, dot);
      return own + title.slice(0, Math.max(1, 80 - own.length - suffix.length)) + suffix;
    }
    return name;
  }

  // Text as XML character data: escaped, without characters XML 1.0 forbids.
  function xmlText(text) {
    return String(text)
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[\t\r\n]+/g, " ")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // --- Clicks ----------------------------------------------------------------
  //
  // Browsers let a page start one download on its own; another one needs a
  // new user interaction first (Chrome's, Edge's and 360's "automatic
  // downloads" limit, which asks "下载多个文件?" otherwise). A save that
  // waits for a fetch can come after the reader's next click and use up its
  // allowance (a reader clicking through an activity's seven files), and a
  // save long after the click may no longer count as the reader's. So what
  // needs the network (the built file, fflate) is read when the pointer or
  // the focus reaches a link, and the click itself fills and saves the file
  // synchronously, inside the reader's click. Only a click faster than the
  // reading waits for it.

  // The file's parts that need reading, by link type; kept: built files do not change.
  var READERS = {
    docx: function (url) {
      return Promise.all([readBytes(url), loadScript(FFLATE)]).then(function (loaded) {
        return { bytes: loaded[0] };
      });
    },
    text: function (url) {
      return readText(url + ".json").then(function (json) { return { json: json }; });
    },
  };
  var BUILDERS = { docx: personalDocx, text: personalText };
  var prepared = {};  // URL -> {promise, inputs once read}

  function needsFilling(link) {
    return isPersonal(link) || location.protocol === "file:";
  }

  function prepare(link) {
    var url = link.href, kind = link.getAttribute("data-tpl-download");
    if (!prepared[url]) {
      var entry = prepared[url] = {};
      // A filler's `ready`: data its rows need, read before the click fills the file.
      var waits = fillers.map(function (filler) { return filler.ready ? filler.ready(link) : null; });
      entry.promise = Promise.all([READERS[kind](url)].concat(waits.filter(Boolean))).then(function (read) {
        var inputs = read[0];
        entry.inputs = inputs;
        return inputs;
      }, function (error) {
        delete prepared[url];  // a later click tries again
        throw error;
      });
    }
    return prepared[url].promise;
  }

  function save(blob, filename) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function fillAndSave(link, inputs) {
    var values = personalValues();
    save(BUILDERS[link.getAttribute("data-tpl-download")](inputs, values, link), fileName(link, values));
  }

  function failed(link, error) {
    console.error(error);
    window.alert("未能把“我的信息”填入下载文件，将下载使用默认内容的文件。");
    window.location.href = link.href;
  }

  function downloadLink(target) {
    var link = target && target.closest && target.closest("a[data-tpl-download]");
    return link && READERS[link.getAttribute("data-tpl-download")] ? link : null;
  }

  // Say on each link whether the download will carry the reader's own content.
  function describeLinks() {
    document.querySelectorAll("a[data-tpl-download]").forEach(function (link) {
      link.title = isPersonal(link) ? "将填入“我的信息”中的内容" : "使用网站默认的名称和年度";
    });
  }
  // On every page (also over file://, store.js) and whenever the reader's data change.
  window.tplStore.onPage(describeLinks);
  window.addEventListener(window.tplStore.EVENT, describeLinks);
  // As the reader comes to a link (mouse, touch, keyboard): read ahead what
  // the click will need.
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var link = downloadLink(event.target);
      if (!link) return;
      if (needsFilling(link)) prepare(link).catch(function () {});  // the click reports errors
    }, { passive: true });
  });

  document.addEventListener("click", function (event) {
    var link = downloadLink(event.target);
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (!needsFilling(link)) return;  // the built file as it is
    event.preventDefault();
    var entry = prepared[link.href];
    if (entry && entry.inputs) {
      try {
        fillAndSave(link, entry.inputs);
      } catch (error) {
        failed(link, error);
      }
      return;
    }
    link.setAttribute("aria-busy", "true");
    prepare(link).then(function (inputs) {
      fillAndSave(link, inputs);
    }).catch(function (error) {
      failed(link, error);
    }).then(function () {
      link.removeAttribute("aria-busy");
    });
  });

  // filler: {applies(link) -> bool, docx(xml, link) -> xml, text(segments, link) -> segments,
  //          ready(link) -> a promise of what docx and text need, or null (optional)}
  window.tplDownloads = {
    addFiller: function (filler) { fillers.push(filler); },
    xmlText: xmlText,
    loadScript: loadScript,
    prepare: prepare,  // link -> promise of what its click needs, read once
    fileName: fileName,  // (link, values) -> the name the file is saved under
  };
})();
