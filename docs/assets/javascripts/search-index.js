// Reader of the sharded search index written by macros/search/index.py, and
// its ranking. Cuts the query exactly as macros/search/tokens.py cuts pages:
// Chinese bigrams, whole Latin/digit words, "=" + whole name for exact names.
// Fetches the manifest, then only the shards of the query's tokens, then one
// small file per shown result. Exposes window.tplSearchIndex.open(indexUrl).
// Over file:// (the offline edition) browsers refuse fetch(): each file is then
// read from its script twin "<file>.js" (see readJson).
(function () {
  "use strict";

  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var FIELD = { title: 0, synonym: 1, meta: 2, heading: 3, body: 4, link: 5 };
  // Exact name matches, by field: title, synonym, meta, heading, -, -, title without its （…） note
  var EXACT_SCORE = [1e7, 9e6, 5e6, 3e6, 0, 0, 9.5e6];
  var MIN_COVERAGE = 0.6;  // share of the query's tokens found in the index that a page must contain
  // Exact names found only by sound (倡仪书 -> 倡议书) weigh less than names
  // typed right, so an exact match always comes first.
  var SOUND_WEIGHT = 0.9;
  // ...but a query most of whose pairs occur nowhere (火星探测器: only 探测 is
  // here) is about something else: then only exact names answer. A pair
  // found by sound counts half.
  var MIN_KNOWN = 0.6;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\uf9ff\ufa00-\ufaff]/;

  function runs(text) {
    return text.normalize("NFKC").toLowerCase().match(RUNS) || [];
  }

  function textTokens(text) {
    var tokens = [];
    runs(text).forEach(function (run) {
      if (/^[a-z0-9]/.test(run) || run.length === 1) tokens.push(run);
      else for (var i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
    });
    return tokens;
  }

  // exact: "=" + the whole query, and with several words "=" + each word;
  // weights: the share of the query each exact name stands for (see rank).
  // 整改报告怎么写, 半年小结范文: the ending says how the reader wants the page
  // (every page here is a 范文), not which; its bigrams, some of them in the
  // index (指导思想怎么写), would count against the page the query names.
  var ASKING = /\s*(?:怎么写|怎样写|如何写|的写法|写法|范文|范本|样本|样文)$/;

  function queryTokens(query) {
    var named = query.trim().replace(ASKING, "");
    if (!runs(named).length) named = query;
    var words = named.split(/\s+/).filter(Boolean);
    var terms = unique(textTokens(named));
    var exact = [["=" + runs(named).join(""), 1]];
    if (named !== query) exact.push(["=" + runs(query).join(""), 1]);
    if (words.length > 1) words.forEach(function (w) {
      exact.push(["=" + runs(w).join(""), Math.min(1, unique(textTokens(w)).length / (terms.length || 1))]);
    });
    exact = exact.filter(function (e, i) {
      return e[0] !== "=" && exact.findIndex(function (f) { return f[0] === e[0]; }) === i;
    });
    return {
      terms: terms,
      exact: exact.map(function (e) { return e[0]; }),
      weights: exact.map(function (e) { return e[1]; }),
    };
  }

  // The sound key of a bigram or an exact name, as macros/search/tokens.py
  // sound_key(); null for other tokens or a character the table lacks.
  // `readings`: Map(character -> toneless pinyin), from the build's table.
  function soundKey(token, readings) {
    var exact = token.charAt(0) === "=";
    var chars = Array.from(exact ? token.slice(1) : token);
    if (!chars.some(function (c) { return CJK.test(c); }) || (!exact && chars.length !== 2)) return null;
    var sounds = [];
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (!CJK.test(c)) sounds.push(c);
      else if (readings.has(c)) sounds.push(readings.get(c));
      else return null;
    }
    return "~" + (exact ? "=" : "") + sounds.join("-");
  }

  function readingsOf(table) {
    var readings = new Map();
    Object.keys(table).forEach(function (sound) {
      Array.from(table[sound]).forEach(function (c) { readings.set(c, sound); });
    });
    return readings;
  }

  function unique(list) {
    return list.filter(function (item, i) { return list.indexOf(item) === i; });
  }

  function fnv1a(token) {
    var value = 0x811c9dc5;
    for (var ch of token) {
      value ^= ch.codePointAt(0);
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return value;
  }

  // "delta:code,code;delta:code" (base 36) -> [[doc, [codes]], ...]
  function decode(posting) {
    var doc = 0;
    return posting.split(";").map(function (part) {
      var pair = part.split(":");
      doc += parseInt(pair[0], 36);
      return [doc, pair[1].split(",").map(function (c) { return parseInt(c, 36); })];
    });
  }

  // A file of the index: fetched, or over file:// from its script twin, which
  // sets window.tplSearchFiles[its own URL] (macros/editions/offline.py writes them).
  function readJson(url) {
    if (location.protocol !== "file:") {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error("search index: " + r.status + " " + url);
        return r.json();
      });
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url + ".js";
      script.onload = function () {
        var files = window.tplSearchFiles || {}, data = files[script.src];
        delete files[script.src];
        script.remove();
        if (data === undefined) reject(new Error("search index: " + script.src + " did not define the file"));
        else resolve(data);
      };
      script.onerror = function () {
        script.remove();
        reject(new Error("search index: cannot load " + script.src));
      };
      document.head.appendChild(script);
    });
  }

  function open(indexUrl) {
    var cache = new Map();
    function fetchJson(url) {
      if (!cache.has(url)) {
        cache.set(url, readJson(url).catch(function (error) { cache.delete(url); throw error; }));
      }
      return cache.get(url);
    }
    var manifest = function () { return fetchJson(indexUrl + "manifest.json"); };

    function entries(tokens) {
      return manifest().then(function (m) {
        return Promise.all(tokens.map(function (t) {
          return fetchJson(indexUrl + m.dir + "/s" + (fnv1a(t) % m.shards) + ".json").then(function (shard) {
            return shard[t] || null;
          });
        }));
      });
    }

    function postings(tokens) {
      return entries(tokens).then(function (found) {
        return found.map(function (posting) { return posting ? decode(posting) : null; });
      });
    }

    var readings = function () {
      return manifest().then(function (m) { return fetchJson(indexUrl + m.dir + "/sounds.json"); }).then(readingsOf);
    };

    // Typed by sound: each token found nowhere (倡仪, =倡仪书) stands for the
    // tokens of the index that sound the same (倡议, =倡议书); their postings
    // become its own. Only missing tokens are replaced: what is typed right
    // is never second-guessed, and a query whose every bigram is somewhere
    // on the site (spelled right, only not a whole name) asks nothing more.
    function bySound(tokens, lists, termCount) {
      var missing = tokens.map(function (t, i) { return lists[i] ? -1 : i; }).filter(function (i) { return i >= 0; });
      if (!missing.some(function (i) { return i < termCount; })) return Promise.resolve({ lists: lists, sounded: [] });
      return readings().then(function (table) {
        var keys = missing.map(function (i) { return soundKey(tokens[i], table); });
        var asked = missing.filter(function (i, n) { return keys[n]; });
        return entries(keys.filter(Boolean)).then(function (alike) {
          var alternatives = alike.map(function (text) { return text ? text.split(",") : []; });
          var flat = unique([].concat.apply([], alternatives));
          return postings(flat).then(function (found) {
            var byToken = new Map(flat.map(function (t, n) { return [t, found[n]]; }));
            var out = lists.slice(), sounded = [];
            asked.forEach(function (i, n) {
              var merged = [];
              alternatives[n].forEach(function (t) { merged = merged.concat(byToken.get(t) || []); });
              if (merged.length) { out[i] = merged; sounded.push(i); }
            });
            return { lists: out, sounded: sounded };
          });
        });
      }).catch(function () { return { lists: lists, sounded: [] }; });
    }

    function page(doc) {
      return manifest().then(function (m) { return fetchJson(indexUrl + m.dir + "/d" + doc + ".json"); });
    }

    // Resolves to [{doc, unit, page: {u, t, k, d, s}}], best first.
    function search(query, limit) {
      var q = queryTokens(query);
      if (!q.terms.length && !q.exact.length) return Promise.resolve([]);
      var tokens = q.terms.concat(q.exact);
      return Promise.all([postings(tokens).then(function (lists) { return bySound(tokens, lists, q.terms.length); }), manifest()]).then(function (got) {
        var lists = got[0].lists, listings = new Set(got[1].listings || []);
        var soundTerms = 0;
        got[0].sounded.forEach(function (i) {
          if (i >= q.terms.length) q.weights[i - q.terms.length] *= SOUND_WEIGHT;
          else soundTerms++;
        });
        var literal = lists.slice(0, q.terms.length).filter(Boolean).length - soundTerms;
        q.onTopic = (literal + soundTerms / 2) / (q.terms.length || 1) >= MIN_KNOWN;
        var ranked = onceEach(rank(q, lists.slice(0, q.terms.length), lists.slice(q.terms.length), listings), got[1].repeats);
        return Promise.all(ranked.slice(0, limit || 8).map(function (hit) {
          return page(hit.doc).then(function (record) { hit.page = record; return hit; });
        }));
      });
    }

    return { search: search, manifest: manifest };
  }

  function rank(q, termLists, exactLists, listings) {
    var docs = new Map();  // doc -> {units: Map(unit -> [Set of term indexes per field]), exact, and the best exact match's unit and field}
    function entry(doc) {
      if (!docs.has(doc)) docs.set(doc, { units: new Map(), exact: 0, exactTop: 0, exactUnit: 0, exactField: -1 });
      return docs.get(doc);
    }
    termLists.forEach(function (list, term) {
      (list || []).forEach(function (pair) {
        var units = entry(pair[0]).units;
        pair[1].forEach(function (code) {
          var unit = code >> 3, field = code & 7;
          if (field > FIELD.link) return;
          if (!units.has(unit)) units.set(unit, [new Set(), new Set(), new Set(), new Set(), new Set(), new Set()]);
          units.get(unit)[field].add(term);
        });
      });
    });
    // A page's exact matches add up, each weighted by the share of the query
    // its name stands for: in 倡议书 清明 a page named 清明 alone (an activity)
    // must not outrank the 倡议书 whose names hold both words. (Taking the best
    // exact match at full weight let one word of several decide the order.)
    // A listing (活动范例, 公文范例…) counts only when the query names it whole:
    // in 无偿献血 活动记录表 the other word names a page it lists, which comes first.
    var bestHere = new Map();  // doc -> best weighted score of the current exact name
    exactLists.forEach(function (list, i) {
      bestHere.clear();
      (list || []).forEach(function (pair) {
        if (q.weights[i] < 1 && listings.has(pair[0])) return;
        var e = entry(pair[0]);
        pair[1].forEach(function (code) {
          var score = (EXACT_SCORE[code & 7] || 0) * q.weights[i];
          if (score > (bestHere.get(pair[0]) || 0)) bestHere.set(pair[0], score);
          if (score > e.exactTop) { e.exactTop = score; e.exactUnit = code >> 3; e.exactField = code & 7; }
        });
      });
      bestHere.forEach(function (score, doc) { docs.get(doc).exact += score; });
    });
    var known = termLists.filter(Boolean).length;
    var hits = [];
    docs.forEach(function (e, doc) {
      var hit = score(e, known, q.onTopic !== false);
      if (hit) { hit.doc = doc; hits.push(hit); }
    });
    return hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  // Tiers, far apart so a better kind of match always wins: exact title >
  // exact title without its note > exact synonym > exact type/theme > query inside the title > exact section
  // heading > query inside a synonym > words in one section > words anywhere
  // > words only in links. `known` counts query tokens present in the index
  // (重阳敬老 has the bigram 阳敬, found nowhere: it does not count against).
  function score(e, known, onTopic) {
    var all = new Set(), content = new Set(), best = { score: 0, unit: 0 }, fullUnits = 0;
    var cover = function (set) { return known ? set.size / known : 0; };
    e.units.forEach(function (fields, unit) {
      fields.forEach(function (set, field) {
        set.forEach(function (t) { all.add(t); if (field !== FIELD.link) content.add(t); });
      });
      var head = cover(fields[FIELD.heading]);
      var text = cover(union(fields[FIELD.heading], fields[FIELD.body]));
      var s = 2e4 * Math.pow(head, 3) + 1e4 * Math.pow(text, 2) + (text === 1 ? 1e4 : 0);
      if (text === 1) fullUnits++;
      if (s > best.score || (s === best.score && unit < best.unit)) best = { score: s, unit: unit };
    });
    if (!e.exact && (!onTopic || !known || all.size / known < MIN_COVERAGE)) return null;
    var top = e.units.get(0) || [new Set(), new Set(), new Set(), new Set(), new Set(), new Set()];
    var title = cover(top[FIELD.title]);
    var name = cover(union(top[FIELD.title], top[FIELD.synonym]));
    var meta = cover(top[FIELD.meta]);
    var links = 0;
    e.units.forEach(function (fields) { links = Math.max(links, cover(fields[FIELD.link])); });
    var points = e.exact
      + (title === 1 ? 4e6 : name === 1 ? 2.5e6 : 1e5 * Math.pow(name, 3))
      + 3e4 * Math.pow(meta, 3) + (meta === 1 ? 3e4 : 0)
      + best.score
      + 5e3 * Math.pow(cover(content), 2)
      + 1e3 * Math.pow(links, 2)
      + 10 * Math.min(fullUnits, 20);
    var unit = e.exactField === FIELD.heading ? e.exactUnit : best.unit;
    return { score: points, unit: unit };
  }

  // Pages repeating an earlier page's text (a copy under another title) come
  // after every page shown the first time: ten copies of one page would
  // otherwise hide the other answers. runs: [[first doc, count, earlier doc]].
  function onceEach(hits, runs) {
    if (!runs || !runs.length) return hits;
    var earlier = new Map();
    runs.forEach(function (r) { for (var d = r[0]; d < r[0] + r[1]; d++) earlier.set(d, r[2]); });
    var seen = new Set(), first = [], again = [];
    hits.forEach(function (hit) {
      var text = earlier.has(hit.doc) ? earlier.get(hit.doc) : hit.doc;
      (seen.has(text) ? again : first).push(hit);
      seen.add(text);
    });
    return first.concat(again);
  }

  function union(a, b) {
    var out = new Set(a);
    b.forEach(function (x) { out.add(x); });
    return out;
  }

  window.tplSearchIndex = { open: open, queryTokens: queryTokens, soundKey: soundKey, readingsOf: readingsOf };
})();
