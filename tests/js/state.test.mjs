// state.js (the reader's data in localStorage) without a page: one key per
// item, changes by key, prototype-free maps, and data of the older layout moved.
import assert from "node:assert/strict";
import { test } from "node:test";
import { browser } from "./browser.mjs";

const plain = (value) => JSON.parse(JSON.stringify(value));

// The JSON island the build writes into every page: {name: [label, type, max, derive, format]}.
const VARIABLES = { community: ["社区名称", "line", 60], year: ["年度", "line", 60, null, "year"],
                    community_profile: ["社区基本情况", "text", 500] };

function state(before = {}) {
  const page = browser({ elements: { "tpl-variable-list": { textContent: JSON.stringify(VARIABLES) } } });
  Object.entries(before).forEach(([key, value]) => page.window.localStorage.setItem(key, value));
  const window = page.run("state.js");
  return { window, tplStore: window.tplStore };
}

test("a value is stored under its own key and read back", () => {
  const { window, tplStore } = state();
  tplStore.setValues({ community: "星光社区" });
  assert.equal(tplStore.values().community, "星光社区");
  const keys = [...window.localStorage.items.keys()].filter((key) => key.startsWith("tpl-v:"));
  assert.equal(keys.length, 1, "one key for one value");
});

test("choices are added and removed by key, names like __proto__ stay plain data", () => {
  const { tplStore } = state();
  const keys = tplStore.addChoices([
    { id: "__proto__", title: "constructor", month: 5, lead: "", partners: "" },
    { id: "activities/neighbours-day", title: "邻居节", month: 9, lead: "王芳", partners: "" },
  ]);
  assert.equal(keys.length, 2);
  assert.deepEqual(plain(tplStore.choices().map((c) => c.id).sort()), ["__proto__", "activities/neighbours-day"]);
  tplStore.removeChoices([keys[0]]);
  assert.deepEqual(plain(tplStore.choices().map((c) => [c.title, c.month, c.lead])), [["邻居节", 9, "王芳"]]);
  assert.equal(Object.getPrototypeOf(tplStore.values()), null, "maps handed out are prototype-free");
});

test("data of the older layout are moved into one key per item, broken items dropped", () => {
  const { tplStore, window } = state({
    "tpl-values": JSON.stringify({ community: "光明社区" }),
    "tpl-choices": JSON.stringify([{ id: "activities/a", title: "邻居节", month: 5 }, { id: "activities/b", title: "重阳", month: 13 }]),
  });
  assert.equal(tplStore.values().community, "光明社区");
  assert.deepEqual(plain(tplStore.choices().map((c) => c.title)), ["邻居节"]);
  assert.equal(window.localStorage.getItem("tpl-values"), null, "the old key is gone once moved");
});

test("清空 removes every item and marks the list emptied in one change; putBack restores both", () => {
  const { tplStore, window } = state();
  tplStore.addChoices([{ id: "activities/neighbours-day", title: "邻居节", month: 5, lead: "", partners: "" }]);
  const before = [...window.localStorage.items.entries()];
  let events = 0;
  window.addEventListener(tplStore.EVENT, () => { events += 1; });
  const raw = tplStore.clearChoices();
  assert.equal(events, 1, "one change");
  assert.deepEqual(plain(tplStore.choices()), []);
  assert.equal(tplStore.emptied(), true);
  assert.equal(window.localStorage.getItem("tpl-e:main"), "true", "one key of its own");
  tplStore.putBack(raw);
  assert.equal(tplStore.emptied(), false);
  assert.deepEqual([...window.localStorage.items.entries()].sort(), before.sort(), "exactly the state before");
  tplStore.clearChoices();
  assert.ok(tplStore.keysOf("main").includes("tpl-e:main"), "removed with its profile");
});
