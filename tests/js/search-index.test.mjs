// search-index.js (the browser's reader and ranking of the search index) on
// a made-up index: how a query is cut, and the order of the results.
import assert from "node:assert/strict";
import { test } from "node:test";
import { browser } from "./browser.mjs";

// Values made inside the scripts' context have its Array and Object: compare copies.
const plain = (value) => JSON.parse(JSON.stringify(value));
const urls = (hits) => plain(hits.map((hit) => hit.page.u));

// fnv1a as macros/search/index.py and search-index.js compute it (32-bit).
function fnv1a(token) {
  let value = 0x811c9dc5;
  for (const ch of token) value = Math.imul(value ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return value;
}

// An index of `pages` ({u, t, tokens: {token: [[unit, field], …]}}) as the
// build writes it: manifest.json, shards s<n>.json, one d<doc>.json per page.
function index(pages, { shards = 3, listings = [], repeats = [] } = {}) {
  const files = { "manifest.json": { dir: "v1", shards, docs: pages.length, listings, repeats } };
  const postings = {};
  pages.forEach((page, doc) => {
    files[`v1/d${doc}.json`] = { u: page.u, t: page.t, k: "活动范例", d: "", s: [] };
    for (const [token, codes] of Object.entries(page.tokens)) {
      (postings[token] ||= []).push([doc, codes.map(([unit, field]) => unit * 8 + field)]);
    }
  });
  for (let n = 0; n < shards; n++) files[`v1/s${n}.json`] = {};
  for (const [token, list] of Object.entries(postings)) {
    let last = 0;
    files[`v1/s${fnv1a(token) % shards}.json`][token] = list.map(([doc, codes]) => {
      const part = (doc - last).toString(36) + ":" + codes.map((c) => c.toString(36)).join(",");
      last = doc;
      return part;
    }).join(";");
  }
  return files;
}

function open(files) {
  const fetched = [];
  const fetch = (url) => {
    const name = url.replace("http://127.0.0.1/search/", "");
    fetched.push(name);
    return Promise.resolve(name in files
      ? { ok: true, status: 200, json: () => Promise.resolve(structuredClone(files[name])) }
      : { ok: false, status: 404 });
  };
  const window = browser({ globals: { fetch } }).run("search-index.js");
  return { search: window.tplSearchIndex.open("http://127.0.0.1/search/").search, fetched };
}

const TITLE = 0, SYNONYM = 1, BODY = 4;
// A page's tokens for a title: bigrams and the exact name, in the title field.
function titled(title, extra = {}) {
  const tokens = { ["=" + title]: [[0, TITLE]] };
  for (let i = 0; i + 1 < title.length; i++) tokens[title.slice(i, i + 2)] = [[0, TITLE]];
  return { ...tokens, ...extra };
}

test("a query is cut into the bigrams and words the index holds", () => {
  const { tplSearchIndex } = browser().run("search-index.js");
  assert.deepEqual(plain(tplSearchIndex.queryTokens("道德讲堂").terms), ["道德", "德讲", "讲堂"]);
  assert.deepEqual(plain(tplSearchIndex.queryTokens("装国家反诈中心App，拨打96110").terms),
    ["装国", "国家", "家反", "反诈", "诈中", "中心", "app", "拨打", "96110"]);
  assert.deepEqual(plain(tplSearchIndex.queryTokens("唱、学").terms), ["唱", "学"]);
  // Full-width letters and digits are folded (NFKC) as the build folds them.
  assert.deepEqual(plain(tplSearchIndex.queryTokens("Ｗｉ－Ｆｉ热点").terms), ["wi", "fi", "热点"]);
});

test("the exact names of a query: the whole, and each word of several", () => {
  const { tplSearchIndex } = browser().run("search-index.js");
  const q = plain(tplSearchIndex.queryTokens("倡议书 清明"));
  assert.deepEqual(q.exact, ["=倡议书清明", "=倡议书", "=清明"]);
  assert.equal(q.weights[0], 1);
  assert.ok(q.weights[1] < 1 && q.weights[2] < 1);
  // 怎么写, 范文: how the reader wants the page, not which page.
  assert.deepEqual(plain(tplSearchIndex.queryTokens("整改报告怎么写").exact), ["=整改报告", "=整改报告怎么写"]);
});

test("an exact title comes before pages that only mention the words", async () => {
  const pages = [
    { u: "a/", t: "社区活动安排", tokens: { "道德": [[1, BODY]], "德讲": [[1, BODY]], "讲堂": [[1, BODY]] } },
    { u: "b/", t: "道德讲堂", tokens: titled("道德讲堂") },
    { u: "c/", t: "讲堂管理", tokens: { "讲堂": [[0, TITLE]] } },
  ];
  const { search, fetched } = open(index(pages));
  const found = await search("道德讲堂", 5);
  assert.deepEqual(urls(found), ["b/", "a/"]);
  // Only the manifest, the shards of the query's tokens and the pages shown are read.
  assert.ok(fetched.every((name) => /^(manifest\.json|v1\/s\d\.json|v1\/d[01]\.json)$/.test(name)), fetched.join(" "));
});

test("a synonym finds its page; nothing found is an empty list", async () => {
  const pages = [
    { u: "x/", t: "红白理事会", tokens: titled("红白理事会", { "=移风易俗": [[0, SYNONYM]], "移风": [[0, SYNONYM]] }) },
    { u: "y/", t: "邻居节", tokens: titled("邻居节") },
  ];
  const { search } = open(index(pages));
  assert.deepEqual(urls(await search("移风易俗", 5)), ["x/"]);
  assert.deepEqual(urls(await search("量子计算机", 5)), []);
  assert.deepEqual(urls(await search("   ", 5)), []);
});

test("copies of a page come after every page shown for the first time", async () => {
  const pages = ["红白理事会", "红白理事会（副本02）", "红白理事会（副本03）", "红白事简办"].map((t, i) => ({
    u: `p${i}/`, t, tokens: titled(t, { "=红白理事会": [[0, i < 3 ? TITLE : BODY]] }),
  }));
  pages[3].tokens["红白"] = [[0, TITLE]];
  // repeats: [first doc, count, the earlier doc they repeat]
  const { search } = open(index(pages, { repeats: [[1, 2, 0]] }));
  const found = urls(await search("红白理事会", 8));
  assert.equal(found[0], "p0/");
  assert.ok(found.indexOf("p3/") < found.indexOf("p1/") && found.indexOf("p3/") < found.indexOf("p2/"), found.join(" "));
});

test("a listing counts only when the query names it whole", async () => {
  const pages = [
    { u: "activities/", t: "活动范例", tokens: titled("活动范例", { "=无偿献血": [[0, BODY]] }) },
    { u: "activities/blood/", t: "无偿献血", tokens: titled("无偿献血") },
  ];
  const { search } = open(index(pages, { listings: [0] }));
  assert.equal(urls(await search("活动范例", 5))[0], "activities/");
  assert.equal((await search("无偿献血 活动范例", 5))[0].page.u, "activities/blood/");
});
