// store.js (the reader's data in localStorage) without a page: what it keeps,
// what it drops, and a profile exported and imported into another browser.
import assert from "node:assert/strict";
import { test } from "node:test";
import { browser } from "./browser.mjs";

const plain = (value) => JSON.parse(JSON.stringify(value));

// The JSON island the build writes into every page: {name: [label, type, max]}.
const VARIABLES = { community: ["社区名称", "line", 60], year: ["年度", "line", 60], profile: ["社区基本情况", "text", 500] };

function store() {
  const page = browser({ elements: { "tpl-variable-list": { textContent: JSON.stringify(VARIABLES) } } });
  const window = page.run("store.js");
  const events = [];
  window.addEventListener(window.tplStore.EVENT, (event) => events.push(plain(event.detail.keys)));
  return { window, tplStore: window.tplStore, events };
}

test("values are kept as text, empty and non-text ones dropped, and every change is announced", () => {
  const { window, tplStore, events } = store();
  tplStore.setValues({ community: "星光社区", year: "", street: 7 });
  assert.deepEqual(plain(tplStore.values()), { community: "星光社区" });
  assert.equal(window.localStorage.getItem("tpl-values"), JSON.stringify({ community: "星光社区" }));
  assert.deepEqual(events, [["tpl-values"]]);
  tplStore.setValues({});
  assert.equal(window.localStorage.getItem("tpl-values"), null, "nothing of the reader's is left stored");
});

test("storage another version or a person edited stays harmless", () => {
  const { window, tplStore } = store();
  window.localStorage.setItem("tpl-values", "{not json");
  window.localStorage.setItem("tpl-choices", JSON.stringify([
    { id: "activities/a", title: "邻居节", month: 5, lead: 3 },
    { id: "activities/b", title: "重阳", month: 13 },
    { id: 4, title: "x", month: 1 },
    "activities/c",
  ]));
  assert.deepEqual(plain(tplStore.values()), {});
  assert.deepEqual(plain(tplStore.choices()), [{ id: "activities/a", title: "邻居节", month: 5, lead: "", partners: "" }]);
});

test("the values a download puts in: 我的信息 and 本社区情况, trimmed", () => {
  const { tplStore } = store();
  tplStore.setValues({ community: " 星光社区 " });
  tplStore.setInputs({ profile: "本社区有居民2860户。", year: "   " });
  assert.deepEqual(plain(tplStore.personalValues()), { community: "星光社区", profile: "本社区有居民2860户。" });
});

test("an exported profile imports into another browser as it was", () => {
  const here = store();
  here.tplStore.setValues({ community: "星光社区" });
  here.tplStore.setInputs({ profile: "老旧小区多。" });
  here.tplStore.setChoices([{ id: "activities/neighbours-day", title: "邻居节", month: 5, lead: "王芳", partners: "" }]);
  const exported = JSON.stringify(here.tplStore.exportData());

  const there = store();
  const result = there.tplStore.importText(exported);
  assert.equal(result.choices, 1);
  for (const read of ["values", "inputs", "choices"]) {
    assert.deepEqual(plain(there.tplStore[read]()), plain(here.tplStore[read]()), read);
  }
});

test("a file that is not an export, or that does not fit this site, is refused in Chinese and nothing changes", () => {
  const { window, tplStore } = store();
  tplStore.setValues({ community: "星光社区" });
  const before = [...window.localStorage.items.entries()];
  const good = JSON.parse(JSON.stringify(tplStore.exportData()));
  const bad = [
    "{not json",
    JSON.stringify({ ...good, format: "something-else" }),
    JSON.stringify({ ...good, values: { comunity: "x" } }),
    JSON.stringify({ ...good, values: { community: "一".repeat(61) } }),
    JSON.stringify({ ...good, choices: [{ id: "a", title: "b", month: 13, lead: "", partners: "" }] }),
    JSON.stringify({ ...good, extra: 1 }),
  ];
  for (const text of bad) {
    assert.throws(() => tplStore.importText(text), (error) => /没有导入，现有内容没有改变。$/.test(error.message), text);
    assert.deepEqual([...window.localStorage.items.entries()], before, text);
  }
});
