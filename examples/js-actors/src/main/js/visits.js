// visits: counts visits of pages with wasi:keyvalue, the component's own store of the kv
// capability, so the counts outlive restarts and updates. A message {"page": P} counts one visit
// of P; an ask gets {"page": P, "visits": N} back.
//   g! wasm:ask visits '{"page":"/home"}'   ->  {"page":"/home","visits":1}
//   g! wasm:invoke visits count '"/home"'    ->  ok(1)
import messaging from "wharf:actor/messaging@1.0.0";
import store from "wasi:keyvalue/store@0.2.0-draft";
import atomics from "wasi:keyvalue/atomics@0.2.0-draft";
import { decode, encode, failure } from "../../../../../guest/js/json-payload.js";

let bucket;

// the component's store, opened once per instance
function pages() {
  bucket ??= store.open("visits");
  return bucket;
}

export const handler = {
  handleMessage(message) {
    const { page } = decode(message.payload);
    if (typeof page !== "string") {
      throw "expected {\"page\": \"...\"}";
    }
    let visits;
    try {
      visits = atomics.increment(pages(), page, 1);
    } catch (e) {
      throw `could not count ${page}: ${failure(e)}`;
    }
    if (message.request) {
      messaging.reply(encode({ page, visits }));
    }
  },
};

// an export of the world; a counter is 8 bytes little-endian in the store, and a u64 a JavaScript
// number (exact up to 2^53) in componentize-qjs's bindings
export function count(page) {
  try {
    const value = pages().get(page);
    if (value === undefined || value === null) {
      return 0;
    }
    let n = 0;
    for (let i = value.length - 1; i >= 0; i--) {
      n = n * 256 + value[i];
    }
    return n;
  } catch (e) {
    throw failure(e);
  }
}
