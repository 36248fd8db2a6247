#!/usr/bin/env node
// Fails when a WebAssembly module imports anything Wharf refuses: only functions, only from
// "wharf", "wharf:<capability>" and "wasi_snapshot_preview1" (docs/guest-abi.md). Also checks
// that the exports the host calls by name are there: node check-imports.js module.wasm [export ...]
"use strict";
const fs = require("fs");
const [file, ...required] = process.argv.slice(2);
const wasm = fs.readFileSync(file);
const mod = new WebAssembly.Module(wasm);
const KINDS = new Set(["function"]);
let bad = 0;
for (const i of WebAssembly.Module.imports(mod)) {
  const okModule = i.module === "wharf" || i.module.startsWith("wharf:") || i.module === "wasi_snapshot_preview1";
  const ok = okModule && KINDS.has(i.kind);
  console.log((ok ? "  import " : "  BAD import ") + i.module + "." + i.name + " (" + i.kind + ")");
  if (!ok) bad++;
}
const exported = WebAssembly.Module.exports(mod).map((e) => e.name);
console.log("  exports: " + exported.join(", "));
for (const name of required) {
  if (!exported.includes(name)) {
    console.log("  MISSING export " + name);
    bad++;
  }
}
if (bad) {
  console.error(file + ": " + bad + " problem(s)");
  process.exit(1);
}
console.log(file + ": imports ok, " + wasm.length + " bytes");
