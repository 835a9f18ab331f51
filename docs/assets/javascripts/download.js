// Downloads of a plan (partials/plan-downloads.html): Word (公文格式) and
// plain text, both written at build time by macros/docx_export.py.
//
// Without personal values the links are plain links to those files. With
// personal values (localStorage "tpl-values", {name: text}, written by
// values.js) a click fetches the file, puts the reader's values in the marked
// places and downloads the result as a Blob; no server is involved.
//
// Word: every value in word/document.xml is one run inside a bookmark
//   <w:bookmarkStart w:id="…" w:name="var_NAME_N"/><w:r><w:rPr>…</w:rPr>
//   <w:t xml:space="preserve">VALUE</w:t></w:r><w:bookmarkEnd …/>
// and document.xml is stored uncompressed, so patching it needs no inflate:
// the zip is rewritten with the new document.xml (stored, fresh CRC-32) and
// every other entry copied as it is.
// Plain text: "<file>.md.json" next to "<file>.md" holds the same text as a
// list of strings and [NAME, default value] pairs.
//
// One click listener on document (event delegation), so Material's instant
// navigation needs no re-binding.
(function () {
  "use strict";

  if (window.tplDownloadsReady) return;  // the script may be evaluated twice
  window.tplDownloadsReady = true;

  var STORAGE_KEY = "tpl-values";
  var DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  var DOCUMENT_PART = "word/document.xml";
  var MARKED_VALUE = new RegExp(
    '(<w:bookmarkStart w:id="\\d+" w:name="var_([A-Za-z][A-Za-z0-9_]*)_\\d+"/>' +
    '<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t xml:space="preserve">)' +
    "([^<]*)(</w:t></w:r><w:bookmarkEnd )", "g");

  // The reader's values, as values.js keeps them: non-empty strings only.
  function personalValues() {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}"); } catch (error) { return {}; }
    var values = {};
    if (!stored || typeof stored !== "object") return values;
    Object.keys(stored).forEach(function (name) {
      if (typeof stored[name] === "string" && stored[name].trim()) values[name] = stored[name].trim();
    });
    return values;
  }

  function has(values, name) { return Object.prototype.hasOwnProperty.call(values, name); }

  // --- Plain text ------------------------------------------------------------

  function personalText(url, values) {
    return fetchOk(url + ".json").then(function (response) { return response.json(); }).then(function (segments) {
      var text = segments.map(function (part) {
        if (typeof part === "string") return part;
        return has(values, part[0]) ? values[part[0]] : part[1];
      }).join("");
      // With a BOM, as the built file: Windows programs then read it as UTF-8.
      return new Blob(["\ufeff" + text], { type: "text/markdown;charset=utf-8" });
    });
  }

  // --- Word ------------------------------------------------------------------

  function personalDocx(url, values) {
    return fetchOk(url).then(function (response) { return response.arrayBuffer(); }).then(function (buffer) {
      var entries = readZip(new Uint8Array(buffer));
      var part = entries.filter(function (entry) { return entry.name === DOCUMENT_PART; })[0];
      if (!part || part.method !== 0) throw new Error(DOCUMENT_PART + " missing or compressed");
      var xml = new TextDecoder("utf-8").decode(part.data);
      var data = new TextEncoder().encode(replaceValues(xml, values));
      Object.assign(part, { data: data, crc: crc32(data), compressedSize: data.length, size: data.length });
      return new Blob([writeZip(entries)], { type: DOCX_TYPE });
    });
  }

  function replaceValues(xml, values) {
    var found = 0;
    var result = xml.replace(MARKED_VALUE, function (all, before, name, value, after) {
      found += 1;
      return has(values, name) ? before + xmlText(values[name]) + after : all;
    });
    if (!found) throw new Error("no marked values in " + DOCUMENT_PART);
    return result;
  }

  // Text as XML character data: escaped, without characters XML 1.0 forbids.
  function xmlText(text) {
    return text
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[\t\r\n]+/g, " ")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // --- Zip (only what a .docx needs: no zip64, no encryption) ---------------

  function readZip(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var end = bytes.length - 22;
    while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end -= 1;
    if (end < 0) throw new Error("not a zip file");
    var count = view.getUint16(end + 10, true);
    var at = view.getUint32(end + 16, true);
    var entries = [];
    for (var i = 0; i < count; i += 1) {
      if (view.getUint32(at, true) !== 0x02014b50) throw new Error("broken zip directory");
      var nameLength = view.getUint16(at + 28, true);
      var skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
      var local = view.getUint32(at + 42, true);
      var compressedSize = view.getUint32(at + 20, true);
      var dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      entries.push({
        nameBytes: bytes.slice(at + 46, at + 46 + nameLength),
        name: new TextDecoder("utf-8").decode(bytes.subarray(at + 46, at + 46 + nameLength)),
        flags: view.getUint16(at + 8, true) & 0x0800,  // keep only "name is UTF-8"
        method: view.getUint16(at + 10, true),
        time: view.getUint16(at + 12, true),
        date: view.getUint16(at + 14, true),
        crc: view.getUint32(at + 16, true),
        compressedSize: compressedSize,
        size: view.getUint32(at + 24, true),
        data: bytes.subarray(dataStart, dataStart + compressedSize),
      });
      at += 46 + skip;
    }
    return entries;
  }

  function writeZip(entries) {
    var chunks = [], directory = [], offset = 0;
    entries.forEach(function (entry) {
      var local = header(entry);
      chunks.push(local, entry.data);
      directory.push(header(entry, offset));
      offset += local.length + entry.data.length;
    });
    var directorySize = directory.reduce(function (sum, item) { return sum + item.length; }, 0);
    var end = new Uint8Array(22);
    var view = new DataView(end.buffer);
    view.setUint32(0, 0x06054b50, true);
    view.setUint16(8, entries.length, true);
    view.setUint16(10, entries.length, true);
    view.setUint32(12, directorySize, true);
    view.setUint32(16, offset, true);
    return concat(chunks.concat(directory, [end]));
  }

  // The local file header of an entry or, given its offset, its central
  // directory header (which has "version made by" first and the offset last).
  function header(entry, localOffset) {
    var central = localOffset === undefined ? 0 : 2;
    var size = central ? 46 : 30;
    var bytes = new Uint8Array(size + entry.nameBytes.length);
    var view = new DataView(bytes.buffer);
    view.setUint32(0, central ? 0x02014b50 : 0x04034b50, true);
    if (central) view.setUint16(4, 20, true);
    view.setUint16(4 + central, 20, true);  // version needed: 2.0 (deflate)
    view.setUint16(6 + central, entry.flags, true);
    view.setUint16(8 + central, entry.method, true);
    view.setUint16(10 + central, entry.time, true);
    view.setUint16(12 + central, entry.date, true);
    view.setUint32(14 + central, entry.crc, true);
    view.setUint32(18 + central, entry.compressedSize, true);
    view.setUint32(22 + central, entry.size, true);
    view.setUint16(26 + central, entry.nameBytes.length, true);
    if (central) view.setUint32(42, localOffset, true);
    bytes.set(entry.nameBytes, size);
    return bytes;
  }

  function concat(parts) {
    var total = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var result = new Uint8Array(total), at = 0;
    parts.forEach(function (part) { result.set(part, at); at += part.length; });
    return result;
  }

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n += 1) {
      var c = n;
      for (var k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i += 1) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // --- Clicks ----------------------------------------------------------------

  function fetchOk(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response;
    });
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

  var BUILDERS = { docx: personalDocx, text: personalText };

  // Say on each page whether the downloads will carry the reader's values.
  function describeLinks() {
    var personal = Object.keys(personalValues()).length > 0;
    document.querySelectorAll("a[data-tpl-download]").forEach(function (link) {
      link.title = personal ? "将填入“我的信息”中的内容" : "使用网站默认的名称和年度";
    });
  }
  if (window.document$) window.document$.subscribe(describeLinks);
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
    var values = personalValues();
    var build = BUILDERS[link.getAttribute("data-tpl-download")];
    if (!build || !Object.keys(values).length) return;  // the built file as it is
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    build(link.href, values).then(function (blob) {
      save(blob, link.getAttribute("download"));
    }).catch(function (error) {
      console.error(error);
      window.alert("未能把“我的信息”填入下载文件，将下载使用默认内容的文件。");
      window.location.href = link.href;
    }).then(function () {
      link.removeAttribute("aria-busy");
    });
  });
})();
