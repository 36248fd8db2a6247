// wasi-draft: a JavaScript component (QuickJS, componentize-qjs) of world wasi-draft in
// src/main/wit/wasi-user.wit. It uses the standard interfaces as wasmCloud components import
// them: wasi:keyvalue 0.2.0-draft (store, atomics, batch), wasi:config 0.2.0-draft and
// 0.2.0-rc.1, wasi:logging 0.1.0-draft. A failure of the host comes back as the err text
// "<tag>: <description>".
import store from "wasi:keyvalue/store@0.2.0-draft";
import atomics from "wasi:keyvalue/atomics@0.2.0-draft";
import batchOps from "wasi:keyvalue/batch@0.2.0-draft";
import configDraft from "wasi:config/store@0.2.0-draft";
import configRc from "wasi:config/store@0.2.0-rc.1";
import logging from "wasi:logging/logging@0.1.0-draft";

function failure(e) {
  if (e && typeof e === "object" && "tag" in e) {
    return e.val === undefined ? e.tag : `${e.tag}: ${e.val}`;
  }
  return String(e);
}

function guarded(body) {
  try {
    return body();
  } catch (e) {
    throw failure(e);
  }
}

function text(bytes) {
  return String.fromCharCode(...bytes);
}

export function count(key, delta) {
  return guarded(() => {
    const n = atomics.increment(store.open(""), key, delta);
    logging.log("debug", "", `${key} is ${n}`);
    return n;
  });
}

export function fill(bucketName, n) {
  return guarded(() => {
    const bucket = store.open(bucketName);
    for (let i = 0; i < n; i++) {
      bucket.set(`k${i}`, new Uint8Array([48 + (i % 10)]));
    }
    const all = [];
    let cursor = null;
    do {
      const page = bucket.listKeys(cursor);
      all.push(...page.keys);
      cursor = page.cursor;
    } while (cursor != null);
    return all;
  });
}

export function fetchMany(bucketName, wanted) {
  return guarded(() => batchOps.getMany(store.open(bucketName), wanted)
      .map((entry) => (entry == null ? null : text(entry[1]))));
}

export function setting(key) {
  return guarded(() => {
    const a = configDraft.get(key);
    const b = configRc.get(key);
    if (a !== b) {
      throw `0.2.0-draft answered ${a}, 0.2.0-rc.1 ${b}`;
    }
    return a;
  });
}
