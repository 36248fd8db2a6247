//! The Wharf guest ABI (version 1) for Rust components on `wasm32-unknown-unknown`.
//!
//! Mirrors `guest/c/wharf.h`: the host functions of module `wharf` (`send`, `reply`, `ask`,
//! `log`), the built-in capabilities (`wharf:kv`, `wharf:config`, `wharf:http`), the `alloc` and
//! `dealloc` exports the host uses to hand over messages and results, and helpers for the
//! multicodec prefix of payloads.
//!
//! ```ignore
//! fn handle(_sender: &str, msg: &[u8]) -> i32 {
//!     match wharf::reply(msg) { Ok(()) => 0, Err(e) => e.code() }
//! }
//! wharf::handler!(handle);
//! ```
//!
//! A function of a capability becomes an import of the module only when the component calls it
//! (the linker drops unused imports): a component that uses no capability needs no
//! `capabilities` attribute in its `Wasm-Component` clause; one that calls `kv::get` must declare
//! `capabilities=kv` (docs/capabilities.md).
//!
//! Results the host returns through an "out" pointer (the reply of `ask`, capability results) are
//! copied into a `Vec` and given back to this crate's `dealloc` before the wrapper returns.

use std::alloc::{self as heap, Layout};
use std::fmt;

// ---------------------------------------------------------------------------------------------
// Errors

/// A negated error code of a host function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    UnknownTarget,
    Denied,
    TooLarge,
    RateLimited,
    MailboxFull,
    UnknownCodec,
    OutOfBounds,
    NothingToReply,
    UnknownExport,
    InvalidArguments,
    Trap,
    Timeout,
    Unavailable,
    NoPolicy,
    NoReply,
    GuestError,
    AllocationFailed,
    CapabilityUnavailable,
    CapabilityFailed,
    NotFound,
    QuotaExceeded,
    RequestFailed,
    LatticeUnavailable,
    Busy,
    /// Any other negative result.
    Other(i32),
}

impl Error {
    /// The error of a negative result (`-32` is `NotFound`).
    pub fn from_code(code: i32) -> Error {
        match code {
            -1 => Error::UnknownTarget,
            -2 => Error::Denied,
            -3 => Error::TooLarge,
            -4 => Error::RateLimited,
            -5 => Error::MailboxFull,
            -6 => Error::UnknownCodec,
            -7 => Error::OutOfBounds,
            -8 => Error::NothingToReply,
            -20 => Error::UnknownExport,
            -21 => Error::InvalidArguments,
            -22 => Error::Trap,
            -23 => Error::Timeout,
            -24 => Error::Unavailable,
            -25 => Error::NoPolicy,
            -26 => Error::NoReply,
            -27 => Error::GuestError,
            -29 => Error::AllocationFailed,
            -30 => Error::CapabilityUnavailable,
            -31 => Error::CapabilityFailed,
            -32 => Error::NotFound,
            -33 => Error::QuotaExceeded,
            -34 => Error::RequestFailed,
            -35 => Error::LatticeUnavailable,
            -36 => Error::Busy,
            other => Error::Other(other),
        }
    }

    /// The negative result this error stands for (`NotFound` is `-32`).
    pub fn code(self) -> i32 {
        match self {
            Error::UnknownTarget => -1,
            Error::Denied => -2,
            Error::TooLarge => -3,
            Error::RateLimited => -4,
            Error::MailboxFull => -5,
            Error::UnknownCodec => -6,
            Error::OutOfBounds => -7,
            Error::NothingToReply => -8,
            Error::UnknownExport => -20,
            Error::InvalidArguments => -21,
            Error::Trap => -22,
            Error::Timeout => -23,
            Error::Unavailable => -24,
            Error::NoPolicy => -25,
            Error::NoReply => -26,
            Error::GuestError => -27,
            Error::AllocationFailed => -29,
            Error::CapabilityUnavailable => -30,
            Error::CapabilityFailed => -31,
            Error::NotFound => -32,
            Error::QuotaExceeded => -33,
            Error::RequestFailed => -34,
            Error::LatticeUnavailable => -35,
            Error::Busy => -36,
            Error::Other(code) => code,
        }
    }

    /// The name the shell prints for this code (`not_found`).
    pub fn name(self) -> &'static str {
        match self {
            Error::UnknownTarget => "unknown_target",
            Error::Denied => "denied",
            Error::TooLarge => "too_large",
            Error::RateLimited => "rate_limited",
            Error::MailboxFull => "mailbox_full",
            Error::UnknownCodec => "unknown_codec",
            Error::OutOfBounds => "out_of_bounds",
            Error::NothingToReply => "nothing_to_reply",
            Error::UnknownExport => "unknown_export",
            Error::InvalidArguments => "invalid_arguments",
            Error::Trap => "trap",
            Error::Timeout => "timeout",
            Error::Unavailable => "unavailable",
            Error::NoPolicy => "no_policy",
            Error::NoReply => "no_reply",
            Error::GuestError => "guest_error",
            Error::AllocationFailed => "allocation_failed",
            Error::CapabilityUnavailable => "capability_unavailable",
            Error::CapabilityFailed => "capability_failed",
            Error::NotFound => "not_found",
            Error::QuotaExceeded => "quota_exceeded",
            Error::RequestFailed => "request_failed",
            Error::LatticeUnavailable => "lattice_unavailable",
            Error::Busy => "busy",
            Error::Other(_) => "error",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

impl std::error::Error for Error {}

/// `Ok(result)` for 0 and above, the error for a negative result.
pub fn check(result: i32) -> Result<i32, Error> {
    if result < 0 {
        Err(Error::from_code(result))
    } else {
        Ok(result)
    }
}

// ---------------------------------------------------------------------------------------------
// Host functions

#[allow(dead_code)]
mod sys {
    #[link(wasm_import_module = "wharf")]
    extern "C" {
        pub fn send(to: *const u8, to_len: i32, msg: *const u8, msg_len: i32) -> i32;
        pub fn reply(msg: *const u8, msg_len: i32) -> i32;
        pub fn log(level: i32, msg: *const u8, len: i32);
        pub fn ask(to: *const u8, to_len: i32, msg: *const u8, msg_len: i32, timeout_ms: i32, out: *mut u32) -> i32;
    }

    #[link(wasm_import_module = "wharf:kv")]
    extern "C" {
        #[link_name = "get"]
        pub fn kv_get(key: *const u8, key_len: i32, out: *mut u32) -> i32;
        #[link_name = "set"]
        pub fn kv_set(key: *const u8, key_len: i32, val: *const u8, val_len: i32) -> i32;
        #[link_name = "delete"]
        pub fn kv_delete(key: *const u8, key_len: i32) -> i32;
        #[link_name = "list"]
        pub fn kv_list(prefix: *const u8, prefix_len: i32, out: *mut u32) -> i32;
    }

    #[link(wasm_import_module = "wharf:config")]
    extern "C" {
        #[link_name = "get"]
        pub fn config_get(key: *const u8, key_len: i32, out: *mut u32) -> i32;
    }

    #[link(wasm_import_module = "wharf:http")]
    extern "C" {
        #[link_name = "request"]
        pub fn http_request(
            method: *const u8,
            method_len: i32,
            url: *const u8,
            url_len: i32,
            headers: *const u8,
            headers_len: i32,
            body: *const u8,
            body_len: i32,
            out: *mut u32,
        ) -> i32;
    }
}

/// Log levels of [`log`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

fn len32(bytes: &[u8]) -> i32 {
    // Linear memory of wasm32 is below 4 GiB; a slice longer than i32::MAX cannot be passed.
    if bytes.len() > i32::MAX as usize {
        i32::MAX
    } else {
        bytes.len() as i32
    }
}

/// Sends `msg` (with its codec prefix) to the component named `to`.
pub fn send(to: &str, msg: &[u8]) -> Result<(), Error> {
    let r = unsafe { sys::send(to.as_ptr(), len32(to.as_bytes()), msg.as_ptr(), len32(msg)) };
    check(r).map(|_| ())
}

/// Answers the message being handled when it was a request; `Err(NothingToReply)` otherwise.
pub fn reply(msg: &[u8]) -> Result<(), Error> {
    check(unsafe { sys::reply(msg.as_ptr(), len32(msg)) }).map(|_| ())
}

/// Writes a line to the host's log.
pub fn log(level: Level, msg: &str) {
    unsafe { sys::log(level as i32, msg.as_ptr(), len32(msg.as_bytes())) }
}

/// Sends `msg` to `to` as a request and waits at most `timeout_ms` for its reply payload.
pub fn ask(to: &str, msg: &[u8], timeout_ms: i32) -> Result<Vec<u8>, Error> {
    let mut out = [0u32; 2];
    let r = unsafe {
        sys::ask(to.as_ptr(), len32(to.as_bytes()), msg.as_ptr(), len32(msg), timeout_ms, out.as_mut_ptr())
    };
    check(r)?;
    Ok(unsafe { take(out[0], out[1]) })
}

/// Copies a buffer the host got from [`alloc`] into a `Vec` and gives it back; `(0, 0)` is empty.
unsafe fn take(ptr: u32, len: u32) -> Vec<u8> {
    if ptr == 0 {
        return Vec::new();
    }
    let v = std::slice::from_raw_parts(ptr as usize as *const u8, len as usize).to_vec();
    dealloc(ptr as usize as *mut u8, len as i32);
    v
}

// ---------------------------------------------------------------------------------------------
// alloc / dealloc exports

const ALIGN: usize = 8;

/// The `alloc` export: `len` bytes aligned to 8, or 0 when there is no memory left. A zero-length
/// request gets a non-zero, aligned address that must not be written (the host never asks for one).
#[export_name = "alloc"]
pub extern "C" fn alloc(len: i32) -> *mut u8 {
    if len < 0 {
        return std::ptr::null_mut();
    }
    if len == 0 {
        return ALIGN as *mut u8;
    }
    match Layout::from_size_align(len as usize, ALIGN) {
        Ok(layout) => unsafe { heap::alloc(layout) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// The `dealloc` export: gives back a buffer of [`alloc`] with its length.
///
/// # Safety
/// `ptr` must come from [`alloc`] with the same `len`, and not have been given back already.
#[export_name = "dealloc"]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: i32) {
    if ptr.is_null() || len <= 0 {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(len as usize, ALIGN) {
        heap::dealloc(ptr, layout);
    }
}

// ---------------------------------------------------------------------------------------------
// Export macros

/// Exports `handle-message`, calling `fn f(sender: &str, msg: &[u8]) -> i32` for each message.
///
/// The result is the ABI's: 0 = handled; any other value without a `reply` is a guest error.
/// A sender id that is not UTF-8 (the host never sends one) is passed as `""`.
#[macro_export]
macro_rules! handler {
    ($f:path) => {
        #[export_name = "handle-message"]
        pub unsafe extern "C" fn __wharf_handle_message(
            sender_ptr: *const u8,
            sender_len: i32,
            msg_ptr: *const u8,
            msg_len: i32,
        ) -> i32 {
            let f: fn(&str, &[u8]) -> i32 = $f;
            let sender = $crate::__private::bytes(sender_ptr, sender_len);
            let msg = $crate::__private::bytes(msg_ptr, msg_len);
            f(::core::str::from_utf8(sender).unwrap_or(""), msg)
        }
    };
}

/// Exports `_health`, calling `fn f() -> i32` (0 healthy, 1 degraded, 2 unhealthy).
#[macro_export]
macro_rules! health {
    ($f:path) => {
        #[export_name = "_health"]
        pub extern "C" fn __wharf_health() -> i32 {
            let f: fn() -> i32 = $f;
            f()
        }
    };
}

/// Exports `_initialize`, calling `fn f()` once per instance before the component is `READY`.
#[macro_export]
macro_rules! initialize {
    ($f:path) => {
        #[export_name = "_initialize"]
        pub extern "C" fn __wharf_initialize() {
            let f: fn() = $f;
            f()
        }
    };
}

/// Exports `_cleanup`, calling `fn f()` once before a graceful stop.
#[macro_export]
macro_rules! cleanup {
    ($f:path) => {
        #[export_name = "_cleanup"]
        pub extern "C" fn __wharf_cleanup() {
            let f: fn() = $f;
            f()
        }
    };
}

#[doc(hidden)]
pub mod __private {
    /// The bytes `[ptr, ptr + len)` of a buffer the host handed over.
    ///
    /// # Safety
    /// The host guarantees the buffer lies in memory for the duration of the call.
    pub unsafe fn bytes<'a>(ptr: *const u8, len: i32) -> &'a [u8] {
        if ptr.is_null() || len <= 0 {
            &[]
        } else {
            core::slice::from_raw_parts(ptr, len as usize)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Codecs

/// Multicodec code of CBOR.
pub const CBOR: u32 = 0x51;
/// Multicodec code of JSON (prefix bytes `0x80 0x04`).
pub const JSON: u32 = 0x0200;
/// Multicodec code of Borsh.
pub const BORSH: u32 = 0x0701;

/// The codec code and the prefix length of a payload, or `None` when it has no valid prefix.
pub fn prefix_of(msg: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (i, &b) in msg.iter().take(5).enumerate() {
        value |= ((b & 0x7f) as u32) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The codec code a payload starts with (`JSON`, `CBOR`, ...), or `None`.
pub fn codec_of(msg: &[u8]) -> Option<u32> {
    prefix_of(msg).map(|(code, _)| code)
}

/// A payload's bytes after its codec prefix (the whole payload when it has none).
pub fn body(msg: &[u8]) -> &[u8] {
    match prefix_of(msg) {
        Some((_, n)) => &msg[n..],
        None => msg,
    }
}

/// A payload of `codec` holding `body`.
pub fn payload(codec: u32, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(body.len() + 5);
    let mut c = codec;
    loop {
        let byte = (c & 0x7f) as u8;
        c >>= 7;
        if c != 0 {
            v.push(byte | 0x80);
        } else {
            v.push(byte);
            break;
        }
    }
    v.extend_from_slice(body);
    v
}

/// A JSON payload: the prefix `0x80 0x04`, then `json` (not checked).
pub fn json_payload(json: &str) -> Vec<u8> {
    payload(JSON, json.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Capabilities

/// `wharf:kv`: the component's own persistent key-value store (declare `capabilities=kv`).
pub mod kv {
    use super::{check, len32, sys, take, Error};

    /// The value of `key`, `None` when it is absent.
    pub fn get(key: &[u8]) -> Result<Option<Vec<u8>>, Error> {
        let mut out = [0u32; 2];
        match check(unsafe { sys::kv_get(key.as_ptr(), len32(key), out.as_mut_ptr()) }) {
            Ok(_) => Ok(Some(unsafe { take(out[0], out[1]) })),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Stores `value` under `key` (committed when it returns); `QuotaExceeded` writes nothing.
    pub fn set(key: &[u8], value: &[u8]) -> Result<(), Error> {
        check(unsafe { sys::kv_set(key.as_ptr(), len32(key), value.as_ptr(), len32(value)) }).map(|_| ())
    }

    /// Removes `key`: `Ok(true)` when it was there, `Ok(false)` when it was absent.
    pub fn delete(key: &[u8]) -> Result<bool, Error> {
        match check(unsafe { sys::kv_delete(key.as_ptr(), len32(key)) }) {
            Ok(_) => Ok(true),
            Err(Error::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The keys starting with `prefix` (all keys for an empty prefix), in ascending order.
    pub fn list(prefix: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
        let mut out = [0u32; 2];
        let n = check(unsafe { sys::kv_list(prefix.as_ptr(), len32(prefix), out.as_mut_ptr()) })?;
        let buf = unsafe { take(out[0], out[1]) };
        let mut keys = Vec::with_capacity(n as usize);
        let mut pos = 0usize;
        while pos + 4 <= buf.len() {
            let len = u32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]]) as usize;
            pos += 4;
            if len > buf.len() - pos {
                break;
            }
            keys.push(buf[pos..pos + len].to_vec());
            pos += len;
        }
        Ok(keys)
    }
}

/// `wharf:config`: the `config.<key>` properties of the component's configuration.
pub mod config {
    use super::{check, len32, sys, take, Error};

    /// The value of `config.<key>`, `None` when there is none. Invalid UTF-8 is replaced.
    pub fn get(key: &str) -> Result<Option<String>, Error> {
        let mut out = [0u32; 2];
        match check(unsafe { sys::config_get(key.as_ptr(), len32(key.as_bytes()), out.as_mut_ptr()) }) {
            Ok(_) => {
                let v = unsafe { take(out[0], out[1]) };
                Ok(Some(match String::from_utf8(v) {
                    Ok(s) => s,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                }))
            }
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// `wharf:http`: outgoing HTTP requests to the hosts of the component's `http-allow`.
pub mod http {
    use super::{check, len32, sys, take, Error};

    /// A response: status, body, and headers as `name: value\n` lines with lower-case names.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Response {
        pub status: i32,
        pub body: Vec<u8>,
        pub headers: String,
    }

    impl Response {
        /// The first value of header `name` (compared without regard to case).
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers.lines().find_map(|line| {
                let (n, v) = line.split_once(':')?;
                if n.trim().eq_ignore_ascii_case(name) {
                    Some(v.trim())
                } else {
                    None
                }
            })
        }
    }

    /// An HTTP request; `headers` are `Name: value` lines separated by `\n` (may be empty).
    /// Redirects are not followed: a 3xx comes back as it is.
    pub fn request(method: &str, url: &str, headers: &str, body: &[u8]) -> Result<Response, Error> {
        let mut out = [0u32; 4];
        let status = check(unsafe {
            sys::http_request(
                method.as_ptr(),
                len32(method.as_bytes()),
                url.as_ptr(),
                len32(url.as_bytes()),
                headers.as_ptr(),
                len32(headers.as_bytes()),
                body.as_ptr(),
                len32(body),
                out.as_mut_ptr(),
            )
        })?;
        let body = unsafe { take(out[0], out[1]) };
        let headers = unsafe { take(out[2], out[3]) };
        let headers = match String::from_utf8(headers) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Response { status, body, headers })
    }
}

// ---------------------------------------------------------------------------------------------
// State across an update

/// The result of a `_save_state` export: `ptr << 32 | len` of a blob in memory (keep it alive,
/// e.g. in a `static`, until the host has read it).
pub fn state(blob: &[u8]) -> i64 {
    (((blob.as_ptr() as usize as u64) << 32) | (blob.len() as u32 as u64)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_prefix() {
        assert_eq!(json_payload("{}"), vec![0x80, 0x04, b'{', b'}']);
        assert_eq!(codec_of(&json_payload("1")), Some(JSON));
        assert_eq!(body(&json_payload("12")), b"12");
        assert_eq!(codec_of(&payload(CBOR, b"x")), Some(CBOR));
        assert_eq!(codec_of(&payload(BORSH, b"x")), Some(BORSH));
        assert_eq!(codec_of(&[0x80]), None);
    }

    #[test]
    fn error_codes_round_trip() {
        for code in [-1, -2, -3, -4, -5, -6, -7, -8, -21, -23, -25, -29, -30, -31, -32, -33, -34, -99] {
            assert_eq!(Error::from_code(code).code(), code);
        }
        assert_eq!(Error::from_code(-32), Error::NotFound);
        assert_eq!(Error::from_code(-99), Error::Other(-99));
    }
}
