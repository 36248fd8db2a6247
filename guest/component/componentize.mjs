// Makes a WebAssembly component for Wharf from JavaScript or from a core module, with the npm
// packages this project's build uses (@bytecodealliance/jco 1.35, componentize-qjs 0.4.5): what
// the examples and the test components are built with, and what a plugin author can run here.
//
//   node componentize.mjs js   --wit DIR --world WORLD --js app.js --out app.wasm [--modules DIR]
//                              [--module-root DIR]
//   node componentize.mjs core --wit DIR --world WORLD --core app.core.wasm --out app.wasm
//                              [--adapter reactor] [--encoding utf8|utf16|compact-utf16] [--modules DIR]
//
// --wit      a directory of .wit files: the component's world, its packages, and a deps/ directory
//            of the packages it imports (copy guest/wit/wharf and guest/wit/deps/* there)
// --adapter  reactor: the core module was compiled against wasi-libc (clang --target=wasm32-wasi
//            -mexec-model=reactor); jco's WASI preview-1 adapter turns its imports into WASI 0.2
// --modules  where the npm packages are installed (default: next to this file)
// --module-root  the directory the script's imports are read from while the component is made,
//            holding the script and every module it imports (default: the working directory when
//            the script is under it, else the script's directory); the repository, for a script
//            that imports guest/js/json-payload.js
//
// JavaScript runs on QuickJS (componentize-qjs, `jco componentize --backend qjs`), with
// synchronous exports (sync: true): Wharf runs components without the async ABI.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The npm package `name` installed under `modules`, imported. */
async function load(modules, name) {
  const dir = join(modules, name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const entry = pkg.exports?.["."]?.import ?? pkg.exports?.["."]?.default ?? pkg.exports?.["."] ?? pkg.module ?? pkg.main ?? "index.js";
  return import(pathToFileURL(join(dir, typeof entry === "string" ? entry : entry.default)).href);
}

/** The packages of directory `depsDir` (a directory or a .wit file each) as nested package blocks, in name order. */
export function nestedPackages(depsDir) {
  const out = [];
  for (const d of readdirSync(depsDir).sort()) {
    const path = join(depsDir, d);
    const files = statSync(path).isDirectory()
      ? readdirSync(path).filter((f) => f.endsWith(".wit")).sort().map((f) => join(path, f)) : [path];
    for (const f of files) {
      out.push(readFileSync(f, "utf8").replace(/^package ([^;]+);/m, "package $1 {") + "\n}\n");
    }
  }
  return out.join("\n");
}

/**
 * The WIT of directory `dir` as one text, as componentEmbed reads it (it takes no directory): its
 * own files as they are, then each package of its deps/ as a nested package block.
 */
export function witSource(dir) {
  const own = readdirSync(dir).filter((f) => f.endsWith(".wit")).sort().map((f) => readFileSync(join(dir, f), "utf8"));
  const deps = existsSync(join(dir, "deps")) ? [nestedPackages(join(dir, "deps"))] : [];
  return [...own, ...deps].join("\n");
}

/**
 * A JavaScript component: `jsPath` with the world `world` of the WIT directory `wit`; its relative
 * imports are read under `moduleRoot` (when given).
 */
export async function jsComponent({ modules, wit, world, jsPath, moduleRoot }) {
  const { componentize } = await load(modules, "componentize-qjs");
  const { component } = await componentize({ witPath: wit, jsSource: readFileSync(jsPath, "utf8"), jsPath, world,
    sync: true, ...(moduleRoot ? { moduleRoot: resolve(moduleRoot) } : {}) });
  return component;
}

/** A component of the core module `core` (bytes) with the world `world` of the WIT text `source`. */
export async function coreComponent({ modules, source, world, core, adapter, encoding }) {
  const jco = await load(modules, join("@bytecodealliance", "jco"));
  const embedded = await jco.componentEmbed({ binary: core, witSource: source, world, stringEncoding: encoding ?? "utf8",
    metadata: [["processed-by", [["wharf-componentize", "1.0.0"]]]] });
  const adapters = adapter === "reactor" ? [["wasi_snapshot_preview1", readFileSync(jco.preview1AdapterReactorPath())]] : [];
  return jco.componentNew(embedded, adapters);
}

function options(args) {
  const o = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || args[i + 1] === undefined) {
      throw new Error(`expected --name value, got '${args[i]}'`);
    }
    o[args[i].slice(2)] = args[i + 1];
  }
  for (const required of ["wit", "world", "out"]) {
    if (!o[required]) {
      throw new Error(`--${required} is missing`);
    }
  }
  return o;
}

async function main([kind, ...args]) {
  const o = options(args);
  const modules = resolve(o.modules ?? join(dirname(new URL(import.meta.url).pathname), "node_modules"));
  let component;
  if (kind === "js" && o.js) {
    component = await jsComponent({ modules, wit: o.wit, world: o.world, jsPath: o.js, moduleRoot: o["module-root"] });
  } else if (kind === "core" && o.core) {
    component = await coreComponent({ modules, source: witSource(o.wit), world: o.world, core: readFileSync(o.core),
      adapter: o.adapter, encoding: o.encoding });
  } else {
    throw new Error("usage: componentize.mjs js --js FILE | core --core FILE, with --wit DIR --world WORLD --out FILE");
  }
  writeFileSync(o.out, component);
  console.log(`[componentize] ${basename(o.js ?? o.core)} (world ${o.world}) -> ${o.out} (${component.length} bytes)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`error: ${e?.message ?? e}`);
    process.exitCode = 1;
  });
}
