/* cplugin: an Extism plugin in C without libc, written against guest/extism/extism.h. */
#include "extism.h"

/* The input is copied here; a plugin without libc has no heap unless it makes one. */
static uint8_t in[64 * 1024];
static uint8_t out[64 * 1024 + 16];

/* Copies the input into in; its length, or -1 (with the error set) when it is larger than in. */
static int64_t read_input(void) {
    uint64_t n = extism_load_input(in, sizeof in);
    if (n > sizeof in) {
        extism_error("input too large");
        return -1;
    }
    return (int64_t) n;
}

/* Output: Hello, <input>! */
EXTISM_EXPORT("greet") int32_t greet(void) {
    int64_t n = read_input();
    if (n < 0) return 1;
    static const char hello[] = "Hello, ";
    size_t len = 0;
    for (size_t i = 0; i < sizeof hello - 1; i++) out[len++] = (uint8_t) hello[i];
    for (int64_t i = 0; i < n; i++) out[len++] = in[i];
    out[len++] = '!';
    return extism_output_buf(out, len) == 0 ? 0 : 1;
}

/* Output: the bytes of the input in reverse order. */
EXTISM_EXPORT("reverse") int32_t reverse(void) {
    int64_t n = read_input();
    if (n < 0) return 1;
    for (int64_t i = 0; i < n; i++) out[i] = in[n - 1 - i];
    return extism_output_buf(out, (uint64_t) n) == 0 ? 0 : 1;
}

/* Error: c plugin failed; returns 1. */
EXTISM_EXPORT("fail") int32_t fail(void) {
    extism_error("c plugin failed");
    return 1;
}
