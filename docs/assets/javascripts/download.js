// Downloads (partials/downloads.html): Word files (公文格式) and plain text,
// written at build time by macros/word/. The layout lives there; here the
// reader's own content only goes into the places the build marked:
//
// Word: each variable value is one run inside a bookmark
//   <w:bookmarkStart w:id="…" w:name="var_NAME_N"/><w:r><w:rPr>…</w:rPr>
//   <w:t xml:space="preserve">VALUE</w:t></w:r><w:bookmarkEnd …/>
// Plain text: "<file>.json" next to "<file>" holds the same text as a list of
// strings and [NAME, default value] pairs.
// Other features add fillers (window.tplDownloads.addFiller), e.g. the rows
// of the reader's own 月度活动安排表 (my-plan.js).
//
// With nothing personal to put in, a link is a plain link to the built file
// (not over file://, where such a link shows a text file instead of saving it).
// Otherwise a click reads the file, fills it and saves the result as a Blob;
// no server is involved. The zip library (fflate, vendored from npm, see
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

  function personalText(url, values, link) {
    return readText(url + ".json").then(function (json) {
      var segments = JSON.parse(json);
      activeFillers(link).forEach(function (filler) {
        if (filler.text) segments = filler.text(segments, link);
      });
      var text = segments.map(function (part) {
        if (typeof part === "string") return part;
        return has(values, part[0]) ? values[part[0]] : part[1];
      }).join("");
      // With a BOM, as the built file: Windows programs then read it as UTF-8.
      return new Blob(["\ufeff" + text], { type: "text/markdown;charset=utf-8" });
    });
  }

  // --- Word ------------------------------------------------------------------

  function personalDocx(url, values, link) {
    return Promise.all([readBytes(url), loadScript(FFLATE)]).then(function (loaded) {
      var files = window.fflate.unzipSync(loaded[0]);
      if (!files[DOCUMENT_PART]) throw new Error(DOCUMENT_PART + " missing");
      var xml = window.fflate.strFromU8(files[DOCUMENT_PART]);
      xml = replaceValues(xml, values);
      activeFillers(link).forEach(function (filler) {
        if (filler.docx) xml = filler.docx(xml, link);
      });
      files[DOCUMENT_PART] = window.fflate.strToU8(xml);
      return new Blob([window.fflate.zipSync(files, { level: 6 })], { type: DOCX_TYPE });
    });
  }

  // A value written in place of a fill-in (an empty text variable) loses its yellow.
  function replaceValues(xml, values) {
    return xml.replace(MARKED_VALUE, function (all, before, name, value, after) {
      if (!has(values, name)) return all;
      return before.replace(HIGHLIGHT, "") + xmlText(values[name]) + after;
    });
  }

  // Text as XML character data: escaped, without characters XML 1.0 forbids.
  function xmlText(text) {
    return String(text)
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[\t\r\n]+/g, " ")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // --- Clicks ----------------------------------------------------------------

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

  var BUILDERS = { docx: personalDocx, text: personalText };

  // Say on each link whether the download will carry the reader's own content.
  function describeLinks() {
    document.querySelectorAll("a[data-tpl-download]").forEach(function (link) {
      link.title = isPersonal(link) ? "将填入“我的信息”中的内容" : "使用网站默认的名称和年度";
    });
  }
  // Also over file://, where Material's document$ never emits (store.js).
  if (window.tplStore) window.tplStore.onPage(describeLinks);
  else if (window.document$) window.document$.subscribe(describeLinks);
  else document.addEventListener("DOMContentLoaded", describeLinks);
  // The values may change on the same page (我的信息 panel): describe again on hover.
  ["pointerover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest("a[data-tpl-download]")) describeLinks();
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-tpl-download]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var build = BUILDERS[link.getAttribute("data-tpl-download")];
    if (!build || !(isPersonal(link) || location.protocol === "file:")) return;  // the built file as it is
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    build(link.href, personalValues(), link).then(function (blob) {
      save(blob, link.getAttribute("download"));
    }).catch(function (error) {
      console.error(error);
      window.alert("未能把“我的信息”填入下载文件，将下载使用默认内容的文件。");
      window.location.href = link.href;
    }).then(function () {
      link.removeAttribute("aria-busy");
    });
  });

  // filler: {applies(link) -> bool, docx(xml, link) -> xml, text(segments, link) -> segments}
  window.tplDownloads = {
    addFiller: function (filler) { fillers.push(filler); },
    xmlText: xmlText,
    loadScript: loadScript,
  };
})();
