/*
 * extism.h - the Extism plugin ABI for C, in one header, without libc.
 *
 * An Extism plugin is a core WebAssembly module that exports functions of type () -> i32 (0 on
 * success, anything else a failure) and talks to its host only through the imports of module
 * "extism:host/env", the Extism kernel. The kernel owns a memory of its own, separate from the
 * plugin's linear memory: a block in it is named by a 64-bit offset (0 = no block), and the
 * plugin moves bytes in and out of it one u8 or one u64 at a time. The input of a call, its
 * output, its error, config values, vars and HTTP requests and responses are all such blocks.
 *
 * This header declares every kernel import under the prefix extism_ and adds a few static
 * inline helpers that copy between plugin memory and kernel blocks. It defines nothing that
 * would be exported, so it can be included by any number of .c files. Compile with:
 *
 *   clang --target=wasm32 -O2 -mbulk-memory -nostdlib -Wl,--no-entry -I path/to/guest/extism \
 *         -o plugin.wasm plugin.c
 *
 * An import that the plugin never calls is left out of the module.
 */
#ifndef EXTISM_H
#define EXTISM_H

#include <stddef.h>
#include <stdint.h>

/* An offset into the kernel's memory; 0 is "no block". */
typedef uint64_t extism_ptr;

/* Marks a plugin function as an export named name: EXTISM_EXPORT("greet") int32_t greet(void). */
#define EXTISM_EXPORT(name) __attribute__((export_name(name)))
#define EXTISM_IMPORT(name) __attribute__((import_module("extism:host/env"), import_name(name)))

/* ---- Kernel memory ---------------------------------------------------------------------- */

/* A new block of n bytes; its offset (0 when n is 0 or the kernel cannot allocate it). */
EXTISM_IMPORT("alloc") extism_ptr extism_alloc(uint64_t n);
/* Gives a block back. */
EXTISM_IMPORT("free") void extism_free(extism_ptr p);
/* The length of the block that starts at p; 0 when p starts no block. */
EXTISM_IMPORT("length") uint64_t extism_length(extism_ptr p);
/* The same without the check that p starts a block. */
EXTISM_IMPORT("length_unsafe") uint64_t extism_length_unsafe(extism_ptr p);
/* One byte, or eight (little-endian), read from or written to kernel memory at p. */
EXTISM_IMPORT("load_u8") uint8_t extism_load_u8(extism_ptr p);
EXTISM_IMPORT("load_u64") uint64_t extism_load_u64(extism_ptr p);
EXTISM_IMPORT("store_u8") void extism_store_u8(extism_ptr p, uint8_t v);
EXTISM_IMPORT("store_u64") void extism_store_u64(extism_ptr p, uint64_t v);
/* The number of bytes of the kernel's memory. */
EXTISM_IMPORT("memory_bytes") uint64_t extism_memory_bytes(void);
/* Frees every block and clears input, output and error (the host does it before each call). */
EXTISM_IMPORT("reset") void extism_reset(void);

/* ---- Input, output, error ----------------------------------------------------------------- */

/* The input of the call: its length, the offset of its block, and reads at an index into it. */
EXTISM_IMPORT("input_length") uint64_t extism_input_length(void);
EXTISM_IMPORT("input_offset") extism_ptr extism_input_offset(void);
EXTISM_IMPORT("input_load_u8") uint8_t extism_input_load_u8(uint64_t index);
EXTISM_IMPORT("input_load_u64") uint64_t extism_input_load_u64(uint64_t index);
/* Makes the n bytes at p the input (used by hosts and tests rather than by plugins). */
EXTISM_IMPORT("input_set") void extism_input_set(extism_ptr p, uint64_t n);
/* Makes the n bytes at p the output of the call; and reads the current output back. */
EXTISM_IMPORT("output_set") void extism_output_set(extism_ptr p, uint64_t n);
EXTISM_IMPORT("output_length") uint64_t extism_output_length(void);
EXTISM_IMPORT("output_offset") extism_ptr extism_output_offset(void);
/* Makes the block at p (UTF-8 text) the error of the call; return non-zero from the export too. */
EXTISM_IMPORT("error_set") void extism_error_set(extism_ptr p);
/* The block of the current error; 0 when there is none. */
EXTISM_IMPORT("error_get") extism_ptr extism_error_get(void);

/* ---- Host services ------------------------------------------------------------------------- */
/*
 * The host takes over the blocks passed to these functions (keys, values, requests, bodies, log
 * messages): do not free them or use them again. The blocks they answer are new; free them, or
 * leave them to the reset the host makes before the next call.
 */

/* The value of the config key in block key (both UTF-8); 0 when the key is not set (or empty). */
EXTISM_IMPORT("config_get") extism_ptr extism_config_get(extism_ptr key);
/* The value of var key; 0 when it is not set. Vars last as long as the plugin instance. */
EXTISM_IMPORT("var_get") extism_ptr extism_var_get(extism_ptr key);
/* Sets var key to the block value; value 0 removes it. */
EXTISM_IMPORT("var_set") void extism_var_set(extism_ptr key, extism_ptr value);
/*
 * Makes an HTTP request. request is a block of JSON: {"method":"GET","url":"...","headers":{...}};
 * body is a block with the request body, or 0. Answers the block of the response body (0 when
 * empty); the status comes from extism_http_status_code, and the response headers, as a JSON
 * object, from extism_http_headers (0 unless the host is configured to keep them).
 */
EXTISM_IMPORT("http_request") extism_ptr extism_http_request(extism_ptr request, extism_ptr body);
EXTISM_IMPORT("http_status_code") int32_t extism_http_status_code(void);
EXTISM_IMPORT("http_headers") extism_ptr extism_http_headers(void);
/* Writes the block msg (UTF-8) to the host's log at one level. */
EXTISM_IMPORT("log_trace") void extism_log_trace(extism_ptr msg);
EXTISM_IMPORT("log_debug") void extism_log_debug(extism_ptr msg);
EXTISM_IMPORT("log_info") void extism_log_info(extism_ptr msg);
EXTISM_IMPORT("log_warn") void extism_log_warn(extism_ptr msg);
EXTISM_IMPORT("log_error") void extism_log_error(extism_ptr msg);
/* The host's current log level: 0 trace, 1 debug, 2 info, 3 warn, 4 error. */
EXTISM_IMPORT("get_log_level") int32_t extism_get_log_level(void);

/* ---- Helpers ------------------------------------------------------------------------------- */

/* The length of a NUL-terminated string (there is no libc). */
static inline size_t extism_strlen(const char *s) {
    size_t n = 0;
    while (s[n] != 0) n++;
    return n;
}

/* Copies n bytes of plugin memory into kernel memory at p. */
static inline void extism_store(extism_ptr p, const void *data, uint64_t n) {
    const uint8_t *b = (const uint8_t *) data;
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        __builtin_memcpy(&word, b + i, 8);
        extism_store_u64(p + i, word);
    }
    for (; i < n; i++) extism_store_u8(p + i, b[i]);
}

/* Copies n bytes of kernel memory at p into plugin memory. */
static inline void extism_load(extism_ptr p, void *data, uint64_t n) {
    uint8_t *b = (uint8_t *) data;
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word = extism_load_u64(p + i);
        __builtin_memcpy(b + i, &word, 8);
    }
    for (; i < n; i++) b[i] = extism_load_u8(p + i);
}

/* A new kernel block holding a copy of n bytes of plugin memory; 0 when the kernel has no room. */
static inline extism_ptr extism_alloc_copy(const void *data, uint64_t n) {
    extism_ptr p = extism_alloc(n);
    if (p != 0) extism_store(p, data, n);
    return p;
}

/* A new kernel block holding a NUL-terminated string (without its NUL). */
static inline extism_ptr extism_alloc_string(const char *s) {
    return extism_alloc_copy(s, extism_strlen(s));
}

/*
 * Copies the input of the call into buf (at most cap bytes) and answers its whole length: a
 * result greater than cap means the input did not fit and only its first cap bytes were copied.
 */
static inline uint64_t extism_load_input(void *buf, uint64_t cap) {
    uint64_t n = extism_input_length();
    uint64_t m = n < cap ? n : cap;
    uint8_t *b = (uint8_t *) buf;
    uint64_t i = 0;
    for (; i + 8 <= m; i += 8) {
        uint64_t word = extism_input_load_u64(i);
        __builtin_memcpy(b + i, &word, 8);
    }
    for (; i < m; i++) b[i] = extism_input_load_u8(i);
    return n;
}

/* Sets the output of the call to a copy of n bytes of plugin memory; 0, or -1 when out of room. */
static inline int32_t extism_output_buf(const void *data, uint64_t n) {
    extism_ptr p = extism_alloc_copy(data, n);
    if (p == 0 && n != 0) return -1;
    extism_output_set(p, n);
    return 0;
}

/* Sets the output of the call to a NUL-terminated string. */
static inline int32_t extism_output_str(const char *s) {
    return extism_output_buf(s, extism_strlen(s));
}

/* Sets the error of the call to a NUL-terminated string; the export should then return 1. */
static inline void extism_error(const char *message) {
    extism_error_set(extism_alloc_string(message));
}

/* Logs a NUL-terminated string at level 0 (trace) to 4 (error). */
static inline void extism_log(int32_t level, const char *message) {
    extism_ptr p = extism_alloc_string(message);
    switch (level) {
        case 0: extism_log_trace(p); break;
        case 1: extism_log_debug(p); break;
        case 2: extism_log_info(p); break;
        case 3: extism_log_warn(p); break;
        default: extism_log_error(p); break;
    }
}

#endif /* EXTISM_H */
