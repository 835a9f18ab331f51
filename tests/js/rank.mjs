// The result pages of each query, ranked by search-index.js over a built
// site's index as the browser ranks them (tests/test_search_ranking.py):
//   node tests/js/rank.mjs SITE_DIR QUERIES.json [LIMIT]  ->  JSON [[url, …], …] on stdout
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { browser } from "./browser.mjs";

const [site, queriesFile, limit = "5"] = process.argv.slice(2);
const BASE = "http://127.0.0.1/";
const fetch = async (url) => {
  try {
    const text = await readFile(join(site, url.slice(BASE.length)), "utf-8");
    return { ok: true, status: 200, json: async () => JSON.parse(text) };
  } catch {
    return { ok: false, status: 404 };
  }
};
const { tplSearchIndex } = browser({ globals: { fetch } }).run("search-index.js");
const index = tplSearchIndex.open(BASE + "assets/search/");
const results = [];
for (const query of JSON.parse(await readFile(queriesFile, "utf-8"))) {
  results.push((await index.search(query.trim(), Number(limit))).map((hit) => hit.page.u));
}
process.stdout.write(JSON.stringify(results));
