/*
 * Core module of the component "http-fetch" (WIT: src/main/wit/http-fetch.wit, world http-fetch):
 * a wasi:http 0.2.12 client in C against wasi-libc (for malloc), with the bindings of
 * guest/c/wasi-http.h. fetch(url) sends GET url, post(url, body) sends POST url with body
 * (content-type text/plain) through wasi:http/outgoing-handler, and both answer ok((status, body))
 * or err with the name of the error-code's case (internal-error's message after ": ").
 */
#define WASI_HTTP_VERSION "0.2.12"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cabi-realloc.h"
#include "wasi-http.h"

static const char *const ERROR_NAMES[] = {
    "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable", "destination-IP-prohibited",
    "destination-IP-unroutable", "connection-refused", "connection-terminated", "connection-timeout",
    "connection-read-timeout", "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
    "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied", "HTTP-request-length-required",
    "HTTP-request-body-size", "HTTP-request-method-invalid", "HTTP-request-URI-invalid", "HTTP-request-URI-too-long",
    "HTTP-request-header-section-size", "HTTP-request-header-size", "HTTP-request-trailer-section-size",
    "HTTP-request-trailer-size", "HTTP-response-incomplete", "HTTP-response-header-section-size",
    "HTTP-response-header-size", "HTTP-response-body-size", "HTTP-response-trailer-section-size",
    "HTTP-response-trailer-size", "HTTP-response-transfer-coding", "HTTP-response-content-coding",
    "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
    "internal-error"};

/* the return area of fetch and post: result<tuple<u16, string>, string> */
static struct {
    uint8_t is_err;
    union {
        struct {
            uint16_t status;
            wasi_bytes body;
        } ok;
        wasi_bytes err;
    } val;
} ret;

static void *fail(const char *text, size_t len) {
    ret.is_err = 1;
    ret.val.err.ptr = malloc(len ? len : 1);
    memcpy(ret.val.err.ptr, text, len);
    ret.val.err.len = len;
    return &ret;
}

/* err with the case's name, and internal-error's message; frees what the host allocated */
static void *fail_with(const wasi_error_code *e) {
    const char *name = e->tag < sizeof ERROR_NAMES / sizeof *ERROR_NAMES ? ERROR_NAMES[e->tag] : "unknown";
    size_t n = strlen(name);
    if (e->tag != WASI_ERROR_INTERNAL_ERROR || !e->payload.text.is_some) {
        return fail(name, n);
    }
    size_t len = n + 2 + e->payload.text.val.len;
    char *text = malloc(len);
    memcpy(text, name, n);
    memcpy(text + n, ": ", 2);
    memcpy(text + n + 2, e->payload.text.val.ptr, e->payload.text.val.len);
    free(e->payload.text.val.ptr);
    fail(text, len);
    free(text);
    return &ret;
}

/* sets scheme, authority and path of request from url (scheme://authority/path?query); 0 when it parses */
static int set_target(wasi_handle request, const char *url, size_t len) {
    const char *sep = NULL;
    for (size_t i = 0; i + 2 < len; i++) {
        if (url[i] == ':' && url[i + 1] == '/' && url[i + 2] == '/') {
            sep = url + i;
            break;
        }
    }
    if (sep == NULL) {
        return -1;
    }
    size_t scheme_len = sep - url;
    int https = scheme_len == 5 && memcmp(url, "https", 5) == 0;
    int http = scheme_len == 4 && memcmp(url, "http", 4) == 0;
    wasi_outgoing_request_set_scheme(request, 1, https ? WASI_SCHEME_HTTPS : http ? WASI_SCHEME_HTTP : WASI_SCHEME_OTHER,
                                     url, scheme_len);
    const char *authority = sep + 3;
    const char *end = url + len;
    const char *path = authority;
    while (path < end && *path != '/' && *path != '?') {
        path++;
    }
    wasi_outgoing_request_set_authority(request, 1, authority, path - authority);
    if (path == end) {
        wasi_outgoing_request_set_path_with_query(request, 1, "/", 1);
    } else {
        wasi_outgoing_request_set_path_with_query(request, 1, path, end - path);
    }
    return 0;
}

/* the whole body of an incoming-response into ret (ok) */
static void *read_response(wasi_handle response) {
    ret.is_err = 0;
    ret.val.ok.status = (uint16_t) wasi_incoming_response_status(response);
    ret.val.ok.body.ptr = NULL;
    ret.val.ok.body.len = 0;
    wasi_result_handle body, stream;
    wasi_incoming_response_consume(response, &body);
    if (!body.is_err) {
        wasi_incoming_body_stream(body.val.ok, &stream);
        if (!stream.is_err) {
            for (;;) {
                wasi_stream_result r;
                wasi_input_stream_blocking_read(stream.val.ok, 65536, &r);
                if (r.is_err) {
                    if (r.val.err.tag == WASI_STREAM_FAILED) {
                        wasi_io_error_drop(r.val.err.error);
                    }
                    break;
                }
                size_t len = ret.val.ok.body.len;
                ret.val.ok.body.ptr = realloc(ret.val.ok.body.ptr, len + r.val.ok.len + 1);
                memcpy(ret.val.ok.body.ptr + len, r.val.ok.ptr, r.val.ok.len);
                ret.val.ok.body.len = len + r.val.ok.len;
                free(r.val.ok.ptr);
            }
            wasi_input_stream_drop(stream.val.ok);
        }
        wasi_incoming_body_drop(body.val.ok);
    }
    wasi_incoming_response_drop(response);
    if (ret.val.ok.body.ptr == NULL) {
        ret.val.ok.body.ptr = malloc(1);
    }
    return &ret;
}

/* sends the request (method, url, body or none) and waits for its response */
static void *send(int method, const char *url, size_t url_len, const uint8_t *body, size_t body_len, int has_body) {
    wasi_handle headers = wasi_fields_new();
    if (has_body) {
        wasi_result_header r;
        wasi_fields_append(headers, "content-type", 12, (const uint8_t *) "text/plain", 10, &r);
    }
    wasi_handle request = wasi_outgoing_request_new(headers);
    wasi_outgoing_request_set_method(request, method, "", 0);
    if (set_target(request, url, url_len) != 0) {
        wasi_outgoing_request_drop(request);
        return fail("not a URL", 9);
    }
    wasi_result_handle outgoing = {1};
    if (has_body) {
        wasi_outgoing_request_body(request, &outgoing);
    }
    wasi_result_handle_error sent;
    wasi_outgoing_handler_handle(request, 0, 0, &sent);
    if (!outgoing.is_err) {
        /* the body is written after handle, as streaming clients do: the host sends it once finished */
        wasi_result_handle stream;
        wasi_outgoing_body_write(outgoing.val.ok, &stream);
        wasi_output_stream_write_all(stream.val.ok, body, body_len);
        wasi_output_stream_drop(stream.val.ok);
        wasi_result_error finished;
        wasi_outgoing_body_finish(outgoing.val.ok, 0, 0, &finished);
    }
    if (sent.is_err) {
        return fail_with(&sent.val.err);
    }
    wasi_handle pollable = wasi_future_incoming_response_subscribe(sent.val.ok);
    wasi_pollable_block(pollable);
    wasi_pollable_drop(pollable);
    wasi_future_response got;
    wasi_future_incoming_response_get(sent.val.ok, &got);
    wasi_future_incoming_response_drop(sent.val.ok);
    if (!got.is_some || got.val.is_err) {
        return fail("the response was not there", 26);
    }
    if (got.val.ok.is_err) {
        return fail_with(&got.val.ok.val.err);
    }
    return read_response(got.val.ok.val.ok);
}

__attribute__((export_name("fetch")))
void *fetch(char *url, size_t len) {
    void *r = send(WASI_METHOD_GET, url, len, NULL, 0, 0);
    if (len > 0) {
        free(url);
    }
    return r;
}

__attribute__((export_name("post")))
void *post(char *url, size_t len, uint8_t *body, size_t body_len) {
    void *r = send(WASI_METHOD_POST, url, len, body, body_len, 1);
    if (len > 0) {
        free(url);
    }
    if (body_len > 0) {
        free(body);
    }
    return r;
}

/* post-return of fetch and post: frees the string the caller has read */
static void post_return(void *area) {
    (void) area;
    free(ret.is_err ? ret.val.err.ptr : ret.val.ok.body.ptr);
}

__attribute__((export_name("cabi_post_fetch")))
void cabi_post_fetch(void *area) {
    post_return(area);
}

__attribute__((export_name("cabi_post_post")))
void cabi_post_post(void *area) {
    post_return(area);
}
