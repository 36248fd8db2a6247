/*
 * Core module of the component "hello-c" (WIT: src/main/wit/hello-c.wit, world hello-c): C against
 * wasi-libc, built as a reactor (-mexec-model=reactor: it exports _initialize, no main) and
 * componentized with the WASI preview-1 reactor adapter, which turns its wasi_snapshot_preview1
 * imports into WASI 0.2 imports of the component.
 *
 * Canonical ABI glue by hand (string-encoding=utf8): cabi_realloc is libc's realloc
 * (guest/c/cabi-realloc.h); a string result is returned as the address of a return area holding
 * (ptr, len); cabi_post_hello frees it after the caller has read it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cabi-realloc.h"

/* run: func() -> u32: prints a line, reads both clocks, returns the wall clock's seconds since
 * 1970 (0 if a clock cannot be read) */
__attribute__((export_name("run")))
uint32_t run(void) {
    struct timespec wall, mono;
    printf("hello from C\n");
    fflush(stdout);
    if (clock_gettime(CLOCK_MONOTONIC, &mono) != 0 || clock_gettime(CLOCK_REALTIME, &wall) != 0) {
        return 0;
    }
    return (uint32_t) wall.tv_sec;
}

/* the return area of hello: a string's (ptr, len) */
static struct {
    char *ptr;
    size_t len;
} hello_ret;

/* hello: func(name: string) -> string: params (ptr, len) of name, which the caller allocated with
 * cabi_realloc and this module now owns */
__attribute__((export_name("hello")))
void *hello(char *name, size_t len) {
    static const char prefix[] = "hello, ";
    size_t n = sizeof prefix - 1 + len;
    char *out = malloc(n);
    if (out == NULL) {
        abort();
    }
    memcpy(out, prefix, sizeof prefix - 1);
    memcpy(out + sizeof prefix - 1, name, len);
    if (len > 0) {
        free(name);
    }
    hello_ret.ptr = out;
    hello_ret.len = n;
    return &hello_ret;
}

/* post-return of hello: called with hello's core result once the caller has read the string */
__attribute__((export_name("cabi_post_hello")))
void cabi_post_hello(void *ret) {
    free(*(char **) ret);
}
