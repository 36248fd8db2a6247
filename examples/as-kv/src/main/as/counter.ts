// as-kv: counts the requests it answers in its key-value store (capability kv), so the count
// survives restarts, updates and container restarts, and replies {"hits":N}.
//   g! wasm:ask as-kv '{}'    ->  {"hits":1}
import { Message, OK, ERROR, NOT_FOUND, http, jsonPayload, kv, log, reply } from "../../../../../guest/assemblyscript/assembly/index";

export { alloc, dealloc } from "../../../../../guest/assemblyscript/assembly/index";

export function handleMessage(senderPtr: usize, senderLen: i32, msgPtr: usize, msgLen: i32): i32 {
  Message.read(senderPtr, senderLen, msgPtr, msgLen);
  const stored = kv.get("hits");
  let hits: i32 = 0;
  if (stored.code == OK) {
    hits = I32.parseInt(String.UTF8.decode(stored.value.buffer));
  } else if (stored.code != NOT_FOUND) {
    log(ERROR, "kv.get failed: " + stored.code.toString());
    return -stored.code;
  }
  hits++;
  const rc = kv.set("hits", Uint8Array.wrap(String.UTF8.encode(hits.toString())));
  if (rc != OK) {
    log(ERROR, "kv.set failed: " + rc.toString());
    return -rc;
  }
  const keys = kv.list("");
  return reply(jsonPayload("{\"hits\":" + hits.toString() + ",\"keys\":" + keys.keys.length.toString() + "}")) == OK ? 0 : 1;
}

// The status of a GET of `http://127.0.0.1:<port>/` (http-allow names 127.0.0.1), or the negative code.
export function status(port: i32): i32 {
  return http.request("GET", "http://127.0.0.1:" + port.toString() + "/").status;
}
