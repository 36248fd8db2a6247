/* Test guest in C: the same behaviours as mailbox.wat, built on wharf.h. */
#include "wharf.h"

static int32_t count;
static int32_t last_send = 1;
static const uint8_t hi[] = {0x80, 0x04, '"', 'h', 'i', '"'};

WHARF_EXPORT("handle-message")
int32_t handle_message(const char *sender, int32_t sender_len, const uint8_t *msg, int32_t msg_len) {
    uint32_t codec;
    int prefix = wharf_codec(msg, (size_t) msg_len, &codec);
    if (prefix > 0 && codec == WHARF_JSON && msg_len > prefix + 1 && msg[prefix] == '"') {
        switch (msg[prefix + 1]) {
            case 'e': { /* echo, wrapped: {"from":"<sender>","echo":<payload>} */
                uint8_t out[512];
                wharf_buf b = wharf_buf_init(out, sizeof out);
                wharf_buf_prefix(&b, WHARF_JSON);
                wharf_buf_str(&b, "{\"from\":\"");
                wharf_buf_bytes(&b, sender, (size_t) sender_len);
                wharf_buf_str(&b, "\",\"echo\":");
                wharf_buf_bytes(&b, msg + prefix, (size_t) (msg_len - prefix));
                wharf_buf_str(&b, "}");
                if (b.overflow) return 2;
                return wharf_reply(b.data, (int32_t) b.len) == WHARF_OK ? 0 : 3;
            }
            case 's': return 0;
            case 'x': __builtin_trap();
            case 'r': return 7;
            case 'f': last_send = wharf_send_to("sink", hi, sizeof hi); return 0;
        }
    }
    count++;
    return 0;
}

WHARF_EXPORT("count") int32_t get_count(void) { return count; }
WHARF_EXPORT("last_send") int32_t get_last_send(void) { return last_send; }

static const uint8_t bad_codec[] = {0x52, 0x00};

WHARF_EXPORT("send_out_of_bounds") int32_t send_out_of_bounds(void) {
    return wharf_send("sink", 4, (const void *) 0xfffffff0u, 100);
}
WHARF_EXPORT("send_unknown_codec") int32_t send_unknown_codec(void) {
    return wharf_send_to("sink", bad_codec, sizeof bad_codec);
}
WHARF_EXPORT("send_unknown_target") int32_t send_unknown_target(void) {
    return wharf_send_to("nobody", hi, sizeof hi);
}
WHARF_EXPORT("send_to_sink") int32_t send_to_sink(void) {
    return wharf_send_to("sink", hi, sizeof hi);
}
WHARF_EXPORT("reply_outside_a_request") int32_t reply_outside_a_request(void) {
    return wharf_reply(hi, sizeof hi);
}
