//! rust-kv: counts the JSON requests it gets in its kv store (key "hits", the count in decimal)
//! and answers each with the new count. The count survives restarts and updates.
//!
//!   g! wasm:ask rust-kv '{}'
//!   {"hits":1}

use wharf::{kv, Level};

const KEY: &[u8] = b"hits";

fn handle(_sender: &str, msg: &[u8]) -> i32 {
    if wharf::codec_of(msg) != Some(wharf::JSON) {
        wharf::log(Level::Warn, "rust-kv takes JSON payloads only");
        return wharf::Error::UnknownCodec.code();
    }
    match count() {
        Ok(hits) => {
            let answer = wharf::json_payload(&format!("{{\"hits\":{}}}", hits));
            match wharf::reply(&answer) {
                Ok(()) | Err(wharf::Error::NothingToReply) => 0,
                Err(e) => e.code(),
            }
        }
        Err(e) => {
            wharf::log(Level::Error, &format!("kv failed: {}", e));
            e.code()
        }
    }
}

/// Reads, increments and stores the counter; the new value.
fn count() -> Result<u64, wharf::Error> {
    let hits = match kv::get(KEY)? {
        Some(v) => std::str::from_utf8(&v).ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(0),
        None => 0,
    };
    let hits = hits + 1;
    kv::set(KEY, hits.to_string().as_bytes())?;
    Ok(hits)
}

wharf::handler!(handle);
