// index.html names every module the page loads as a modulepreload, so the
// webview fetches them all while it reads the page instead of discovering
// them one import level at a time. This keeps that list true: exactly the
// modules js/main.js reaches, no more, no fewer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");

// Static imports and re-exports: `import … from "./x.js"`, `import "./x.js"`,
// `export … from "./x.js"` (the modules use no others).
const importsOf = (file) => {
  const text = readFileSync(join(ui, file), "utf8");
  const imports = /^\s*import\s*(?:[^"';()]*?\bfrom\s*)?["']([^"']+)["']/gm;
  const reexports = /^\s*export\s*(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\s*["']([^"']+)["']/gm;
  const found = [...text.matchAll(imports), ...text.matchAll(reexports)];
  return found.map((m) => relative(ui, normalize(join(ui, dirname(file), m[1]))));
};

const reachable = (entry) => {
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const next of importsOf(queue.shift())) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
};

test("index.html preloads exactly the modules the page imports", () => {
  const html = readFileSync(join(ui, "index.html"), "utf8");
  const entry = html.match(/<script type="module" src="([^"]+)"><\/script>/)[1];
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.equal(new Set(preloaded).size, preloaded.length, "a module is preloaded twice");
  const wanted = [...reachable(entry)].filter((file) => file !== entry);
  assert.ok(wanted.length > 10, `only ${wanted.length} modules found: the import scan is broken`);
  assert.deepEqual([...preloaded].sort(), wanted.sort());
});
