// Runs the built components in Node, as a check of their hand-written canonical-ABI glue before
// Wharf runs them: each is transpiled with jco (which validates it on the way) to ES modules
// plus core wasm under WORK_DIR/NAME, imported, and a few of its exports are called. jco cannot
// transpile string-encoding=latin1+utf16, so strings-latin1's core module is called directly.
//
// Usage: node verify-components.mjs CORE_DIR COMPONENT_DIR WORK_DIR SKIP_C
import { readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { strict as assert } from "node:assert";
import { transpile, print } from "@bytecodealliance/jco";
import { COMPONENTS } from "./build-components.mjs";

// WASI 0.2 imports are given the preview2-shim that jco itself depends on (0.26.x, nested under
// jco: npm ci does not put one at the top of node_modules), by file URL
const jcoRequire = createRequire(import.meta.resolve("@bytecodealliance/jco"));
const WASI_MAP = Object.fromEntries(
  ["cli", "clocks", "filesystem", "http", "io", "random", "sockets"].map((p) => [
    `wasi:${p}/*`,
    `${pathToFileURL(jcoRequire.resolve(`@bytecodealliance/preview2-shim/${p}`)).href}#*`,
  ]),
);

// wharf:actor/messaging, imported by the actor components, from a host that records their calls
const ACTOR_HOST = pathToFileURL(resolve("src/test/js/actor-host.mjs")).href;
const ACTOR_MAP = { "wharf:actor/*": `${ACTOR_HOST}#*` };

async function load(componentDir, workDir, name) {
  const bytes = readFileSync(join(componentDir, `${name}.wasm`));
  const out = resolve(workDir, name);
  rmSync(out, { recursive: true, force: true });
  const { files } = await transpile(bytes, { name, noTypescript: true, quiet: true, map: { ...WASI_MAP, ...ACTOR_MAP } });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), content);
  }
  return import(pathToFileURL(join(out, `${name}.js`)).href);
}

// the checks, by component; each gets the transpiled module's exports (js-echo has none: its
// QuickJS core uses extended constant expressions, which Node 20's V8 does not compile; Wharf's
// tests run it)
// an actor's JSON payload: the codec prefix 0x0200 as a varint, then the text
const json = (text) => Uint8Array.from([0x80, 0x04, ...new TextEncoder().encode(text)]);
const jsonText = (bytes) => new TextDecoder().decode(bytes.subarray(2));

const CHECKS = {
  async "actor-echo"(m) {
    const { host } = await import(ACTOR_HOST);
    host.replies.length = 0;
    const handler = m.handler ?? m["wharf:actor/handler@1.0.0"];
    handler.handleMessage({ sender: "s", payload: json('"abc"'), request: true });
    handler.handleMessage({ sender: "s", payload: json('"told"'), request: false });
    assert.deepEqual(host.replies.map(jsonText), ['"abc"']);
  },
  async "wat-actor"(m) {
    const { host } = await import(ACTOR_HOST);
    Object.assign(host, { sent: [], replies: [], asked: [], answers: { calc: json("42") }, refuse: null });
    const handler = m.handler ?? m["wharf:actor/handler@1.0.0"];
    const ask = (text) => {
      host.replies.length = 0;
      handler.handleMessage({ sender: "host", payload: json(text), request: true });
      return host.replies.map(jsonText);
    };
    assert.deepEqual(ask('"c"'), ["1"]);
    handler.handleMessage({ sender: "host", payload: json('"c"'), request: false });
    assert.deepEqual(ask('"g"'), ["2"]);
    assert.deepEqual(ask('"acalc"'), ["42"]);
    assert.deepEqual(host.asked.map(([to, p, t]) => [to, jsonText(p), t]), [["calc", '"e-back"', 2000]]);
    assert.deepEqual(ask('"anobody"'), ['{"refused":0}']);
    assert.deepEqual(ask('"saudit"'), ['"sent"']);
    assert.deepEqual(host.sent.map(([to, p]) => [to, jsonText(p)]), [["audit", '"c"']]);
    host.refuse = { tag: "other", val: [33, "quota"] };
    assert.deepEqual(ask('"saudit"'), ['{"refused":16}']);
    host.refuse = { tag: "denied", val: "no" };
    assert.deepEqual(ask('"acalc"'), ['{"refused":1}']);
    host.refuse = null;
    assert.throws(() => handler.handleMessage({ sender: "host", payload: json('"f"'), request: true }),
      (e) => e.payload === "asked to fail");
    assert.deepEqual((m.health ?? m["wharf:actor/health@1.0.0"]).check(), { tag: "healthy" });
    const state = m.state ?? m["wharf:actor/state@1.0.0"];
    assert.deepEqual([...state.saveState()], [1, 2, 0, 0, 0]);
    state.restoreState(Uint8Array.from([1, 7, 0, 0, 0]));
    assert.deepEqual(ask('"g"'), ["7"]);
    assert.throws(() => state.restoreState(Uint8Array.from([2])), (e) => e.payload === "unknown state layout");
  },
  echo(m) {
    assert.equal(m.echo("hello"), "hello");
    assert.equal(m.echo(""), "");
    assert.equal(m.echo("héllo wörld ✓ 🦀"), "héllo wörld ✓ 🦀");
    assert.equal(m.echo("x".repeat(200000)), "x".repeat(200000)); // grows the memory
  },
  "echo-bench"(m) {
    assert.equal(m.echo("hello"), "hello");
    assert.equal(m.echo(""), "");
    assert.equal(m.echo("héllo wörld ✓ 🦀"), "héllo wörld ✓ 🦀");
    assert.equal(m.echo("0123456789abcdef"), "0123456789abcdef");
  },
  values(m) {
    const v = m.values;
    assert.equal(m.add(2, 3), 5);
    assert.equal(m.add(2147483647, 1), -2147483648);
    assert.deepEqual(m.mid({ x: 0, y: 2 }, { x: 4, y: -2 }), { x: 2, y: 0 });
    assert.equal(v.idBool(true), true);
    assert.equal(v.idBool(false), false);
    assert.equal(v.idS8(-128), -128);
    assert.equal(v.idU8(255), 255);
    assert.equal(v.idS16(-32768), -32768);
    assert.equal(v.idU16(65535), 65535);
    assert.equal(v.idS32(-2147483648), -2147483648);
    assert.equal(v.idU32(4294967295), 4294967295);
    assert.equal(v.idS64(-9223372036854775808n), -9223372036854775808n);
    assert.equal(v.idU64(18446744073709551615n), 18446744073709551615n);
    assert.equal(v.idF32(1.5), 1.5);
    assert.equal(v.idF64(-0.1), -0.1);
    assert.equal(v.idChar("🦀"), "🦀");
    assert.equal(v.idString("wharf"), "wharf");
    assert.deepEqual([...v.idBytes(new Uint8Array([0, 1, 254, 255]))], [0, 1, 254, 255]);
    assert.deepEqual(v.idStrings(["a", "", "ünï"]), ["a", "", "ünï"]);
    assert.deepEqual(v.idPoint({ x: 1.25, y: -3 }), { x: 1.25, y: -3 });
    assert.deepEqual(v.idTuple([7, "seven"]), [7, "seven"]);
    assert.deepEqual(v.idShape({ tag: "circle", val: 2.5 }), { tag: "circle", val: 2.5 });
    assert.deepEqual(v.idShape({ tag: "square", val: 4294967295 }), { tag: "square", val: 4294967295 });
    assert.equal(v.idShape({ tag: "none" }).tag, "none");
    assert.equal(v.idColor("blue"), "blue");
    assert.equal(v.idOption(9), 9);
    assert.equal(v.idOption(undefined), undefined);
    // jco takes a result as { tag, val }, returns ok's value and throws err's
    assert.equal(v.idResult({ tag: "ok", val: 42 }), 42);
    assert.throws(() => v.idResult({ tag: "err", val: "bad" }), (e) => e.payload === "bad");
    assert.deepEqual(v.idPerms({ read: true, write: false, exec: true }), { read: true, write: false, exec: true });
    // 17 flat params: passed through memory
    assert.equal(v.sumMany(255, 1n << 40n, 65535, 4294967295, -128, -(1n << 50n), -32768, -2147483648,
                           1, 2n, 3, 4, -5, -6n, -7, -8, 9),
                 255n + (1n << 40n) + 65535n + 4294967295n - 128n - (1n << 50n) - 32768n - 2147483648n
                 + 1n + 2n + 3n + 4n - 5n - 6n - 7n - 8n + 9n);
  },
  counter(m) {
    const { Counter, make, finish, live } = m.counters;
    const c = make(5);
    c.increment();
    assert.equal(c.get(), 6);
    const d = new Counter(10);
    d.increment();
    d.increment();
    assert.equal(d.get(), 12);
    assert.equal(live(), 2);
    assert.equal(finish(d), 12); // the guest drops it: its destructor runs
    assert.equal(live(), 1);
    c[Symbol.dispose]();          // the host drops it: the destructor runs
    assert.equal(live(), 0);
  },
  "strings-utf16"(m) {
    assert.equal(m.shout("hello, wörld ✓ 🦀"), "HELLO, WöRLD ✓ 🦀");
    assert.equal(m.shout(""), "");
  },
  // jco cannot transpile latin1+utf16 (its bindgen asserts utf8 or utf16, then its instance is
  // unusable): this one is checked on its core module (see checkLatin1Core), after the others

  "hello-c"(m) {
    const now = Math.floor(Date.now() / 1000);
    const t = m.run();
    assert.ok(Math.abs(t - now) < 60, `run() = ${t}, now ${now}`);
    assert.equal(m.hello("wharf"), "hello, wharf");
    assert.equal(m.hello(""), "hello, ");
    for (let i = 0; i < 1000; i++) assert.equal(m.hello("n" + i), "hello, n" + i);
  },
};

// strings-latin1: the component lifts shout with string-encoding=latin1+utf16; its core module is
// called here the way such a caller lowers a string (Latin-1 when every character fits, else
// UTF-16 with bit 31 of the length set), and the result read back the same way
async function checkLatin1Core(corePath, componentPath) {
  const printed = await print(readFileSync(componentPath));
  assert.match(printed, /canon lift \(core func \$shout\).*string-encoding=latin1\+utf16/);
  const { instance } = await WebAssembly.instantiate(readFileSync(corePath));
  const { memory, cabi_realloc, shout, cabi_post_shout } = instance.exports;
  const TAG = 0x80000000;
  const call = (s) => {
    const latin1 = [...s].every((ch) => ch.codePointAt(0) < 256);
    let ptr, tagged;
    if (latin1) {
      ptr = cabi_realloc(0, 0, 2, s.length);
      new Uint8Array(memory.buffer, ptr, s.length).set([...s].map((ch) => ch.codePointAt(0)));
      tagged = s.length;
    } else {
      ptr = cabi_realloc(0, 0, 2, 2 * s.length);
      const units = new Uint16Array(s.length);
      for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
      new Uint8Array(memory.buffer, ptr, 2 * s.length).set(new Uint8Array(units.buffer));
      tagged = (s.length | TAG) >>> 0;
    }
    const ret = shout(ptr, tagged | 0);
    const view = new DataView(memory.buffer);
    const rptr = view.getUint32(ret, true);
    const rlen = view.getUint32(ret + 4, true);
    let result;
    if (rlen & TAG) {
      const n = (rlen ^ TAG) >>> 0;
      result = String.fromCharCode(...Array.from({ length: n }, (_, i) => view.getUint16(rptr + 2 * i, true)));
    } else {
      result = String.fromCharCode(...new Uint8Array(memory.buffer, rptr, rlen));
    }
    assert.equal(rlen, tagged >>> 0, "the encoding the caller chose is kept");
    cabi_post_shout(ret);
    return result;
  };
  assert.equal(call("hello, wörld"), "HELLO, WöRLD"); // Latin-1
  assert.equal(call("hello ✓ 🦀"), "HELLO ✓ 🦀");     // UTF-16
  assert.equal(call(""), "");
}

// liar: its lies are the point, so jco's glue would refuse them; the component is transpiled (which
// validates it) and its core module called directly to check each function tells the lie it claims
async function checkLiar(corePath, componentPath) {
  await transpile(readFileSync(componentPath), { name: "liar", noTypescript: true, quiet: true });
  const reported = [];
  const { instance } = await WebAssembly.instantiate(readFileSync(corePath), {
    $root: { report: (ptr, len, ch) => reported.push([ptr, len, ch]) },
    "[export]wharf:test/lies@0.1.0": { "[resource-new]thing": (rep) => rep + 100 },
  });
  const f = (n) => instance.exports[`wharf:test/lies@0.1.0#${n}`];
  const view = () => new DataView(instance.exports.memory.buffer);
  assert.equal(f("bool-two")(), 2);
  assert.equal(f("char-surrogate")(), 0xd800);
  assert.equal(f("char-too-big")(), 0x110000);
  assert.equal(view().getUint8(f("option-bad")()), 2);
  assert.equal(view().getUint8(f("variant-bad")()), 7);
  assert.equal(f("enum-bad")(), 5);
  const s = f("string-past-memory")();
  assert.ok(view().getUint32(s, true) + view().getUint32(s + 4, true) > instance.exports.memory.buffer.byteLength);
  assert.equal(f("retptr-unaligned")() % 4, 1);
  assert.equal(f("forged-thing")(), 77);
  f("set-realloc-mode")(1);
  assert.equal(instance.exports.cabi_realloc(0, 0, 1, 5) >>> 0, 0xffffff00);
  f("call-report")(2);
  assert.deepEqual(reported, [[300, 2, 0xdc00]]);
}

async function main([coreDir, componentDir, workDir, skipC]) {
  if (!coreDir || !componentDir || !workDir) {
    throw new Error("usage: node verify-components.mjs CORE_DIR COMPONENT_DIR WORK_DIR SKIP_C");
  }
  let failed = 0;
  for (const c of COMPONENTS) {
    if (!CHECKS[c.name]) {
      continue;
    }
    if (c.c && skipC === "true") {
      console.log(`[verify] ${c.name}: skipped (no C compiler)`);
      continue;
    }
    try {
      await CHECKS[c.name](await load(componentDir, workDir, c.name));
      console.log(`[verify] ${c.name}: ok`);
    } catch (e) {
      failed++;
      console.error(`[verify] ${c.name}: FAILED: ${e?.stack ?? e}`);
    }
  }
  try {
    await checkLatin1Core(join(coreDir, "strings-latin1.wasm"), join(componentDir, "strings-latin1.wasm"));
    console.log("[verify] strings-latin1: ok (core module, as a latin1+utf16 caller would call it)");
  } catch (e) {
    failed++;
    console.error(`[verify] strings-latin1: FAILED: ${e?.stack ?? e}`);
  }
  try {
    await checkLiar(join(coreDir, "liar.wasm"), join(componentDir, "liar.wasm"));
    console.log("[verify] liar: ok (core module: each function tells its lie)");
  } catch (e) {
    failed++;
    console.error(`[verify] liar: FAILED: ${e?.stack ?? e}`);
  }
  if (failed) {
    throw new Error(`${failed} component(s) failed verification`);
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
