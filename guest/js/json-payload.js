// JSON payloads as Wharf carries them: the multicodec prefix of JSON (0x0200, as the varint
// 0x80 0x04) and then the UTF-8 text. QuickJS as componentize-qjs builds it has no TextEncoder,
// so UTF-8 is written here. For JavaScript components (componentize-qjs): import it with a
// relative path and give componentize a module root that holds both the script and this file
// (guest/component/componentize.mjs --module-root), as examples/js-actors and
// wasm-components/src/main/js/js-actor.js do.
const PREFIX = [0x80, 0x04];

/** The UTF-8 bytes of `text`, as an array of numbers. */
export function utf8(text) {
  const out = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    } else if (c < 0x10000) {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else {
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
  }
  return out;
}

/** The text of the UTF-8 `bytes` from index `from` on. */
export function text(bytes, from) {
  let s = "";
  for (let i = from; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
      c = (c << 6) | (bytes[i + k] & 63);
    }
    s += String.fromCodePoint(c);
    i += n;
  }
  return s;
}

/** The payload of a value: the JSON prefix, then the value's JSON text. */
export function encode(value) {
  return new Uint8Array(PREFIX.concat(utf8(JSON.stringify(value))));
}

/**
 * The value of a JSON payload; for any other it throws `notJson` (an err of the handler), by
 * default "expected a JSON payload (codec prefix 0x80 0x04)".
 */
export function decode(payload, notJson = "expected a JSON payload (codec prefix 0x80 0x04)") {
  if (payload.length < 2 || payload[0] !== PREFIX[0] || payload[1] !== PREFIX[1]) {
    throw notJson;
  }
  return JSON.parse(text(payload, 2));
}

/**
 * An error of an import as text, "denied: why": componentize-qjs throws an Error whose payload
 * is the err value, here a case of an error variant ({tag, val}).
 */
export function failure(e) {
  const err = e && e.payload !== undefined ? e.payload : e;
  return err && typeof err === "object" && "tag" in err ? `${err.tag}: ${err.val}` : String(err);
}
