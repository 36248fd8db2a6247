/*
 * Core module of the component "http-hello" (WIT: src/main/wit/http-hello.wit, world http-hello):
 * a wasi:http 0.2.0 incoming handler in C against wasi-libc (for malloc), with the bindings of
 * guest/c/wasi-http.h.
 *
 * It answers every request with status 200, the headers content-type: text/plain,
 * x-wharf-component: http-hello (and x-echo: V when the request has a header x-echo: V), and the
 * body "METHOD PATH-WITH-QUERY\n" followed by the request's body.
 *
 * Paths under /bad/ misbehave on purpose, for the host's tests:
 *   /bad/no-response   drops the response-outparam without setting it
 *   /bad/error         sets the error internal-error("refused by http-hello")
 *   /bad/big?n=N       answers a body of N bytes 'x' (written 4 KiB at a time; it stops at the
 *                      first write that fails, then finishes the body)
 *   /bad/unfinished    drops the outgoing-body without finishing it
 *   /bad/keep          answers as usual but drops none of its handles
 *   /bad/odd-drop      answers as usual, dropping parents before their children
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cabi-realloc.h"
#include "wasi-http.h"

static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

/* a growing buffer of bytes */
typedef struct {
    uint8_t *data;
    size_t len;
} buffer;

static void append(buffer *b, const void *data, size_t len) {
    b->data = cabi_realloc(b->data, b->len, 1, b->len + len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static int starts_with(const wasi_bytes *s, const char *prefix) {
    size_t n = strlen(prefix);
    return s->len >= n && memcmp(s->ptr, prefix, n) == 0;
}

/* the request's body, read whole */
static void read_body(wasi_handle request, buffer *out, int drop_request_first) {
    wasi_result_handle body, stream;
    wasi_incoming_request_consume(request, &body);
    if (body.is_err) {
        return;
    }
    wasi_incoming_body_stream(body.val.ok, &stream);
    if (drop_request_first) {
        wasi_incoming_body_drop(body.val.ok);
        wasi_incoming_request_drop(request);
    }
    if (!stream.is_err) {
        for (;;) {
            wasi_stream_result r;
            wasi_input_stream_blocking_read(stream.val.ok, 4096, &r);
            if (r.is_err) {
                if (r.val.err.tag == WASI_STREAM_FAILED) {
                    wasi_io_error_drop(r.val.err.error);
                }
                break;
            }
            append(out, r.val.ok.ptr, r.val.ok.len);
            free(r.val.ok.ptr);
        }
        wasi_input_stream_drop(stream.val.ok);
    }
    if (!drop_request_first) {
        wasi_incoming_body_drop(body.val.ok);
    }
}

/* the value of header x-echo, if the request has one (else len 0) */
static buffer echo_header(wasi_handle request) {
    buffer v = {0};
    wasi_handle headers = wasi_incoming_request_headers(request);
    wasi_fields_list entries;
    wasi_fields_entries(headers, &entries);
    for (size_t i = 0; i < entries.len; i++) {
        wasi_field *f = &entries.ptr[i];
        if (f->name.len == 6 && memcmp(f->name.ptr, "x-echo", 6) == 0 && v.len == 0) {
            append(&v, f->value.ptr, f->value.len);
        }
        free(f->name.ptr);
        free(f->value.ptr);
    }
    free(entries.ptr);
    wasi_fields_drop(headers);
    return v;
}

static wasi_handle response_headers(const buffer *echo) {
    static const char *const NAMES[] = {"content-type", "x-wharf-component"};
    static const char *const VALUES[] = {"text/plain", "http-hello"};
    wasi_field fields[2];
    for (int i = 0; i < 2; i++) {
        fields[i].name = (wasi_bytes) {(uint8_t *) NAMES[i], strlen(NAMES[i])};
        fields[i].value = (wasi_bytes) {(uint8_t *) VALUES[i], strlen(VALUES[i])};
    }
    wasi_result_handle made;
    wasi_fields_from_list(fields, 2, &made);
    if (made.is_err) {
        abort();
    }
    if (echo->len > 0) {
        wasi_result_header r;
        wasi_fields_append(made.val.ok, "x-echo", 6, echo->data, echo->len, &r);
    }
    return made.val.ok;
}

/* the number after "n=" in the path, 0 when none */
static size_t query_n(const wasi_bytes *path) {
    size_t n = 0;
    for (size_t i = 0; i + 1 < path->len; i++) {
        if (path->ptr[i] == 'n' && path->ptr[i + 1] == '=') {
            for (size_t j = i + 2; j < path->len && path->ptr[j] >= '0' && path->ptr[j] <= '9'; j++) {
                n = n * 10 + (path->ptr[j] - '0');
            }
            break;
        }
    }
    return n;
}

/* sends status 200 with body (or n bytes 'x' when big) */
static void respond(wasi_handle out, const buffer *echo, const buffer *body, size_t big, int unfinished, int keep,
                    int odd) {
    wasi_handle response = wasi_outgoing_response_new(response_headers(echo));
    wasi_outgoing_response_set_status_code(response, 200);
    wasi_result_handle outgoing, stream;
    wasi_outgoing_response_body(response, &outgoing);
    wasi_outgoing_body_write(outgoing.val.ok, &stream);
    wasi_response_outparam_set_response(out, response);
    if (big > 0) {
        /* 4 KiB at a time from one buffer: a body may be larger than the guest's memory */
        static uint8_t xs[4096];
        memset(xs, 'x', sizeof xs);
        for (size_t left = big; left > 0;) {
            size_t n = left < sizeof xs ? left : sizeof xs;
            if (wasi_output_stream_write_all(stream.val.ok, xs, n) != 0) {
                break;
            }
            left -= n;
        }
    } else {
        wasi_output_stream_write_all(stream.val.ok, body->data, body->len);
    }
    if (unfinished) {
        wasi_output_stream_drop(stream.val.ok);
        wasi_outgoing_body_drop(outgoing.val.ok);
        return;
    }
    if (!keep && !odd) {
        wasi_output_stream_drop(stream.val.ok);
    }
    wasi_result_error finished;
    wasi_outgoing_body_finish(outgoing.val.ok, 0, 0, &finished);
    if (odd) {
        wasi_output_stream_drop(stream.val.ok);
    }
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.0#handle")))
void handle(wasi_handle request, wasi_handle out) {
    wasi_method method;
    wasi_option_string path;
    wasi_incoming_request_method(request, &method);
    wasi_incoming_request_path_with_query(request, &path);
    if (!path.is_some) {
        path.val = (wasi_bytes) {(uint8_t *) "/", 1};
    }
    buffer echo = echo_header(request);
    int keep = starts_with(&path.val, "/bad/keep");
    int odd = starts_with(&path.val, "/bad/odd-drop");
    if (starts_with(&path.val, "/bad/no-response")) {
        wasi_response_outparam_drop(out);
        wasi_incoming_request_drop(request);
        return;
    }
    if (starts_with(&path.val, "/bad/error")) {
        static const char refused[] = "refused by http-hello";
        wasi_response_outparam_set_error(out, refused, sizeof refused - 1);
        wasi_incoming_request_drop(request);
        return;
    }
    buffer text = {0};
    if (method.tag == WASI_METHOD_OTHER) {
        append(&text, method.other.ptr, method.other.len);
    } else {
        append(&text, METHODS[method.tag], strlen(METHODS[method.tag]));
    }
    append(&text, " ", 1);
    append(&text, path.val.ptr, path.val.len);
    append(&text, "\n", 1);
    read_body(request, &text, odd);
    size_t big = starts_with(&path.val, "/bad/big") ? query_n(&path.val) : 0;
    respond(out, &echo, &text, big, starts_with(&path.val, "/bad/unfinished"), keep, odd);
    if (!keep && !odd) {
        wasi_incoming_request_drop(request);
    }
    free(text.data);
    free(echo.data);
    if (path.is_some) {
        free(path.val.ptr);
    }
    if (method.tag == WASI_METHOD_OTHER) {
        free(method.other.ptr);
    }
}
