#!/usr/bin/env node
// Builds a Wharf component from AssemblyScript in three steps:
//   1. asc <entry> --config <asconfig> --target release -o <out>
//   2. rename-exports.js: handleMessage -> handle-message (and saveState, restoreState)
//   3. check-imports.js: only imports Wharf accepts, and the exports the host calls
// Usage (from this directory): npm run build -- <entry.ts> <out.wasm> [asconfig.json]
// The asconfig defaults to this directory's; a component's own should "extends" it.
"use strict";
const { execFileSync } = require("child_process");
const path = require("path");

const [entry, out, config = path.join(__dirname, "..", "asconfig.json")] = process.argv.slice(2);
if (!entry || !out) {
  console.error("usage: build.js <entry.ts> <out.wasm> [asconfig.json]");
  process.exit(2);
}
const asc = path.join(__dirname, "..", "node_modules", ".bin", "asc");
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
try {
  run(asc, [entry, "--config", config, "--target", "release", "-o", out]);
  run(process.execPath, [path.join(__dirname, "rename-exports.js"), out]);
  run(process.execPath, [path.join(__dirname, "check-imports.js"), out, "memory", "alloc", "dealloc", "handle-message"]);
} catch (e) {
  process.exit(e.status || 1);
}
