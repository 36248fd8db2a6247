// wasi-user: a JavaScript component (QuickJS, componentize-qjs) of world wasi-user in
// src/main/wit/wasi-user.wit. It uses the standard interfaces as Spin 3 components import them:
// wasi:keyvalue 0.2.0-draft2 (store, atomics, batch), wasi:config 0.2.0-draft-2024-09-27 and
// wasi:logging 0.1.0-draft, which Wharf serves over its kv and config capabilities and the log.
// A failure of the host (an error variant thrown by an import) comes back as the err text
// "<tag>: <description>".
import store from "wasi:keyvalue/store@0.2.0-draft2";
import atomics from "wasi:keyvalue/atomics@0.2.0-draft2";
import batchOps from "wasi:keyvalue/batch@0.2.0-draft2";
import config from "wasi:config/store@0.2.0-draft-2024-09-27";
import logging from "wasi:logging/logging@0.1.0-draft";

function utf8(text) {
  const out = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

function text(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let c, n;
    if (b < 0x80) { c = b; n = 1; }
    else if (b < 0xe0) { c = b & 31; n = 2; }
    else if (b < 0xf0) { c = b & 15; n = 3; }
    else { c = b & 7; n = 4; }
    for (let k = 1; k < n; k++) c = (c << 6) | (bytes[i + k] & 63);
    s += String.fromCodePoint(c);
    i += n;
  }
  return s;
}

// what the host threw, as the export's error text
function failure(e) {
  if (e && typeof e === "object" && "tag" in e) {
    const inner = e.val && typeof e.val === "object" && "tag" in e.val ? failure(e.val) : e.val;
    return inner === undefined ? e.tag : `${e.tag}: ${inner}`;
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

export function count(key) {
  return guarded(() => {
    const bucket = store.open("default");
    const n = atomics.increment(bucket, key, 1);
    logging.log("info", "wasi-user", `${key} counted ${n}`);
    return n;
  });
}

export function put(bucketName, key, value) {
  guarded(() => store.open(bucketName).set(key, utf8(value)));
}

export function fetch(bucketName, key) {
  return guarded(() => {
    const value = store.open(bucketName).get(key);
    return value == null ? null : text(value);
  });
}

export function remove(bucketName, key) {
  return guarded(() => {
    const bucket = store.open(bucketName);
    const existed = bucket.exists(key);
    bucket.delete(key);
    return existed;
  });
}

export function keys(bucketName) {
  return guarded(() => {
    const bucket = store.open(bucketName);
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

export function batch(bucketName, entries, wanted) {
  return guarded(() => {
    const bucket = store.open(bucketName);
    batchOps.setMany(bucket, entries.map(([k, v]) => [k, utf8(v)]));
    return batchOps.getMany(bucket, wanted).map(([, v]) => (v == null ? null : text(v)));
  });
}

export function replace(key, expected, value) {
  return guarded(() => {
    const bucket = store.open("default");
    const cas = atomics.Cas.new(bucket, key);
    const current = cas.current();
    const seen = current == null ? null : text(current);
    if (seen !== expected) {
      return false;
    }
    try {
      atomics.swap(cas, utf8(value));
      return true;
    } catch (e) {
      if (e && e.tag === "cas-failed") {
        return false;
      }
      throw e;
    }
  });
}

export function setting(key) {
  return guarded(() => config.get(key));
}

export function settings() {
  return guarded(() => config.getAll());
}
