// as-echo: answers every request with the payload it got, codec prefix included. A message from
// another component (a send, not an ask) gets its payload sent back to its sender.
//   g! wasm:ask as-echo '{"q":1}'    ->  {"q":1}
import { Message, OK, WARN, log, reply, send } from "../../../../../guest/assemblyscript/assembly/index";

// the exports the host needs besides handle-message
export { alloc, dealloc } from "../../../../../guest/assemblyscript/assembly/index";

let echoes: i32 = 0;

// Exported as handleMessage; the build renames it to handle-message (tools/rename-exports.js).
export function handleMessage(senderPtr: usize, senderLen: i32, msgPtr: usize, msgLen: i32): i32 {
  const m = Message.read(senderPtr, senderLen, msgPtr, msgLen);
  echoes++;
  if (reply(m.payload) == OK) return 0;
  // not a request: send the payload back, unless it came from the host (it has no mailbox)
  if (m.sender == "host") return 0;
  const r = send(m.sender, m.payload);
  if (r != OK) log(WARN, "could not echo to " + m.sender + ": " + r.toString());
  return r == OK ? 0 : 1;
}

// the number of messages handled (wasm:invoke as-echo echoes)
export function count(): i32 {
  return echoes;
}

export function _health(): i32 {
  return 0;
}
