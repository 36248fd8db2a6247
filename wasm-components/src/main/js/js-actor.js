// js-actor: an actor component in JavaScript (QuickJS, built with componentize-qjs) against the
// world stateful-actor of guest/wit/wharf/actor.wit, the WIT package users get. Its messages are
// JSON (codec prefix 0x0200); each request is answered with a JSON reply:
//   {"op":"count"}                 counts one and replies {"count":n,"from":<sender>}
//   {"op":"get"}                   replies {"count":n,"from":<sender>,"lastError":<tag or null>}
//   {"op":"ask","to":id,"body":v}  asks component id with v (JSON) and replies {"count":n,"answer":<its reply>}
//                                  or {"count":n,"error":<tag>,"text":<explanation>} when refused
//   {"op":"send","to":id,"body":v} sends v to id and replies {"sent":true} or the error as for ask
//   {"op":"twice"}                 replies {"first":true}, then tries a second reply (its error goes to lastError)
//   {"op":"silent"}                handles the message without replying
//   {"op":"fail"}                  answers with an error of its own: "asked to fail"
//   {"op":"sick"} / {"op":"well"}  makes health#check answer unhealthy / healthy (replies {"ok":true})
// A message that is not a request ({"op":"count"} sent, not asked) only counts. Its state on an
// update is {"v":1,"count":n}; a blob of another layout is refused.
import messaging from "wharf:actor/messaging@1.0.0";

let count = 0;
let sick = false;
let lastError = null;

// JSON's multicodec code 0x0200 as an unsigned varint
const JSON_PREFIX = [0x80, 0x04];

function utf8(text) {
  const out = [];
  for (const ch of text) {
    let c = ch.codePointAt(0);
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

function text(bytes, from) {
  let s = "";
  for (let i = from; i < bytes.length; ) {
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

function encode(value) {
  return new Uint8Array(JSON_PREFIX.concat(utf8(JSON.stringify(value))));
}

function decode(payload) {
  if (payload.length < 2 || payload[0] !== JSON_PREFIX[0] || payload[1] !== JSON_PREFIX[1]) {
    throw "not a JSON payload";
  }
  return JSON.parse(text(payload, 2));
}

// a refused call throws its error variant: {tag, val}
function refusal(e) {
  const err = e && e.payload !== undefined ? e.payload : e;
  if (err && err.tag !== undefined) {
    return { error: err.tag, text: String(Array.isArray(err.val) ? err.val[1] : err.val) };
  }
  return { error: "unknown", text: String(e) };
}

function handleMessage(message) {
  const m = decode(message.payload);
  const answer = (value) => {
    if (message.request) {
      messaging.reply(encode(value));
    }
  };
  switch (m.op) {
    case "count":
      count++;
      answer({ count, from: message.sender });
      return;
    case "get":
      answer({ count, from: message.sender, lastError });
      return;
    case "ask":
      try {
        const reply = messaging.ask(m.to, encode(m.body), 2000);
        answer({ count, answer: decode(reply) });
      } catch (e) {
        answer(Object.assign({ count }, refusal(e)));
      }
      return;
    case "send":
      try {
        messaging.send(m.to, encode(m.body));
        answer({ sent: true });
      } catch (e) {
        answer(refusal(e));
      }
      return;
    case "twice":
      answer({ first: true });
      try {
        messaging.reply(encode({ second: true }));
        lastError = null;
      } catch (e) {
        lastError = refusal(e).error;
      }
      return;
    case "silent":
      return;
    case "fail":
      throw "asked to fail";
    case "sick":
    case "well":
      sick = m.op === "sick";
      answer({ ok: true });
      return;
    default:
      throw "unknown op " + m.op;
  }
}

export const handler = { handleMessage };

export const health = {
  check() {
    return sick ? { tag: "unhealthy", val: "told to be sick" } : { tag: "healthy" };
  },
};

export const state = {
  saveState() {
    return new Uint8Array(utf8(JSON.stringify({ v: 1, count })));
  },
  restoreState(blob) {
    let s;
    try {
      s = JSON.parse(text(blob, 0));
    } catch (e) {
      throw "state is not JSON";
    }
    if (!s || s.v !== 1 || typeof s.count !== "number") {
      throw "unknown state layout";
    }
    count = s.count;
  },
};
