// What the test plugins need beyond @extism/as-pdk 1.0.0.
//
// The PDK's lib/env.ts declares only part of the Extism kernel; the rest is declared here with
// @external on the same module. An import that no plugin calls is left out of the binary.
//
// Two helpers replace PDK functions that do not fit: the PDK has no way to set an error (only the
// raw error_set import), and its Host.outputString sizes the output block by the string's length
// in UTF-16 units, not in UTF-8 bytes, so non-ASCII output would be cut and written past its block.

import { Host, LogLevel, Memory } from "@extism/as-pdk";
import { error_set } from "@extism/as-pdk/lib/env";

// @ts-ignore: decorator
@external("extism:host/env", "http_status_code")
export declare function http_status_code(): i32;
// @ts-ignore: decorator
@external("extism:host/env", "http_headers")
export declare function http_headers(): u64;
// @ts-ignore: decorator
@external("extism:host/env", "error_get")
export declare function error_get(): u64;
// @ts-ignore: decorator
@external("extism:host/env", "input_set")
export declare function input_set(offset: u64, length: u64): void;
// @ts-ignore: decorator
@external("extism:host/env", "log_trace")
export declare function log_trace(offset: u64): void;
// @ts-ignore: decorator
@external("extism:host/env", "get_log_level")
export declare function get_log_level(): i32;

/** Sets the output to the UTF-8 bytes of {@code text}. */
export function outputText(text: string): void {
  Host.output(Uint8Array.wrap(String.UTF8.encode(text)));
}

/** Sets the error of the call to the UTF-8 bytes of {@code message}; the export then returns 1. */
export function setError(message: string): void {
  error_set(Memory.allocateString(message).offset);
}

/** {@code text} as the body of a JSON string (quotes, backslashes and control characters escaped). */
export function jsonEscape(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += String.fromCharCode(c);
  }
  return out;
}

// A plugin built with asc's default options imports env.abort (failed assertions, out-of-bounds
// accesses, throw). The build points abort here (--use abort=pluginAbort): the message becomes the
// call's error, is logged at level error, and the call traps.
// @ts-ignore: decorator
@global
export function pluginAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  setError(text);
  Host.log(LogLevel.Error, text);
  unreachable();
}
