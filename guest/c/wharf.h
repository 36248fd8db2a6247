/*
 * wharf.h - the Wharf guest ABI (version 1) for C, in one header.
 *
 * Declares the host functions of module "wharf" (send, reply, ask, log) and of the built-in
 * capabilities (wharf:kv, wharf:config, wharf:http), provides the alloc/dealloc exports the host
 * uses to hand over messages and results, and small helpers for codec prefixes and for building
 * payloads without libc.
 *
 * Include it in exactly one .c file of your component (it defines the alloc and dealloc
 * exports there), or define WHARF_NO_ALLOCATOR and export your own. With wasi-libc
 * (--target=wasm32-wasi) alloc and dealloc are malloc and free; freestanding (--target=wasm32,
 * -nostdlib) they are the small allocator below. Compile with:
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -I path/to/guest/c -o my.wasm my.c
 *
 * (-mbulk-memory turns copies into memory.copy instead of calls to a libc memcpy.)
 *
 * The allocator is made for the host's message buffers: it hands out memory from the heap and
 * starts over once every buffer has been given back (the host frees the buffer of a message
 * right after handle-message returns). Keep your own data in static storage, and give every
 * result buffer (wharf_bytes) back with wharf_free before the call that got it returns.
 *
 * A function of a capability becomes an import of the module only when the component calls it:
 * a component that uses no capability needs no capabilities attribute. One that calls, say,
 * wharf_kv_get must declare capabilities="kv" in its Wasm-Component clause (docs/capabilities.md).
 */
#ifndef WHARF_H
#define WHARF_H

#include <stddef.h>
#include <stdint.h>

#define WHARF_EXPORT(name) __attribute__((export_name(name)))
#define WHARF_IMPORT(name) __attribute__((import_module("wharf"), import_name(name)))
/* A function of capability cap, imported from module "wharf:<cap>": WHARF_IMPORT_CAP("kv", "get"). */
#define WHARF_IMPORT_CAP(cap, name) __attribute__((import_module("wharf:" cap), import_name(name)))

/*
 * Results of the host functions: 0 (or, for capability functions, a count or a status) on
 * success, a negated error code on failure. wharf_send and wharf_reply answer only 0 to -8;
 * wharf_ask and capability functions answer any of them.
 */
enum {
    WHARF_OK = 0,
    WHARF_UNKNOWN_TARGET = -1,
    WHARF_DENIED = -2,
    WHARF_TOO_LARGE = -3,
    WHARF_RATE_LIMITED = -4,
    WHARF_MAILBOX_FULL = -5,
    WHARF_UNKNOWN_CODEC = -6,
    WHARF_OUT_OF_BOUNDS = -7,
    WHARF_NOTHING_TO_REPLY = -8,
    WHARF_UNKNOWN_EXPORT = -20,
    WHARF_INVALID_ARGUMENTS = -21,
    WHARF_TRAP = -22,
    WHARF_TIMEOUT = -23,
    WHARF_UNAVAILABLE = -24,
    WHARF_NO_POLICY = -25,
    WHARF_NO_REPLY = -26,
    WHARF_GUEST_ERROR = -27,
    WHARF_ALLOCATION_FAILED = -29,
    WHARF_CAPABILITY_UNAVAILABLE = -30,
    WHARF_CAPABILITY_FAILED = -31,
    WHARF_NOT_FOUND = -32,
    WHARF_QUOTA_EXCEEDED = -33,
    WHARF_REQUEST_FAILED = -34,
    WHARF_LATTICE_UNAVAILABLE = -35,
    WHARF_BUSY = -36
};

/* Log levels. */
enum { WHARF_TRACE = 0, WHARF_DEBUG = 1, WHARF_INFO = 2, WHARF_WARN = 3, WHARF_ERROR = 4 };

/* Multicodec codes every payload starts with (as an unsigned varint). */
#define WHARF_CBOR 0x51u
#define WHARF_JSON 0x0200u
#define WHARF_BORSH 0x0701u

/* Sends msg to the component named to (UTF-8); 0 when accepted. */
WHARF_IMPORT("send") int32_t wharf_send(const char *to, int32_t to_len, const void *msg, int32_t msg_len);
/* Answers the message being handled when it was a request; 0 when accepted. */
WHARF_IMPORT("reply") int32_t wharf_reply(const void *msg, int32_t msg_len);
/* Writes a line to the host's log. */
WHARF_IMPORT("log") void wharf_log(int32_t level, const char *msg, int32_t len);

/*
 * A buffer the host filled for the component: a variable-length result. The host gets it from
 * the component's alloc export and stores its address and length at the "out" pointer of the
 * call (two little-endian u32, 8 bytes: this struct on wasm32). The component owns it and gives
 * it back with wharf_free. An empty result is {0, 0}, with nothing to give back.
 */
typedef struct {
    uint8_t *ptr;
    uint32_t len;
} wharf_bytes;

#if defined(__wasm32__)
_Static_assert(sizeof(wharf_bytes) == 8, "wharf_bytes must match the host's out layout");
#endif

/* The dealloc export (defined below unless WHARF_NO_ALLOCATOR; then define your own of this name). */
void wharf_dealloc(void *ptr, int32_t len);

/* Gives a result buffer back to the allocator; {0, 0} is ignored. */
static inline void wharf_free(wharf_bytes b) {
    if (b.ptr) wharf_dealloc(b.ptr, (int32_t) b.len);
}

/*
 * Sends msg to the component named to as a request and waits, at most timeout_ms (and never past
 * this call's own deadline), for its reply. 0: the reply payload is in *reply (free it). Else a
 * negated error code: WHARF_TIMEOUT, WHARF_NO_REPLY, WHARF_GUEST_ERROR, WHARF_TRAP, those of
 * send, WHARF_INVALID_ARGUMENTS when to is this component. Waiting holds this component's turn.
 */
WHARF_IMPORT("ask")
int32_t wharf_ask(const char *to, int32_t to_len, const void *msg, int32_t msg_len, int32_t timeout_ms,
                  wharf_bytes *reply);

/* wharf:kv, the component's own persistent key-value store. Keys are 1 to 1024 bytes. */

/* 0 and the value in *value (free it), or WHARF_NOT_FOUND. */
WHARF_IMPORT_CAP("kv", "get") int32_t wharf_kv_get(const void *key, int32_t key_len, wharf_bytes *value);
/* 0 once stored (committed), or WHARF_QUOTA_EXCEEDED: nothing written. */
WHARF_IMPORT_CAP("kv", "set")
int32_t wharf_kv_set(const void *key, int32_t key_len, const void *value, int32_t value_len);
/* 0, or WHARF_NOT_FOUND. */
WHARF_IMPORT_CAP("kv", "delete") int32_t wharf_kv_delete(const void *key, int32_t key_len);
/* The number of keys starting with prefix; the keys in *keys (free it), read them with wharf_next_key. */
WHARF_IMPORT_CAP("kv", "list") int32_t wharf_kv_list(const void *prefix, int32_t prefix_len, wharf_bytes *keys);

/*
 * The next key of a wharf_kv_list result (u32 little-endian length, then the bytes, in ascending
 * order): stores it in *key (pointing into list) and returns 1, or returns 0 at the end. Start
 * with *pos = 0.
 */
static inline int wharf_next_key(wharf_bytes list, uint32_t *pos, wharf_bytes *key) {
    if (list.len < 4 || *pos > list.len - 4) return 0;
    const uint8_t *p = list.ptr + *pos;
    uint32_t n = (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
    if (n > list.len - *pos - 4) return 0;
    key->ptr = list.ptr + *pos + 4;
    key->len = n;
    *pos += 4 + n;
    return 1;
}

/* wharf:config: the value of config.<key> in the component's configuration, or WHARF_NOT_FOUND. */
WHARF_IMPORT_CAP("config", "get") int32_t wharf_config_get(const char *key, int32_t key_len, wharf_bytes *value);

/* wharf:http: the response of a request, in two buffers the component owns. */
typedef struct {
    wharf_bytes body;
    wharf_bytes headers; /* "name: value\n" lines, names in lower case */
} wharf_http_response;

/*
 * An HTTP request to a host the component's http-allow admits. headers are "Name: value" lines
 * separated by "\n" (may be empty). Returns the HTTP status (200, 404, a 3xx: redirects are not
 * followed) with the response in *response (free it with wharf_http_free), or WHARF_DENIED,
 * WHARF_TIMEOUT, WHARF_TOO_LARGE, WHARF_REQUEST_FAILED, WHARF_INVALID_ARGUMENTS, ...
 */
WHARF_IMPORT_CAP("http", "request")
int32_t wharf_http_request(const char *method, int32_t method_len, const char *url, int32_t url_len,
                           const char *headers, int32_t headers_len, const void *body, int32_t body_len,
                           wharf_http_response *response);

static inline void wharf_http_free(wharf_http_response *r) {
    wharf_free(r->body);
    wharf_free(r->headers);
    r->body.ptr = r->headers.ptr = 0;
    r->body.len = r->headers.len = 0;
}

/* The name of a result, as the shell prints error codes ("not_found"); "ok" for 0 and above. */
static inline const char *wharf_result_name(int32_t r) {
    switch (r) {
    case WHARF_UNKNOWN_TARGET: return "unknown_target";
    case WHARF_DENIED: return "denied";
    case WHARF_TOO_LARGE: return "too_large";
    case WHARF_RATE_LIMITED: return "rate_limited";
    case WHARF_MAILBOX_FULL: return "mailbox_full";
    case WHARF_UNKNOWN_CODEC: return "unknown_codec";
    case WHARF_OUT_OF_BOUNDS: return "out_of_bounds";
    case WHARF_NOTHING_TO_REPLY: return "nothing_to_reply";
    case WHARF_UNKNOWN_EXPORT: return "unknown_export";
    case WHARF_INVALID_ARGUMENTS: return "invalid_arguments";
    case WHARF_TRAP: return "trap";
    case WHARF_TIMEOUT: return "timeout";
    case WHARF_UNAVAILABLE: return "unavailable";
    case WHARF_NO_POLICY: return "no_policy";
    case WHARF_NO_REPLY: return "no_reply";
    case WHARF_GUEST_ERROR: return "guest_error";
    case WHARF_ALLOCATION_FAILED: return "allocation_failed";
    case WHARF_CAPABILITY_UNAVAILABLE: return "capability_unavailable";
    case WHARF_CAPABILITY_FAILED: return "capability_failed";
    case WHARF_NOT_FOUND: return "not_found";
    case WHARF_QUOTA_EXCEEDED: return "quota_exceeded";
    case WHARF_REQUEST_FAILED: return "request_failed";
    case WHARF_LATTICE_UNAVAILABLE: return "lattice_unavailable";
    case WHARF_BUSY: return "busy";
    default: return r >= 0 ? "ok" : "error";
    }
}

/*
 * State across an update of the bundle: export _save_state returning wharf_state(blob, len) of
 * a blob in memory, and _restore_state(ptr, len) taking the previous version's blob (the host
 * writes it into a buffer from alloc), returning 0 when taken; any other answer keeps the old
 * version running.
 *
 *   WHARF_EXPORT("_save_state") int64_t save(void) { return wharf_state(&state, sizeof state); }
 *   WHARF_EXPORT("_restore_state") int32_t restore(const void *p, int32_t n) { ... return 0; }
 */
static inline int64_t wharf_state(const void *blob, int32_t len) {
    return (int64_t) ((uint64_t) (uintptr_t) blob << 32 | (uint32_t) len);
}

static inline size_t wharf_strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static inline void wharf_log_str(int32_t level, const char *s) {
    wharf_log(level, s, (int32_t) wharf_strlen(s));
}

static inline int32_t wharf_send_to(const char *to, const void *msg, size_t len) {
    return wharf_send(to, (int32_t) wharf_strlen(to), msg, (int32_t) len);
}

/* Reads the codec prefix of msg: stores the code and returns the prefix length, or -1. */
static inline int wharf_codec(const uint8_t *msg, size_t len, uint32_t *code) {
    uint32_t value = 0;
    for (size_t i = 0; i < len && i < 5; i++) {
        value |= (uint32_t) (msg[i] & 0x7f) << (7 * i);
        if ((msg[i] & 0x80) == 0) {
            *code = value;
            return (int) i + 1;
        }
    }
    return -1;
}

/* A payload being built in a caller-provided buffer; overflow is sticky and checked at the end. */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
    int overflow;
} wharf_buf;

static inline wharf_buf wharf_buf_init(uint8_t *data, size_t cap) {
    wharf_buf b = {data, 0, cap, 0};
    return b;
}

static inline void wharf_buf_bytes(wharf_buf *b, const void *bytes, size_t n) {
    if (b->overflow || n > b->cap - b->len) {
        b->overflow = 1;
        return;
    }
    const uint8_t *p = (const uint8_t *) bytes;
    for (size_t i = 0; i < n; i++) b->data[b->len + i] = p[i];
    b->len += n;
}

static inline void wharf_buf_str(wharf_buf *b, const char *s) {
    wharf_buf_bytes(b, s, wharf_strlen(s));
}

/* Starts a payload with the varint prefix of codec (WHARF_JSON, WHARF_CBOR, WHARF_BORSH). */
static inline void wharf_buf_prefix(wharf_buf *b, uint32_t codec) {
    do {
        uint8_t byte = codec & 0x7f;
        codec >>= 7;
        if (codec) byte |= 0x80;
        wharf_buf_bytes(b, &byte, 1);
    } while (codec);
}

static inline void wharf_buf_int(wharf_buf *b, int64_t v) {
    char tmp[21];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
    do {
        tmp[n++] = (char) ('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) tmp[n++] = '-';
    while (n) wharf_buf_bytes(b, &tmp[--n], 1);
}

#if !defined(WHARF_NO_ALLOCATOR) && defined(__wasi__)
/* With wasi-libc (clang --target=wasm32-wasi): the buffers come from malloc, which owns the heap
   from __heap_base; a bump allocator of our own there would overwrite what malloc hands out. */
#include <stdlib.h>

WHARF_EXPORT("alloc") void *wharf_alloc(int32_t len) {
    if (len < 0) return 0;
    return malloc(len == 0 ? 1 : (size_t) len);
}

WHARF_EXPORT("dealloc") void wharf_dealloc(void *ptr, int32_t len) {
    (void) len;
    free(ptr);
}
#elif !defined(WHARF_NO_ALLOCATOR)
extern unsigned char __heap_base;
static uintptr_t wharf__top;
static int32_t wharf__live;

WHARF_EXPORT("alloc") void *wharf_alloc(int32_t len) {
    if (len < 0) return 0;
    if (wharf__top == 0) wharf__top = ((uintptr_t) &__heap_base + 7) & ~(uintptr_t) 7;
    uintptr_t p = wharf__top;
    uintptr_t end = p + (uintptr_t) len;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t) -1) return 0;
    }
    wharf__top = (end + 7) & ~(uintptr_t) 7;
    wharf__live++;
    return (void *) p;
}

WHARF_EXPORT("dealloc") void wharf_dealloc(void *ptr, int32_t len) {
    (void) ptr;
    (void) len;
    if (--wharf__live <= 0) {
        wharf__live = 0;
        wharf__top = 0;
    }
}
#endif

#endif /* WHARF_H */
