//! rust-echo: answers every request with the payload it got, codec prefix included. A message
//! from another component (a send, not a request) is sent back to its sender.
//!
//!   g! wasm:ask rust-echo '{"q":1}'
//!   {"q":1}

fn handle(sender: &str, msg: &[u8]) -> i32 {
    match wharf::reply(msg) {
        Ok(()) => 0,
        // not a request: echo it back to whoever sent it
        Err(wharf::Error::NothingToReply) => match wharf::send(sender, msg) {
            Ok(()) => 0,
            Err(e) => e.code(),
        },
        Err(e) => e.code(),
    }
}

wharf::handler!(handle);
