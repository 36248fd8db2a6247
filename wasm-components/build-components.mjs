// Turns the core modules of the test components into WebAssembly components, with the
// wasm-tools that @bytecodealliance/jco carries (compiled to WebAssembly, so nothing native):
// `componentEmbed` puts a WIT world into a core module (wasm-tools component embed) and
// `componentNew` makes the component of it (wasm-tools component new), with the WASI preview-1
// reactor adapter for a module against wasi-libc.
//
// Usage: node build-components.mjs CORE_DIR WIT_DIR OUT_DIR SKIP_C
//   CORE_DIR  the core modules, NAME.wasm (compiled from src/main/wat and src/main/c)
//   WIT_DIR   the WIT sources (src/main/wit)
//   OUT_DIR   where NAME.wasm (the component) and NAME.wit (its WIT source) are written
//   SKIP_C    "true" when the C module was not compiled (no clang): its component is left out
import { readFileSync, writeFileSync, mkdirSync, existsSync, cpSync, rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
// the same steps plugin authors run, from guest/component/componentize.mjs
import { coreComponent, jsComponent as componentizeJs, nestedPackages } from "../guest/component/componentize.mjs";

// name: the component (and its core module); wit, world: its WIT source and world;
// encoding: the canonical ABI string encoding of its core (utf8 unless given);
// adapter: the preview-1 adapter its core needs (a wasi-libc module); c: compiled from C;
// witDir: where its WIT is when not in WIT_DIR (WHARF_WIT: the wharf:actor package users get);
// wasiDeps: its world imports the standard packages of WASI_DEPS (wasi:keyvalue, wasi:config, wasi:logging)
const WHARF_WIT = join("..", "guest", "wit", "wharf");
const WASI_DEPS = join("..", "guest", "wit", "deps");
export const COMPONENTS = [
  { name: "echo", wit: "echo.wit", world: "echo" },
  { name: "echo-bench", wit: "echo.wit", world: "echo" },
  { name: "values", wit: "values.wit", world: "values-world" },
  { name: "counter", wit: "counter.wit", world: "counter" },
  { name: "strings-utf16", wit: "strings.wit", world: "strings", encoding: "utf16" },
  { name: "strings-latin1", wit: "strings.wit", world: "strings", encoding: "compact-utf16" },
  { name: "hello-c", wit: "hello-c.wit", world: "hello-c", adapter: "reactor", c: true },
  // breaks the canonical ABI on purpose, one way per function (its tests expect traps)
  { name: "liar", wit: "liar.wit", world: "liar" },
  // JavaScript: the QuickJS engine with the script inside (componentize-qjs, jco's qjs backend),
  // synchronous exports (sync: true, as --backend-qjs-disable-async), WASI 0.2 imports
  { name: "js-echo", wit: "js.wit", world: "js", js: "js-echo.js" },
  // actors (wharf:actor): one in JavaScript (its exports; see docs/components.md for its imports),
  // one in WAT that echoes asks, for ActorBenchmark
  { name: "js-actor", wit: "actor.wit", witDir: WHARF_WIT, world: "stateful-actor", js: "js-actor.js" },
  { name: "actor-echo", wit: "actor.wit", witDir: WHARF_WIT, world: "actor" },
  // an actor in WAT that counts, replies, asks and sends, and hands its count over on an update
  { name: "wat-actor", wit: "actor.wit", witDir: WHARF_WIT, world: "stateful-actor" },
  // exports wharf:actor/handler with another type than the package's: refused at deploy
  { name: "bad-actor", wit: "bad-actor.wit", world: "bad-actor" },
  // the standard interfaces over Wharf's capabilities: Spin 3's versions (WAT), then wasmCloud's
  // (WAT, and JavaScript: its imports called through the table TableBridge mends)
  { name: "wasi-kv", wit: "wasi-user.wit", world: "wasi-kv", wasiDeps: true },
  { name: "wasi-kv-draft", wit: "wasi-user.wit", world: "wasi-kv-draft", wasiDeps: true },
  { name: "wasi-draft", wit: "wasi-user.wit", world: "wasi-draft", js: "wasi-draft.js", wasiDeps: true },
  // wasi:http in C (guest/c/wasi-http.h): an incoming handler of version 0.2.0, a client of 0.2.12;
  // wasiHttp: the version of the wasi packages its world imports (given by httpWitSource)
  { name: "http-hello", wit: "http-hello.wit", world: "http-hello", c: true, wasiHttp: "0.2.0" },
  { name: "http-fetch", wit: "http-fetch.wit", world: "http-fetch", c: true, wasiHttp: "0.2.12" },
];

/**
 * The WIT of a world importing wasi:http, as one source: the world's file followed by the WASI 0.2
 * packages jco carries (version 0.2.12), each as a nested package block, at version c.wasiHttp:
 * the interfaces are the same across 0.2.x, and 0.2.0 is what wasmCloud's and Spin's components
 * import. (One source, as the wasm-tools inside jco cannot read a WIT directory from here.)
 */
function httpWitSource(c, witSource) {
  const builtin = join("node_modules", "@bytecodealliance", "jco", "lib", "wit", "builtin", "0.2.12");
  let source = witSource;
  for (const pkg of readdirSync(builtin)) {
    const wit = readFileSync(join(builtin, pkg, "package.wit"), "utf8").replaceAll("@0.2.12", `@${c.wasiHttp}`);
    source += "\n" + wit.replace(/^package ([^;]+);/m, "package $1 {") + "\n}\n";
  }
  return source;
}

/**
 * A JavaScript component: the script of src/main/js with its WIT world, as componentize-qjs makes it;
 * its imports are read under the repository (js-actor.js imports guest/js/json-payload.js).
 */
async function jsComponent(c, witDir, jsDir) {
  return componentizeJs({ modules: "node_modules", wit: witPath(c, witDir), world: c.world, jsPath: join(jsDir, c.js),
    moduleRoot: ".." });
}

/**
 * The WIT componentize-qjs reads: the world's file, or for a world importing standard packages a
 * directory (target/wit-NAME) with the file and those packages as its deps/, where wit-parser
 * looks for them.
 */
function witPath(c, witDir) {
  const file = join(c.witDir ?? witDir, c.wit);
  if (!c.wasiDeps) {
    return file;
  }
  const dir = join("target", `wit-${c.name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(file, join(dir, c.wit));
  cpSync(WASI_DEPS, join(dir, "deps"), { recursive: true });
  return dir;
}

/**
 * {@code witSource} with the standard packages of WASI_DEPS appended as nested packages
 * (`package wasi:config@0.2.0-rc.1 { ... }`): componentEmbed reads one WIT text, not a directory.
 */
function withWasiDeps(witSource) {
  return [witSource, nestedPackages(WASI_DEPS)].join("\n");
}

async function main([coreDir, witDir, outDir, skipC]) {
  if (!coreDir || !witDir || !outDir) {
    throw new Error("usage: node build-components.mjs CORE_DIR WIT_DIR OUT_DIR SKIP_C");
  }
  mkdirSync(outDir, { recursive: true });
  for (const c of COMPONENTS) {
    if (c.c && skipC === "true") {
      console.log(`[component] ${c.name}: skipped (no C compiler)`);
      continue;
    }
    if (c.js) {
      const component = await jsComponent(c, witDir, join(witDir, "..", "js"));
      writeFileSync(join(outDir, `${c.name}.wasm`), component);
      writeFileSync(join(outDir, `${c.name}.wit`), readFileSync(join(c.witDir ?? witDir, c.wit), "utf8"));
      console.log(`[component] ${c.js} + ${c.wit} (world ${c.world}) -> ${join(outDir, c.name + ".wasm")} (${component.length} bytes)`);
      continue;
    }
    const corePath = join(coreDir, `${c.name}.wasm`);
    if (!existsSync(corePath)) {
      throw new Error(`${c.name}: core module ${corePath} is missing`);
    }
    const witSource = readFileSync(join(c.witDir ?? witDir, c.wit), "utf8");
    let component;
    try {
      component = await coreComponent({
        modules: "node_modules",
        source: c.wasiDeps ? withWasiDeps(witSource) : c.wasiHttp ? httpWitSource(c, witSource) : witSource,
        world: c.world,
        core: readFileSync(corePath),
        adapter: c.adapter,
        encoding: c.encoding,
      });
    } catch (e) {
      throw new Error(`${c.name}: ${e?.message ?? e}`);
    }
    writeFileSync(join(outDir, `${c.name}.wasm`), component);
    writeFileSync(join(outDir, `${c.name}.wit`), witSource);
    console.log(`[component] ${corePath} + ${c.wit} (world ${c.world}) -> ${join(outDir, c.name + ".wasm")} (${component.length} bytes)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
}
