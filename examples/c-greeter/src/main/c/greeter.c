/*
 * A component in C: answers every request with a JSON greeting for its sender.
 *
 *   g! wasm:ask greeter '"hi"'
 *   {"greeting":"hello, host","bytes":6,"count":1}
 */
#include "wharf.h"

static int32_t greeted;

WHARF_EXPORT("handle-message")
int32_t handle_message(const char *sender, int32_t sender_len, const uint8_t *msg, int32_t msg_len) {
    greeted++;
    uint8_t out[256];
    wharf_buf b = wharf_buf_init(out, sizeof out);
    wharf_buf_prefix(&b, WHARF_JSON);
    wharf_buf_str(&b, "{\"greeting\":\"hello, ");
    wharf_buf_bytes(&b, sender, (size_t) sender_len);
    wharf_buf_str(&b, "\",\"bytes\":");
    wharf_buf_int(&b, msg_len);
    wharf_buf_str(&b, ",\"count\":");
    wharf_buf_int(&b, greeted);
    wharf_buf_str(&b, "}");
    if (b.overflow) {
        wharf_log_str(WHARF_WARN, "greeting too long for its buffer");
        return 1;
    }
    if (wharf_reply(b.data, (int32_t) b.len) == WHARF_NOTHING_TO_REPLY) {
        wharf_log_str(WHARF_INFO, "greeted a message that was not a request");
    }
    return 0;
}

/* How many messages it has answered: wasm:invoke greeter greeted */
WHARF_EXPORT("greeted") int32_t greeted_count(void) { return greeted; }
