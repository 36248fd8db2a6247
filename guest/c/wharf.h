/*
 * wharf.h - the Wharf guest ABI (version 1) for C, in one header.
 *
 * Declares the host functions of module "wharf" (send, reply, log), provides the alloc/dealloc
 * exports the host uses to hand over messages, and small helpers for codec prefixes and for
 * building payloads without libc.
 *
 * Include it in exactly one .c file of your component (it defines the alloc and dealloc
 * exports there), or define WHARF_NO_ALLOCATOR and export your own. Compile with:
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -I path/to/guest/c -o my.wasm my.c
 *
 * (-mbulk-memory turns copies into memory.copy instead of calls to a libc memcpy.)
 *
 * The allocator is made for the host's message buffers: it hands out memory from the heap and
 * starts over once every buffer has been given back (the host frees both buffers of a message
 * right after handle-message returns). Keep your own data in static storage.
 */
#ifndef WHARF_H
#define WHARF_H

#include <stddef.h>
#include <stdint.h>

#define WHARF_EXPORT(name) __attribute__((export_name(name)))
#define WHARF_IMPORT(name) __attribute__((import_module("wharf"), import_name(name)))

/* Results of wharf_send and wharf_reply. */
enum {
    WHARF_OK = 0,
    WHARF_UNKNOWN_TARGET = -1,
    WHARF_DENIED = -2,
    WHARF_TOO_LARGE = -3,
    WHARF_RATE_LIMITED = -4,
    WHARF_MAILBOX_FULL = -5,
    WHARF_UNKNOWN_CODEC = -6,
    WHARF_OUT_OF_BOUNDS = -7,
    WHARF_NOTHING_TO_REPLY = -8
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

#ifndef WHARF_NO_ALLOCATOR
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
