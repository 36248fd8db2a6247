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
// the JSON payload helpers of the guest SDK (build-components.mjs gives componentize the repository as module root)
import { decode as decodeJson, encode, text, utf8 } from "../../../../guest/js/json-payload.js";

let count = 0;
let sick = false;
let lastError = null;

// a payload that is not JSON is refused with this text
const decode = (payload) => decodeJson(payload, "not a JSON payload");

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
