// js-greeter: an actor that messages. An ask {"name": N} gets {"greeting": "Hello, N!", "visits": V}:
// before answering it asks the component visits to count the greeting of N. When visits cannot
// answer (not deployed, denied by the policy, too slow), the greeting goes out with "visits": null
// and the reason is logged through wasi:logging.
//   g! wasm:ask js-greeter '{"name":"Ada"}'   ->  {"greeting":"Hello, Ada!","visits":1}
import messaging from "wharf:actor/messaging@1.0.0";
import logging from "wasi:logging/logging@0.1.0-draft";
import { decode, encode, failure } from "../../../../../guest/js/json-payload.js";

function visitsOf(name) {
  try {
    return decode(messaging.ask("visits", encode({ page: `greeter/${name}` }), 5000)).visits;
  } catch (e) {
    logging.log("warn", "greeter", `visits did not count ${name}: ${failure(e)}`);
    return null;
  }
}

export const handler = {
  handleMessage(message) {
    const { name } = decode(message.payload);
    if (typeof name !== "string" || name.length === 0) {
      throw "expected {\"name\": \"...\"}";
    }
    const answer = { greeting: `Hello, ${name}!`, visits: visitsOf(name) };
    if (message.request) {
      messaging.reply(encode(answer));
    }
  },
};
