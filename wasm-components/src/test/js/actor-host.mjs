// A host of wharf:actor/messaging for verify-components.mjs: the actor components' imports,
// transpiled by jco, come here. It records what they send, reply and ask; an ask is answered from
// `host.answers`; `host.refuse` (an error variant, e.g. { tag: "denied", val: "no" }) refuses
// every send and ask, thrown with a payload as jco passes err values of imports.

export const host = { sent: [], replies: [], asked: [], answers: {}, refuse: null };

function refused() {
  if (host.refuse) {
    const e = new Error(host.refuse.tag);
    e.payload = host.refuse;
    throw e;
  }
}

export const messaging = {
  send(to, payload) {
    refused();
    host.sent.push([to, Uint8Array.from(payload)]);
  },
  reply(payload) {
    host.replies.push(Uint8Array.from(payload));
  },
  ask(to, payload, timeoutMs) {
    refused();
    host.asked.push([to, Uint8Array.from(payload), timeoutMs]);
    const answer = host.answers[to];
    if (!answer) {
      const e = new Error("unknown-target");
      e.payload = { tag: "unknown-target", val: `no component ${to}` };
      throw e;
    }
    return answer;
  },
};
