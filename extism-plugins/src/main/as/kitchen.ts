// kitchen: one export per thing a host of Extism plugins must get right (input, output, errors,
// traps, config, vars, logs). Built twice: kitchen.wasm and kitchen-v2.wasm; the only difference is
// the integer constant KITCHEN_VERSION that the build of kitchen-v2 introduces (asc --use
// KITCHEN_VERSION=2) and that is 1 when absent.

import { Config, Host, LogLevel, Var } from "@extism/as-pdk";
import { jsonEscape, outputText, setError } from "./support";

const DEFAULT_VOWELS = "aeiouAEIOU";

// @ts-ignore: KITCHEN_VERSION exists only when the build defines it
const VERSION: i32 = isDefined(KITCHEN_VERSION) ? KITCHEN_VERSION : 1;

/** Output: {@code Hello, <input>!} */
export function greet(): i32 {
  outputText("Hello, " + Host.inputString() + "!");
  return 0;
}

/**
 * Counts the characters of the input that are in the vowel set (config key {@code vowels}, else
 * {@code aeiouAEIOU}) and adds them to var {@code total} (decimal text). Output:
 * {@code {"count":C,"total":T,"vowels":"V"}}.
 */
export function count_vowels(): i32 {
  const input = Host.inputString();
  const configured = Config.get("vowels");
  const vowels = configured !== null ? configured : DEFAULT_VOWELS;
  let count: i64 = 0;
  for (let i = 0; i < input.length; i++) {
    if (vowels.includes(input.charAt(i))) count++;
  }
  const total = readCounter("total") + count;
  writeCounter("total", total);
  outputText('{"count":' + count.toString() + ',"total":' + total.toString()
    + ',"vowels":"' + jsonEscape(vowels) + '"}');
  return 0;
}

/** Adds 1 to var {@code count} (decimal text, absent = 0) and outputs the new value. */
export function var_count(): i32 {
  const count = readCounter("count") + 1;
  writeCounter("count", count);
  outputText(count.toString());
  return 0;
}

/** Input: a config key. Output: its value; the error {@code no config key '<key>'} if it has none. */
export function config_get(): i32 {
  const key = Host.inputString();
  const value = Config.get(key);
  if (value === null) {
    setError("no config key '" + key + "'");
    return 1;
  }
  outputText(value);
  return 0;
}

/** Output: {@code 1} in kitchen.wasm, {@code 2} in kitchen-v2.wasm. */
export function version(): i32 {
  outputText(VERSION.toString());
  return 0;
}

/** Error: {@code failed on purpose: <input>}; returns 1. */
export function fail(): i32 {
  setError("failed on purpose: " + Host.inputString());
  return 1;
}

/** Traps (unreachable). */
export function trap(): i32 {
  unreachable();
  return 0;
}

/** Logs the input at level info; output: {@code logged}. */
export function log_it(): i32 {
  Host.log(LogLevel.Info, Host.inputString());
  outputText("logged");
  return 0;
}

/** Output: {@code {"plugin":"kitchen","got":<input>}}, the input inserted as it is. */
export function handle_message(): i32 {
  outputText('{"plugin":"kitchen","got":' + Host.inputString() + "}");
  return 0;
}

function readCounter(name: string): i64 {
  const text = Var.getString(name);
  return text !== null ? I64.parseInt(text) : 0;
}

function writeCounter(name: string, value: i64): void {
  Var.set(name, Uint8Array.wrap(String.UTF8.encode(value.toString())));
}
