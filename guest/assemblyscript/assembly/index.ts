// The Wharf guest ABI (version 1) for AssemblyScript: docs/guest-abi.md and docs/capabilities.md.
//
// Import it from your component's entry file and re-export the exports the host needs:
//
//   import { Message, reply } from "<path to>/guest/assemblyscript/assembly/index";
//   export { alloc, dealloc } from "<path to>/guest/assemblyscript/assembly/index";
//
//   export function handleMessage(senderPtr: usize, senderLen: i32, msgPtr: usize, msgLen: i32): i32 {
//     const m = Message.read(senderPtr, senderLen, msgPtr, msgLen);
//     return reply(m.payload) == OK ? 0 : 1;
//   }
//
// Build with the asconfig.json of this directory (it sets the runtime and replaces env.abort
// with wharfAbort below), then rename the export handleMessage to handle-message with
// tools/rename-exports.js: AssemblyScript cannot export a hyphenated name. See README.md.

// ---------------------------------------------------------------------------------------------
// Result codes of the host functions: 0 (or a count, or a status) on success, a negated error
// code on failure.

export const OK: i32 = 0;
export const UNKNOWN_TARGET: i32 = -1;
export const DENIED: i32 = -2;
export const TOO_LARGE: i32 = -3;
export const RATE_LIMITED: i32 = -4;
export const MAILBOX_FULL: i32 = -5;
export const UNKNOWN_CODEC: i32 = -6;
export const OUT_OF_BOUNDS: i32 = -7;
export const NOTHING_TO_REPLY: i32 = -8;
export const UNKNOWN_EXPORT: i32 = -20;
export const INVALID_ARGUMENTS: i32 = -21;
export const TRAP: i32 = -22;
export const TIMEOUT: i32 = -23;
export const UNAVAILABLE: i32 = -24;
export const NO_POLICY: i32 = -25;
export const NO_REPLY: i32 = -26;
export const GUEST_ERROR: i32 = -27;
export const ALLOCATION_FAILED: i32 = -29;
export const CAPABILITY_UNAVAILABLE: i32 = -30;
export const CAPABILITY_FAILED: i32 = -31;
export const NOT_FOUND: i32 = -32;
export const QUOTA_EXCEEDED: i32 = -33;
export const REQUEST_FAILED: i32 = -34;
export const LATTICE_UNAVAILABLE: i32 = -35;
export const BUSY: i32 = -36;

// Log levels.
export const TRACE: i32 = 0;
export const DEBUG: i32 = 1;
export const INFO: i32 = 2;
export const WARN: i32 = 3;
export const ERROR: i32 = 4;

// Multicodec codes a payload starts with (as an unsigned varint).
export const CODEC_CBOR: u32 = 0x51;
export const CODEC_JSON: u32 = 0x0200;
export const CODEC_BORSH: u32 = 0x0701;

// ---------------------------------------------------------------------------------------------
// Imports of module "wharf".

// @ts-ignore: decorator
@external("wharf", "send")
declare function wharf_send(toPtr: usize, toLen: i32, msgPtr: usize, msgLen: i32): i32;
// @ts-ignore: decorator
@external("wharf", "reply")
declare function wharf_reply(msgPtr: usize, msgLen: i32): i32;
// @ts-ignore: decorator
@external("wharf", "ask")
declare function wharf_ask(toPtr: usize, toLen: i32, msgPtr: usize, msgLen: i32, timeoutMs: i32, out: usize): i32;
// @ts-ignore: decorator
@external("wharf", "log")
declare function wharf_log(level: i32, ptr: usize, len: i32): void;

// Imports of the capability kv (module "wharf:kv"). An import that is never called is not in
// the module, so a component that uses no kv function needs no capabilities="kv".
// @ts-ignore: decorator
@external("wharf:kv", "get")
declare function wharf_kv_get(keyPtr: usize, keyLen: i32, out: usize): i32;
// @ts-ignore: decorator
@external("wharf:kv", "set")
declare function wharf_kv_set(keyPtr: usize, keyLen: i32, valPtr: usize, valLen: i32): i32;
// @ts-ignore: decorator
@external("wharf:kv", "delete")
declare function wharf_kv_delete(keyPtr: usize, keyLen: i32): i32;
// @ts-ignore: decorator
@external("wharf:kv", "list")
declare function wharf_kv_list(prefixPtr: usize, prefixLen: i32, out: usize): i32;

// And of wharf:http.
// @ts-ignore: decorator
@external("wharf:http", "request")
declare function wharf_http_request(methodPtr: usize, methodLen: i32, urlPtr: usize, urlLen: i32,
  headersPtr: usize, headersLen: i32, bodyPtr: usize, bodyLen: i32, out: usize): i32;

// And of wharf:config.
// @ts-ignore: decorator
@external("wharf:config", "get")
declare function wharf_config_get(keyPtr: usize, keyLen: i32, out: usize): i32;

// ---------------------------------------------------------------------------------------------
// The alloc and dealloc exports. Re-export both from your entry file.
//
// They hand out memory of AssemblyScript's heap allocator (TLSF with the incremental runtime),
// which the garbage collector does not manage: a buffer stays valid until dealloc, whatever the
// collector does meanwhile.

export function alloc(len: i32): usize {
  if (len < 0) return 0;
  return heap.alloc(<usize>(len == 0 ? 1 : len));
}

export function dealloc(ptr: usize, len: i32): void {
  if (ptr != 0) heap.free(ptr);
}

// The "out" of ask and capability functions: the host stores address and length (two
// little-endian u32) here. One scratch area is enough: a call reads it before the next one.
const OUT: usize = memory.data(8);
// The two result buffers of http.request: the body, then the header lines.
const OUT2: usize = memory.data(16);

// Takes the result buffer the host stored at OUT: copies it into a Uint8Array and gives the
// buffer back.
function takeOut(): Uint8Array {
  return takeAt(OUT);
}

// The same for the buffer whose address and length the host stored at `at`.
function takeAt(at: usize): Uint8Array {
  const ptr = <usize>load<u32>(at);
  const len = <i32>load<u32>(at, 4);
  const result = new Uint8Array(len);
  if (ptr != 0) {
    memory.copy(result.dataStart, ptr, <usize>len);
    heap.free(ptr);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// abort: the default build of AssemblyScript imports env.abort, which Wharf refuses at deploy.
// asconfig.json points abort here (--use abort=wharfAbort): the message goes to the log at
// level error, then the instance traps.

// @ts-ignore: decorator
@global
export function wharfAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  log(ERROR, text);
  unreachable();
}

// ---------------------------------------------------------------------------------------------
// Messages.

// A message handed to handle-message: the sender's id and the payload, copied out of the host's
// buffer (that buffer is valid only during handle-message; these copies are yours).
export class Message {
  constructor(public sender: string, public payload: Uint8Array) {}

  // Reads the arguments of handle-message.
  static read(senderPtr: usize, senderLen: i32, msgPtr: usize, msgLen: i32): Message {
    const sender = String.UTF8.decodeUnsafe(senderPtr, <usize>senderLen);
    const payload = new Uint8Array(msgLen);
    memory.copy(payload.dataStart, msgPtr, <usize>msgLen);
    return new Message(sender, payload);
  }

  // The codec code of the payload (CODEC_JSON, CODEC_CBOR, ...), or -1 when its prefix is malformed.
  codec(): i64 {
    return codecOf(this.payload);
  }

  // The payload without its codec prefix.
  body(): Uint8Array {
    return body(this.payload);
  }

  // The body as text (for JSON payloads).
  text(): string {
    return String.UTF8.decode(body(this.payload).slice().buffer);
  }
}

// Sends msg (with its codec prefix) to the component to. OK when accepted.
export function send(to: string, msg: Uint8Array): i32 {
  const id = String.UTF8.encode(to);
  return wharf_send(changetype<usize>(id), id.byteLength, msg.dataStart, msg.byteLength);
}

// Answers the message being handled when it was a request (ask). OK when accepted.
export function reply(msg: Uint8Array): i32 {
  return wharf_reply(msg.dataStart, msg.byteLength);
}

// The result of ask: a code (OK or a negated error code) and, on OK, the reply payload.
export class AskResult {
  constructor(public code: i32, public payload: Uint8Array) {}
}

// Sends msg to to as a request and waits at most timeoutMs for its reply.
export function ask(to: string, msg: Uint8Array, timeoutMs: i32): AskResult {
  const id = String.UTF8.encode(to);
  const code = wharf_ask(changetype<usize>(id), id.byteLength, msg.dataStart, msg.byteLength, timeoutMs, OUT);
  return new AskResult(code, code == OK ? takeOut() : new Uint8Array(0));
}

// Writes a line to the host's log (TRACE .. ERROR).
export function log(level: i32, text: string): void {
  const bytes = String.UTF8.encode(text);
  wharf_log(level, changetype<usize>(bytes), bytes.byteLength);
}

// ---------------------------------------------------------------------------------------------
// Payloads.

// The codec code at the start of payload, or -1 when the prefix is malformed.
export function codecOf(payload: Uint8Array): i64 {
  let value: u32 = 0;
  for (let i = 0; i < payload.length && i < 5; i++) {
    const b = <u32>payload[i];
    value |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return <i64>value;
  }
  return -1;
}

// The length of the codec prefix of payload, 0 when it is malformed.
function prefixLength(payload: Uint8Array): i32 {
  for (let i = 0; i < payload.length && i < 5; i++) {
    if ((payload[i] & 0x80) == 0) return i + 1;
  }
  return 0;
}

// The payload without its codec prefix (a view on the same bytes).
export function body(payload: Uint8Array): Uint8Array {
  return payload.subarray(prefixLength(payload));
}

// A payload: the codec prefix of code, then bytes.
export function payload(code: u32, bytes: Uint8Array): Uint8Array {
  let n = 1;
  for (let v = code >> 7; v != 0; v >>= 7) n++;
  const out = new Uint8Array(n + bytes.length);
  let v = code;
  for (let i = 0; i < n; i++) {
    out[i] = <u8>((v & 0x7f) | (i < n - 1 ? 0x80 : 0));
    v >>= 7;
  }
  out.set(bytes, n);
  return out;
}

// A JSON payload: the prefix 0x80 0x04, then text (JSON, as UTF-8).
export function jsonPayload(text: string): Uint8Array {
  return payload(CODEC_JSON, Uint8Array.wrap(String.UTF8.encode(text)));
}

// ---------------------------------------------------------------------------------------------
// Capabilities. Declare them in the Wasm-Component clause: capabilities="kv,config".

// The result of a capability function with a variable-length value.
export class Result {
  constructor(public code: i32, public value: Uint8Array) {}
  get ok(): bool { return this.code >= 0; }
}

export namespace kv {
  // OK and the value, or NOT_FOUND.
  export function get(key: string): Result {
    const k = String.UTF8.encode(key);
    const code = wharf_kv_get(changetype<usize>(k), k.byteLength, OUT);
    return new Result(code, code == OK ? takeOut() : new Uint8Array(0));
  }

  // OK once stored, or QUOTA_EXCEEDED (nothing written).
  export function set(key: string, value: Uint8Array): i32 {
    const k = String.UTF8.encode(key);
    return wharf_kv_set(changetype<usize>(k), k.byteLength, value.dataStart, value.byteLength);
  }

  // OK, or NOT_FOUND.
  export function remove(key: string): i32 {
    const k = String.UTF8.encode(key);
    return wharf_kv_delete(changetype<usize>(k), k.byteLength);
  }

  // The keys that start with `prefix`, in byte order; on failure the negative code in `code`.
  export class Keys {
    constructor(public code: i32, public keys: string[]) {}
  }

  export function list(prefix: string): Keys {
    const p = String.UTF8.encode(prefix);
    const code = wharf_kv_list(changetype<usize>(p), p.byteLength, OUT);
    const keys = new Array<string>();
    if (code < 0) return new Keys(code, keys);
    // consecutive entries: a u32 little-endian length, then the key's bytes
    const raw = takeOut();
    let at = 0;
    while (at + 4 <= raw.length) {
      const n = <i32>load<u32>(raw.dataStart + <usize>at);
      keys.push(String.UTF8.decodeUnsafe(raw.dataStart + <usize>(at + 4), <usize>n));
      at += 4 + n;
    }
    return new Keys(code, keys);
  }
}

export namespace http {
  // A response: `status` (100-599), or a negative code and no body.
  export class Response {
    constructor(public status: i32, public body: Uint8Array, public headers: string) {}
    get ok(): bool { return this.status >= 0; }
  }

  // An HTTP request to a host in the component's http-allow; `headers` are "Name: value" lines.
  export function request(method: string, url: string, headers: string = "", body: Uint8Array = new Uint8Array(0)): Response {
    const m = String.UTF8.encode(method);
    const u = String.UTF8.encode(url);
    const h = String.UTF8.encode(headers);
    const status = wharf_http_request(changetype<usize>(m), m.byteLength, changetype<usize>(u), u.byteLength,
      changetype<usize>(h), h.byteLength, body.dataStart, body.byteLength, OUT2);
    if (status < 0) return new Response(status, new Uint8Array(0), "");
    const responseBody = takeAt(OUT2);
    const responseHeaders = takeAt(OUT2 + 8);
    return new Response(status, responseBody, String.UTF8.decode(responseHeaders.buffer));
  }
}

export namespace config {
  // OK and the value of config.<key> (UTF-8), or NOT_FOUND.
  export function get(key: string): Result {
    const k = String.UTF8.encode(key);
    const code = wharf_config_get(changetype<usize>(k), k.byteLength, OUT);
    return new Result(code, code == OK ? takeOut() : new Uint8Array(0));
  }
}

// The result of _save_state: ptr << 32 | len of a blob in memory (keep the blob alive).
export function state(blob: Uint8Array): i64 {
  return <i64>((<u64>blob.dataStart << 32) | <u64><u32>blob.byteLength);
}
