// Parse Mermaid diagrams with Mermaid's own parser, under node (shared by the tests).
//
// Usage: node tests/mermaid_parse.mjs < diagrams.json, with NODE_PATH-like
// resolution from the MERMAID_MODULES folder (where `npm install mermaid jsdom`
// put node_modules).  Input: a JSON list of diagram texts.  Output: a JSON list,
// one entry per diagram: {"ok": true, "type": "<diagram type>"} or
// {"ok": false, "error": "<message>"}.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.MERMAID_MODULES;
if (!modules) {
  console.error("MERMAID_MODULES is not set");
  process.exit(2);
}
const require = createRequire(path.join(modules, "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!DOCTYPE html><body></body>");
// Mermaid's sanitiser (DOMPurify) and its parser expect a browser's globals.
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ["DOMParser", "Element", "HTMLElement", "Node", "navigator"]) {
  if (!(name in globalThis)) {
    Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true });
  }
}
const entry = require.resolve("mermaid");
const mermaid = (await import(pathToFileURL(entry).href)).default;
mermaid.initialize({ startOnLoad: false });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed && parsed.diagramType ? parsed.diagramType : "" });
  } catch (error) {
    results.push({ ok: false, error: String(error && error.message ? error.message : error) });
  }
}
process.stdout.write(JSON.stringify(results));
