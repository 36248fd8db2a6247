#!/usr/bin/env node
// Renames exports of a WebAssembly module in place, for the names AssemblyScript cannot export:
//   node rename-exports.js module.wasm [from=to ...]
// Without pairs it applies the Wharf defaults: handleMessage=handle-message, saveState=_save_state,
// restoreState=_restore_state. Only the export section is rewritten; no dependencies.
"use strict";
const fs = require("fs");

const DEFAULTS = { handleMessage: "handle-message", saveState: "_save_state", restoreState: "_restore_state" };

function readU32(buf, pos) {
  let result = 0, shift = 0, b;
  do {
    b = buf[pos++];
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [result >>> 0, pos];
}

function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return Buffer.from(out);
}

function rename(wasm, map) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly module");
  const parts = [wasm.subarray(0, 8)];
  const renamed = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, start] = readU32(wasm, pos + 1);
    const end = start + size;
    if (id !== 7) {
      parts.push(wasm.subarray(pos, end));
    } else {
      let [count, p] = readU32(wasm, start);
      const body = [u32(count)];
      const names = new Set();
      for (let i = 0; i < count; i++) {
        const [len, q] = readU32(wasm, p);
        let name = wasm.toString("utf8", q, q + len);
        p = q + len;
        const kind = wasm[p];
        const [, r] = readU32(wasm, p + 1);
        if (Object.prototype.hasOwnProperty.call(map, name)) {
          renamed.push(name + " -> " + map[name]);
          name = map[name];
        }
        if (names.has(name)) throw new Error("two exports named " + name);
        names.add(name);
        const bytes = Buffer.from(name, "utf8");
        body.push(u32(bytes.length), bytes, wasm.subarray(p, r));
        p = r;
      }
      const content = Buffer.concat(body);
      parts.push(Buffer.from([7]), u32(content.length), content);
    }
    pos = end;
  }
  return [Buffer.concat(parts), renamed];
}

if (require.main === module) {
  const [file, ...pairs] = process.argv.slice(2);
  if (!file) {
    console.error("usage: rename-exports.js module.wasm [from=to ...]");
    process.exit(2);
  }
  const map = pairs.length ? Object.fromEntries(pairs.map((p) => p.split("="))) : DEFAULTS;
  const [out, renamed] = rename(fs.readFileSync(file), map);
  fs.writeFileSync(file, out);
  console.log(file + ": " + (renamed.length ? renamed.join(", ") : "no export renamed"));
}

module.exports = { rename };
