// A small stand-in for the browser, enough to run the site's scripts
// (docs/assets/javascripts/) under node's test runner: a window that is the
// global object, localStorage in memory, events, and a document that holds
// only what a test puts in it (elements by id). The scripts run unchanged, in
// a vm context, as a browser would run them: one after another, as classic scripts.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SCRIPTS = join(ROOT, "docs", "assets", "javascripts");

class Storage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
  clear() { this.items.clear(); }
  key(index) { return index < this.items.size ? [...this.items.keys()][index] : null; }
  get length() { return this.items.size; }
}

class Target {
  constructor() { this.listeners = new Map(); }
  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }
  removeEventListener(type, fn) {
    this.listeners.set(type, (this.listeners.get(type) || []).filter((f) => f !== fn));
  }
  dispatchEvent(event) {
    (this.listeners.get(event.type) || []).slice().forEach((fn) => fn.call(this, event));
    return true;
  }
}

// A document with no page in it: getElementById finds what `elements` holds.
class Document extends Target {
  constructor(elements) {
    super();
    this.elements = elements;
    this.readyState = "complete";
  }
  getElementById(id) { return this.elements[id] || null; }
  querySelector() { return null; }
  querySelectorAll() { return []; }
}

// {window, run(file)}: `elements` maps ids to {textContent}; `globals` adds to the window (fetch, location …).
export function browser({ elements = {}, globals = {} } = {}) {
  const window = new Target();
  Object.assign(window, {
    localStorage: new Storage(),
    document: new Document(elements),
    location: { protocol: "http:", href: "http://127.0.0.1/" },
    console,
    setTimeout,
    clearTimeout,
    ...globals,
  });
  window.window = window;
  const context = vm.createContext(window);
  window.CustomEvent = vm.runInContext(
    "(class CustomEvent { constructor(type, init) { this.type = type; this.detail = init && init.detail; } })", context);
  return {
    window,
    run(name) {
      vm.runInContext(readFileSync(join(SCRIPTS, name), "utf-8"), context, { filename: name });
      return window;
    },
  };
}
