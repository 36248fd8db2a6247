/*
 * cabi-realloc.h - the cabi_realloc export every C component needs, with wasi-libc.
 *
 * The canonical ABI has the host allocate in the guest with cabi_realloc(old_ptr, old_size,
 * align, new_size): the strings and lists it passes to an export or returns from an import
 * (wasi-http.h's results, for one). Here it is libc's realloc, so the guest frees those blocks
 * with free(). malloc's blocks are 16-aligned, more than any canonical ABI alignment (at most 8),
 * so align is not needed; a request of 0 bytes still gets a block of its own, and a failed
 * allocation aborts (the call traps) rather than hand the host an address 0 to write to.
 *
 * It defines the export, so include it in exactly one .c file of a component's core module (a
 * second would define cabi_realloc twice). Compile against wasi-libc (--target=wasm32-wasi);
 * a freestanding module (wharf.h's allocator) defines its own.
 */
#ifndef CABI_REALLOC_H
#define CABI_REALLOC_H

#include <stddef.h>
#include <stdlib.h>

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
    (void) old_size;
    (void) align;
    void *p = realloc(old_ptr, new_size ? new_size : 1);
    if (p == NULL) {
        abort();
    }
    return p;
}

#endif
