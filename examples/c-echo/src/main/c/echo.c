/* echo.c: answers each request with its own payload; built against wasi-libc, so wharf.h's alloc and dealloc are malloc and free. */
#include "wharf.h"
#include <string.h>
WHARF_EXPORT("handle-message") int32_t handle(const char *s, int32_t sl, const uint8_t *m, int32_t ml) {
    (void) s; (void) sl;
    char *copy = malloc((size_t) ml);
    memcpy(copy, m, (size_t) ml);
    int32_t rc = wharf_reply(copy, ml);
    free(copy);
    return rc == WHARF_OK ? 0 : 1;
}
