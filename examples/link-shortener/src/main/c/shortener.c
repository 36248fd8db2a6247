/*
 * shortener: a URL shortener in C on three capabilities. Its codes and URLs live in its own
 * key-value store (wharf:kv), the public address of its links comes from its configuration
 * (wharf:config), and it can check that a link still answers (wharf:http).
 *
 *   g! wasm:ask shortener '{"op":"shorten","url":"https://example.org/a/long/path"}'
 *   {"code":"1","short":"http://localhost:8080/s/1"}
 *   g! wasm:ask shortener '{"op":"expand","code":"1"}'
 *   {"url":"https://example.org/a/long/path"}
 *   g! wasm:ask shortener '{"op":"check","code":"1"}'
 *   {"error":"http request failed: denied","result":-2}
 *
 * "short" appears when config.base-url is set (deploy/dev.wharf.component-shortener.cfg). "check"
 * sends a HEAD request (a GET when the server refuses HEAD) and answers {"status":N}; it reaches
 * only the hosts of the component's http-allow. Failures answer {"error":"...","result":N}, where
 * result is the host's negative code when there is one.
 *
 * kv keys: "seq", the number of the last code issued (decimal text), and "url:<code>", a URL.
 * Codes are that number in base 36.
 */
#include "wharf.h"

#define MAX_URL 2048   /* bytes of a URL, after JSON unescaping */
#define MAX_CODE 13    /* base 36 digits of a 64-bit number */

static uint8_t out[16384];   /* the reply being built: a URL escaped for JSON fits many times */

/* ---- the request: one JSON object; its fields op, url and code are read, the rest skipped ---- */

static struct {
    char op[16];
    char url[MAX_URL];
    char code[MAX_CODE + 1];
    int32_t op_len, url_len, code_len;   /* -1 when absent; above the array size when too long */
} req;

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
} cursor;

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int hex_digit(uint8_t ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/*
 * Reads the JSON string at c, unescaped, into dst (at most cap bytes; dst 0 only skips it).
 * Returns its whole length, which is above cap when it did not fit, or -1 when malformed.
 * \u escapes outside the basic multilingual plane (surrogate pairs) count as malformed.
 */
static int32_t parse_string(cursor *c, char *dst, uint32_t cap) {
    if (c->p >= c->end || *c->p != '"') return -1;
    c->p++;
    uint32_t n = 0;
    while (c->p < c->end) {
        uint8_t ch = *c->p++;
        uint8_t enc[3];
        uint32_t k = 1;
        if (ch == '"') return (int32_t) n;
        if (ch < 0x20) return -1;
        enc[0] = ch;
        if (ch == '\\') {
            if (c->p >= c->end) return -1;
            ch = *c->p++;
            switch (ch) {
            case '"': case '\\': case '/': enc[0] = ch; break;
            case 'b': enc[0] = '\b'; break;
            case 'f': enc[0] = '\f'; break;
            case 'n': enc[0] = '\n'; break;
            case 'r': enc[0] = '\r'; break;
            case 't': enc[0] = '\t'; break;
            case 'u': {
                uint32_t cp = 0;
                if (c->end - c->p < 4) return -1;
                for (int i = 0; i < 4; i++) {
                    int d = hex_digit(*c->p++);
                    if (d < 0) return -1;
                    cp = cp << 4 | (uint32_t) d;
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) return -1;
                if (cp < 0x80) {
                    enc[0] = (uint8_t) cp;
                } else if (cp < 0x800) {
                    enc[0] = (uint8_t) (0xC0 | cp >> 6);
                    enc[1] = (uint8_t) (0x80 | (cp & 0x3F));
                    k = 2;
                } else {
                    enc[0] = (uint8_t) (0xE0 | cp >> 12);
                    enc[1] = (uint8_t) (0x80 | (cp >> 6 & 0x3F));
                    enc[2] = (uint8_t) (0x80 | (cp & 0x3F));
                    k = 3;
                }
                break;
            }
            default: return -1;
            }
        }
        for (uint32_t i = 0; i < k; i++, n++) {
            if (dst && n < cap) dst[n] = (char) enc[i];
        }
        if (n > 0x7FFFFFF0u) return -1;
    }
    return -1;
}

/* Skips one JSON value of any kind (nested objects and arrays by bracket depth). */
static int skip_value(cursor *c) {
    if (c->p >= c->end) return -1;
    if (*c->p == '"') return parse_string(c, 0, 0) < 0 ? -1 : 0;
    if (*c->p == '{' || *c->p == '[') {
        int depth = 0;
        while (c->p < c->end) {
            uint8_t ch = *c->p;
            if (ch == '"') {
                if (parse_string(c, 0, 0) < 0) return -1;
                continue;
            }
            c->p++;
            if (ch == '{' || ch == '[') depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0) return 0;
        }
        return -1;
    }
    const uint8_t *start = c->p;
    while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' && *c->p != ' ' && *c->p != '\t'
           && *c->p != '\n' && *c->p != '\r') {
        c->p++;
    }
    return c->p > start ? 0 : -1;
}

static int same(const char *a, int32_t a_len, const char *b) {
    int32_t i = 0;
    for (; i < a_len && b[i]; i++) {
        if (a[i] != b[i]) return 0;
    }
    return i == a_len && b[i] == 0;
}

/* Reads the request object into req; 0, or -1 when it is not a JSON object. */
static int parse_request(const uint8_t *body, uint32_t len) {
    cursor c = {body, body + len};
    req.op_len = req.url_len = req.code_len = -1;
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{') return -1;
    c.p++;
    skip_ws(&c);
    if (c.p < c.end && *c.p == '}') return 0;
    for (;;) {
        char key[8];
        skip_ws(&c);
        int32_t key_len = parse_string(&c, key, sizeof key);
        if (key_len < 0) return -1;
        if (key_len > (int32_t) sizeof key) key_len = 0; /* a long key is none of ours */
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ':') return -1;
        c.p++;
        skip_ws(&c);
        int32_t *field_len = 0;
        if (same(key, key_len, "op")) {
            field_len = &req.op_len;
            *field_len = parse_string(&c, req.op, sizeof req.op);
        } else if (same(key, key_len, "url")) {
            field_len = &req.url_len;
            *field_len = parse_string(&c, req.url, sizeof req.url);
        } else if (same(key, key_len, "code")) {
            field_len = &req.code_len;
            *field_len = parse_string(&c, req.code, sizeof req.code - 1);
        } else if (skip_value(&c) < 0) {
            return -1;
        }
        if (field_len && *field_len < 0) return -1; /* op, url and code must be strings */
        skip_ws(&c);
        if (c.p < c.end && *c.p == ',') {
            c.p++;
            continue;
        }
        return c.p < c.end && *c.p == '}' ? 0 : -1;
    }
}

/* ---- the reply ---- */

static wharf_buf reply_start(void) {
    wharf_buf b = wharf_buf_init(out, sizeof out);
    wharf_buf_prefix(&b, WHARF_JSON);
    return b;
}

/* Writes bytes as the contents of a JSON string (without the quotes). */
static void json_text(wharf_buf *b, const void *text, size_t n) {
    static const char hex[] = "0123456789abcdef";
    const uint8_t *s = (const uint8_t *) text;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = s[i];
        if (ch == '"' || ch == '\\') {
            uint8_t esc[2] = {'\\', ch};
            wharf_buf_bytes(b, esc, 2);
        } else if (ch < 0x20) {
            uint8_t esc[6] = {'\\', 'u', '0', '0', (uint8_t) hex[ch >> 4], (uint8_t) hex[ch & 15]};
            wharf_buf_bytes(b, esc, 6);
        } else {
            wharf_buf_bytes(b, &ch, 1);
        }
    }
}

/*
 * Sends the reply; for a message that was not a request (a send or tell) it logs failures
 * instead. Returns what handle-message returns: 0, or 1 for a failed operation nobody asked for.
 */
static int32_t finish(wharf_buf *b, int ok) {
    if (b->overflow) {
        *b = reply_start();
        wharf_buf_str(b, "{\"error\":\"the reply does not fit into 16384 bytes\"}");
        ok = 0;
    }
    int32_t r = wharf_reply(b->data, (int32_t) b->len);
    if (r == WHARF_OK) return 0;
    if (r == WHARF_NOTHING_TO_REPLY) {
        if (!ok) wharf_log(WHARF_WARN, (const char *) b->data + 2, (int32_t) b->len - 2);
        return ok ? 0 : 1;
    }
    wharf_log_str(WHARF_WARN, "reply refused");
    return 2;
}

/* {"error":"<what>[: <result name>]"[,"result":<result>]}; result 0 means none. */
static int32_t fail(const char *what, int32_t result) {
    wharf_buf b = reply_start();
    wharf_buf_str(&b, "{\"error\":\"");
    wharf_buf_str(&b, what);
    if (result < 0) {
        wharf_buf_str(&b, ": ");
        wharf_buf_str(&b, wharf_result_name(result));
        wharf_buf_str(&b, "\",\"result\":");
        wharf_buf_int(&b, result);
        wharf_buf_str(&b, "}");
    } else {
        wharf_buf_str(&b, "\"}");
    }
    return finish(&b, 0);
}

/* ---- the store ---- */

static const char SEQ[] = "seq";
#define SEQ_CORRUPT (-1000)

/* The number of the last code issued (0 before the first), a negative result, or SEQ_CORRUPT. */
static int64_t last_seq(void) {
    wharf_bytes v;
    int32_t r = wharf_kv_get(SEQ, sizeof SEQ - 1, &v);
    if (r == WHARF_NOT_FOUND) return 0;
    if (r < 0) return r;
    int64_t n = 0;
    int ok = v.len > 0 && v.len <= 18;
    for (uint32_t i = 0; ok && i < v.len; i++) {
        if (v.ptr[i] < '0' || v.ptr[i] > '9') ok = 0;
        else n = n * 10 + (v.ptr[i] - '0');
    }
    wharf_free(v);
    return ok ? n : SEQ_CORRUPT;
}

/* Writes n in base 36 into code (at least MAX_CODE bytes); returns its length. */
static int32_t base36(uint64_t n, char *code) {
    char tmp[MAX_CODE];
    int32_t len = 0;
    do {
        uint32_t d = (uint32_t) (n % 36);
        tmp[len++] = (char) (d < 10 ? '0' + d : 'a' + d - 10);
        n /= 36;
    } while (n);
    for (int32_t i = 0; i < len; i++) code[i] = tmp[len - 1 - i];
    return len;
}

/* The kv key of a code: "url:<code>"; returns its length. */
static int32_t url_key(char key[4 + MAX_CODE], const char *code, int32_t code_len) {
    key[0] = 'u';
    key[1] = 'r';
    key[2] = 'l';
    key[3] = ':';
    for (int32_t i = 0; i < code_len; i++) key[4 + i] = code[i];
    return 4 + code_len;
}

static int valid_code(void) {
    if (req.code_len < 1 || req.code_len > MAX_CODE) return 0;
    for (int32_t i = 0; i < req.code_len; i++) {
        char ch = req.code[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z'))) return 0;
    }
    return 1;
}

static int starts_with(const char *s, int32_t len, const char *prefix) {
    int32_t i = 0;
    for (; prefix[i]; i++) {
        if (i >= len || s[i] != prefix[i]) return 0;
    }
    return 1;
}

/* ---- the operations ---- */

static int32_t shorten(void) {
    if (req.url_len < 1 || req.url_len > MAX_URL
        || !(starts_with(req.url, req.url_len, "http://") || starts_with(req.url, req.url_len, "https://"))) {
        return fail("url must be an http:// or https:// URL of at most 2048 bytes", 0);
    }
    int64_t seq = last_seq();
    if (seq == SEQ_CORRUPT) return fail("the counter in kv key seq is not a number", 0);
    if (seq < 0) return fail("cannot read the counter", (int32_t) seq);
    seq++;
    /* the counter first: a URL that then fails to be stored leaves a gap, never a reused code */
    char digits[21];
    wharf_buf d = wharf_buf_init((uint8_t *) digits, sizeof digits);
    wharf_buf_int(&d, seq);
    int32_t r = wharf_kv_set(SEQ, sizeof SEQ - 1, digits, (int32_t) d.len);
    if (r < 0) return fail("cannot store the counter", r);
    char code[MAX_CODE];
    int32_t code_len = base36((uint64_t) seq, code);
    char key[4 + MAX_CODE];
    r = wharf_kv_set(key, url_key(key, code, code_len), req.url, req.url_len);
    if (r < 0) return fail("cannot store the url", r);

    wharf_buf b = reply_start();
    wharf_buf_str(&b, "{\"code\":\"");
    wharf_buf_bytes(&b, code, (size_t) code_len);
    wharf_buf_str(&b, "\"");
    static const char BASE_URL[] = "base-url";
    wharf_bytes base;
    if (wharf_config_get(BASE_URL, sizeof BASE_URL - 1, &base) == WHARF_OK) {
        uint32_t n = base.len;
        while (n > 0 && base.ptr[n - 1] == '/') n--;
        wharf_buf_str(&b, ",\"short\":\"");
        json_text(&b, base.ptr, n);
        wharf_buf_str(&b, "/");
        wharf_buf_bytes(&b, code, (size_t) code_len);
        wharf_buf_str(&b, "\"");
        wharf_free(base);
    }
    wharf_buf_str(&b, "}");
    return finish(&b, 1);
}

/* The stored URL of req.code into *url (free it); 0 or the failure already answered (non-zero). */
static int32_t lookup(wharf_bytes *url, int32_t *answered) {
    if (!valid_code()) {
        *answered = fail("code must be 1 to 13 characters 0-9 a-z", 0);
        return -1;
    }
    char key[4 + MAX_CODE];
    int32_t r = wharf_kv_get(key, url_key(key, req.code, req.code_len), url);
    if (r == WHARF_NOT_FOUND) {
        wharf_buf b = reply_start();
        wharf_buf_str(&b, "{\"error\":\"no link with code ");
        wharf_buf_bytes(&b, req.code, (size_t) req.code_len);
        wharf_buf_str(&b, "\"}");
        *answered = finish(&b, 0);
        return r;
    }
    if (r < 0) *answered = fail("cannot read the link", r);
    return r;
}

static int32_t expand(void) {
    wharf_bytes url;
    int32_t answered = 0;
    if (lookup(&url, &answered) != WHARF_OK) return answered;
    wharf_buf b = reply_start();
    wharf_buf_str(&b, "{\"url\":\"");
    json_text(&b, url.ptr, url.len);
    wharf_buf_str(&b, "\"}");
    wharf_free(url);
    return finish(&b, 1);
}

static int32_t request(const char *method, wharf_bytes url) {
    wharf_http_response resp;
    int32_t status = wharf_http_request(method, (int32_t) wharf_strlen(method), (const char *) url.ptr,
                                        (int32_t) url.len, "User-Agent: wharf-shortener", 27, 0, 0, &resp);
    if (status >= 0) wharf_http_free(&resp);
    return status;
}

static int32_t check(void) {
    wharf_bytes url;
    int32_t answered = 0;
    if (lookup(&url, &answered) != WHARF_OK) return answered;
    int32_t status = request("HEAD", url);
    if (status == 405 || status == 501) status = request("GET", url); /* a server without HEAD */
    wharf_free(url);
    if (status < 0) return fail("http request failed", status);
    wharf_buf b = reply_start();
    wharf_buf_str(&b, "{\"status\":");
    wharf_buf_int(&b, status);
    wharf_buf_str(&b, "}");
    return finish(&b, 1);
}

WHARF_EXPORT("handle-message")
int32_t handle_message(const char *sender, int32_t sender_len, const uint8_t *msg, int32_t msg_len) {
    (void) sender;
    (void) sender_len;
    uint32_t codec;
    int prefix = wharf_codec(msg, (size_t) msg_len, &codec);
    if (prefix < 0 || codec != WHARF_JSON) return fail("requests are JSON", 0);
    if (parse_request(msg + prefix, (uint32_t) (msg_len - prefix)) < 0 || req.op_len < 0) {
        return fail("expected a JSON object with op shorten, expand or check", 0);
    }
    if (same(req.op, req.op_len, "shorten")) return shorten();
    if (same(req.op, req.op_len, "expand")) return expand();
    if (same(req.op, req.op_len, "check")) return check();
    return fail("unknown op: expected shorten, expand or check", 0);
}

/* How many links it has issued: wasm:invoke shortener links (negative when kv fails). */
WHARF_EXPORT("links") int64_t links(void) { return last_seq(); }
