/*
 * wasi-http.h - wasi:http 0.2 (types, incoming-handler, outgoing-handler) and the parts of
 * wasi:io 0.2 its bodies use, for C components, as canonical-ABI declarations written by hand.
 *
 * A C module that includes it imports the functions it calls from "wasi:http/types@VERSION",
 * "wasi:http/outgoing-handler@VERSION", "wasi:io/streams@VERSION", "wasi:io/error@VERSION" and
 * "wasi:io/poll@VERSION"
 * (VERSION is WASI_HTTP_VERSION, "0.2.0" unless defined before the include: the interfaces are
 * the same across 0.2.x). Embed a WIT world that imports wasi:http/types (and outgoing-handler
 * when it calls it) of that version, and make the component with `wasm-tools component new`
 * (jco's componentNew), as wasm-components/build-components.mjs does for http-hello and
 * http-fetch.
 *
 * Conventions of the canonical ABI, as these declarations follow them:
 *  - a resource handle is an int32_t (wasi_handle); a function taking `self` takes the handle
 *    as a borrow (the caller keeps it), one taking an own handle (a constructor's headers,
 *    outgoing-body.finish, outgoing-handler.handle) takes it away from the caller;
 *  - a handle the caller owns is given back with the matching wasi_*_drop function;
 *  - a function whose results do not fit one core value writes them to the struct its last
 *    argument points to (the structs below have the canonical ABI's layout on wasm32);
 *  - lists and strings the host returns are allocated in the guest with its cabi_realloc
 *    export, which the module must define (with wasi-libc: include cabi-realloc.h in one .c
 *    file); the guest frees them.
 *
 * To serve HTTP, export the handler under its canonical name:
 *
 *   __attribute__((export_name("wasi:http/incoming-handler@0.2.0#handle")))
 *   void handle(wasi_handle request, wasi_handle response_out) { ... }
 */
#ifndef WASI_HTTP_H
#define WASI_HTTP_H

#include <stddef.h>
#include <stdint.h>

#ifndef WASI_HTTP_VERSION
#define WASI_HTTP_VERSION "0.2.0"
#endif

#define WASI_HTTP_TYPES(name) __attribute__((import_module("wasi:http/types@" WASI_HTTP_VERSION), import_name(name)))
#define WASI_HTTP_OUTGOING(name) \
    __attribute__((import_module("wasi:http/outgoing-handler@" WASI_HTTP_VERSION), import_name(name)))
#define WASI_IO_STREAMS(name) __attribute__((import_module("wasi:io/streams@" WASI_HTTP_VERSION), import_name(name)))
#define WASI_IO_ERROR(name) __attribute__((import_module("wasi:io/error@" WASI_HTTP_VERSION), import_name(name)))
#define WASI_IO_POLL(name) __attribute__((import_module("wasi:io/poll@" WASI_HTTP_VERSION), import_name(name)))

typedef int32_t wasi_handle;

/* a string or a list<u8>: UTF-8 text for a string, any bytes for a list */
typedef struct {
    uint8_t *ptr;
    size_t len;
} wasi_bytes;

/* option<string> */
typedef struct {
    uint8_t is_some;
    wasi_bytes val;
} wasi_option_string;

/* result<own<T>> and result<own<T>, header-error>: the handle, or on error the header-error's case */
typedef struct {
    uint8_t is_err;
    union {
        wasi_handle ok;
        uint8_t err;
    } val;
} wasi_result_handle;

/* result<_, header-error> */
typedef struct {
    uint8_t is_err;
    uint8_t err;
} wasi_result_header;

enum { WASI_HEADER_INVALID_SYNTAX = 0, WASI_HEADER_FORBIDDEN = 1, WASI_HEADER_IMMUTABLE = 2 };

/* variant method { get, head, post, put, delete, connect, options, trace, patch, other(string) } */
enum {
    WASI_METHOD_GET, WASI_METHOD_HEAD, WASI_METHOD_POST, WASI_METHOD_PUT, WASI_METHOD_DELETE,
    WASI_METHOD_CONNECT, WASI_METHOD_OPTIONS, WASI_METHOD_TRACE, WASI_METHOD_PATCH, WASI_METHOD_OTHER
};
typedef struct {
    uint8_t tag;
    wasi_bytes other;
} wasi_method;

/* variant scheme { HTTP, HTTPS, other(string) } */
enum { WASI_SCHEME_HTTP, WASI_SCHEME_HTTPS, WASI_SCHEME_OTHER };

/* one header field of fields.entries: tuple<field-name, field-value> */
typedef struct {
    wasi_bytes name;
    wasi_bytes value;
} wasi_field;

typedef struct {
    wasi_field *ptr;
    size_t len;
} wasi_fields_list;

/* variant error-code: its case (WASI_ERROR_*) and the payloads the cases carry */
enum {
    WASI_ERROR_DNS_TIMEOUT, WASI_ERROR_DNS_ERROR, WASI_ERROR_DESTINATION_NOT_FOUND,
    WASI_ERROR_DESTINATION_UNAVAILABLE, WASI_ERROR_DESTINATION_IP_PROHIBITED,
    WASI_ERROR_DESTINATION_IP_UNROUTABLE, WASI_ERROR_CONNECTION_REFUSED, WASI_ERROR_CONNECTION_TERMINATED,
    WASI_ERROR_CONNECTION_TIMEOUT, WASI_ERROR_CONNECTION_READ_TIMEOUT, WASI_ERROR_CONNECTION_WRITE_TIMEOUT,
    WASI_ERROR_CONNECTION_LIMIT_REACHED, WASI_ERROR_TLS_PROTOCOL_ERROR, WASI_ERROR_TLS_CERTIFICATE_ERROR,
    WASI_ERROR_TLS_ALERT_RECEIVED, WASI_ERROR_HTTP_REQUEST_DENIED, WASI_ERROR_HTTP_REQUEST_LENGTH_REQUIRED,
    WASI_ERROR_HTTP_REQUEST_BODY_SIZE, WASI_ERROR_HTTP_REQUEST_METHOD_INVALID, WASI_ERROR_HTTP_REQUEST_URI_INVALID,
    WASI_ERROR_HTTP_REQUEST_URI_TOO_LONG, WASI_ERROR_HTTP_REQUEST_HEADER_SECTION_SIZE,
    WASI_ERROR_HTTP_REQUEST_HEADER_SIZE, WASI_ERROR_HTTP_REQUEST_TRAILER_SECTION_SIZE,
    WASI_ERROR_HTTP_REQUEST_TRAILER_SIZE, WASI_ERROR_HTTP_RESPONSE_INCOMPLETE,
    WASI_ERROR_HTTP_RESPONSE_HEADER_SECTION_SIZE, WASI_ERROR_HTTP_RESPONSE_HEADER_SIZE,
    WASI_ERROR_HTTP_RESPONSE_BODY_SIZE, WASI_ERROR_HTTP_RESPONSE_TRAILER_SECTION_SIZE,
    WASI_ERROR_HTTP_RESPONSE_TRAILER_SIZE, WASI_ERROR_HTTP_RESPONSE_TRANSFER_CODING,
    WASI_ERROR_HTTP_RESPONSE_CONTENT_CODING, WASI_ERROR_HTTP_RESPONSE_TIMEOUT, WASI_ERROR_HTTP_UPGRADE_FAILED,
    WASI_ERROR_HTTP_PROTOCOL_ERROR, WASI_ERROR_LOOP_DETECTED, WASI_ERROR_CONFIGURATION_ERROR,
    WASI_ERROR_INTERNAL_ERROR
};
typedef struct {
    uint8_t tag;
    union {
        /* internal-error, HTTP-response-transfer-coding, HTTP-response-content-coding: option<string> */
        wasi_option_string text;
        /* HTTP-request-body-size, HTTP-response-body-size: option<u64> */
        struct {
            uint8_t is_some;
            uint64_t val;
        } size;
        uint8_t other[24];
    } payload;
} wasi_error_code;

/* result<_, error-code> */
typedef struct {
    uint8_t is_err;
    wasi_error_code err;
} wasi_result_error;

/* result<own<T>, error-code> */
typedef struct {
    uint8_t is_err;
    union {
        wasi_handle ok;
        wasi_error_code err;
    } val;
} wasi_result_handle_error;

/* option<result<result<own<incoming-response>, error-code>>>: future-incoming-response.get */
typedef struct {
    uint8_t is_some;
    struct {
        uint8_t is_err; /* the value was taken already */
        wasi_result_handle_error ok;
    } val;
} wasi_future_response;

/* result<list<u8>, stream-error> and result<_, stream-error>: stream-error is
 * last-operation-failed(own<error>) (tag 0) or closed (tag 1) */
typedef struct {
    uint8_t is_err;
    union {
        wasi_bytes ok;
        struct {
            uint8_t tag;
            wasi_handle error;
        } err;
    } val;
} wasi_stream_result;

enum { WASI_STREAM_FAILED = 0, WASI_STREAM_CLOSED = 1 };

/* ---- wasi:http/types: fields --------------------------------------------------------------- */

WASI_HTTP_TYPES("[constructor]fields") wasi_handle wasi_fields_new(void);
WASI_HTTP_TYPES("[static]fields.from-list")
void wasi_fields_from_list(const wasi_field *entries, size_t len, wasi_result_handle *ret);
WASI_HTTP_TYPES("[method]fields.append")
void wasi_fields_append(wasi_handle self, const char *name, size_t name_len, const uint8_t *value, size_t value_len,
                        wasi_result_header *ret);
WASI_HTTP_TYPES("[method]fields.delete")
void wasi_fields_delete(wasi_handle self, const char *name, size_t name_len, wasi_result_header *ret);
WASI_HTTP_TYPES("[method]fields.entries") void wasi_fields_entries(wasi_handle self, wasi_fields_list *ret);
WASI_HTTP_TYPES("[resource-drop]fields") void wasi_fields_drop(wasi_handle self);

/* ---- incoming-request, incoming-body ------------------------------------------------------- */

WASI_HTTP_TYPES("[method]incoming-request.method") void wasi_incoming_request_method(wasi_handle self, wasi_method *ret);
WASI_HTTP_TYPES("[method]incoming-request.path-with-query")
void wasi_incoming_request_path_with_query(wasi_handle self, wasi_option_string *ret);
WASI_HTTP_TYPES("[method]incoming-request.authority")
void wasi_incoming_request_authority(wasi_handle self, wasi_option_string *ret);
/* the request's headers: an immutable fields */
WASI_HTTP_TYPES("[method]incoming-request.headers") wasi_handle wasi_incoming_request_headers(wasi_handle self);
/* the request's body, once */
WASI_HTTP_TYPES("[method]incoming-request.consume")
void wasi_incoming_request_consume(wasi_handle self, wasi_result_handle *ret);
WASI_HTTP_TYPES("[resource-drop]incoming-request") void wasi_incoming_request_drop(wasi_handle self);

WASI_HTTP_TYPES("[method]incoming-body.stream") void wasi_incoming_body_stream(wasi_handle self, wasi_result_handle *ret);
WASI_HTTP_TYPES("[resource-drop]incoming-body") void wasi_incoming_body_drop(wasi_handle self);

/* ---- outgoing-response, outgoing-body, response-outparam ------------------------------------ */

/* takes headers away from the caller */
WASI_HTTP_TYPES("[constructor]outgoing-response") wasi_handle wasi_outgoing_response_new(wasi_handle headers);
/* 0 when set, 1 when the status is not in 100..599 */
WASI_HTTP_TYPES("[method]outgoing-response.set-status-code")
int32_t wasi_outgoing_response_set_status_code(wasi_handle self, int32_t status);
WASI_HTTP_TYPES("[method]outgoing-response.body")
void wasi_outgoing_response_body(wasi_handle self, wasi_result_handle *ret);
WASI_HTTP_TYPES("[resource-drop]outgoing-response") void wasi_outgoing_response_drop(wasi_handle self);

WASI_HTTP_TYPES("[method]outgoing-body.write") void wasi_outgoing_body_write(wasi_handle self, wasi_result_handle *ret);
/* ends the body (taking it away from the caller), with no trailers (has_trailers 0) or some */
WASI_HTTP_TYPES("[static]outgoing-body.finish")
void wasi_outgoing_body_finish(wasi_handle self, int32_t has_trailers, wasi_handle trailers, wasi_result_error *ret);
WASI_HTTP_TYPES("[resource-drop]outgoing-body") void wasi_outgoing_body_drop(wasi_handle self);

/* sets the response: result<own<outgoing-response>, error-code> flattened (is_err 0: p is the
 * outgoing-response, taken away; is_err 1: p is the error-code's case, p0..p5 its payload).
 * Use wasi_response_outparam_set_response and wasi_response_outparam_set_error below. */
WASI_HTTP_TYPES("[static]response-outparam.set")
void wasi_response_outparam_set(wasi_handle self, int32_t is_err, int32_t p, int32_t p0, int64_t p1, int32_t p2,
                                int32_t p3, int32_t p4, int32_t p5);
WASI_HTTP_TYPES("[resource-drop]response-outparam") void wasi_response_outparam_drop(wasi_handle self);

/* ---- outgoing-request, outgoing-handler, the response --------------------------------------- */

/* takes headers away from the caller; method GET, no scheme, authority or path until set */
WASI_HTTP_TYPES("[constructor]outgoing-request") wasi_handle wasi_outgoing_request_new(wasi_handle headers);
WASI_HTTP_TYPES("[method]outgoing-request.set-method")
int32_t wasi_outgoing_request_set_method(wasi_handle self, int32_t tag, const char *other, size_t other_len);
WASI_HTTP_TYPES("[method]outgoing-request.set-scheme")
int32_t wasi_outgoing_request_set_scheme(wasi_handle self, int32_t is_some, int32_t tag, const char *other,
                                         size_t other_len);
WASI_HTTP_TYPES("[method]outgoing-request.set-authority")
int32_t wasi_outgoing_request_set_authority(wasi_handle self, int32_t is_some, const char *authority, size_t len);
WASI_HTTP_TYPES("[method]outgoing-request.set-path-with-query")
int32_t wasi_outgoing_request_set_path_with_query(wasi_handle self, int32_t is_some, const char *path, size_t len);
WASI_HTTP_TYPES("[method]outgoing-request.body")
void wasi_outgoing_request_body(wasi_handle self, wasi_result_handle *ret);
WASI_HTTP_TYPES("[resource-drop]outgoing-request") void wasi_outgoing_request_drop(wasi_handle self);

/* sends the request (taken away from the caller), without options (has_options 0) */
WASI_HTTP_OUTGOING("handle")
void wasi_outgoing_handler_handle(wasi_handle request, int32_t has_options, wasi_handle options,
                                  wasi_result_handle_error *ret);

WASI_HTTP_TYPES("[method]future-incoming-response.subscribe")
wasi_handle wasi_future_incoming_response_subscribe(wasi_handle self);
WASI_HTTP_TYPES("[method]future-incoming-response.get")
void wasi_future_incoming_response_get(wasi_handle self, wasi_future_response *ret);
WASI_HTTP_TYPES("[resource-drop]future-incoming-response") void wasi_future_incoming_response_drop(wasi_handle self);

WASI_HTTP_TYPES("[method]incoming-response.status") int32_t wasi_incoming_response_status(wasi_handle self);
WASI_HTTP_TYPES("[method]incoming-response.headers") wasi_handle wasi_incoming_response_headers(wasi_handle self);
WASI_HTTP_TYPES("[method]incoming-response.consume")
void wasi_incoming_response_consume(wasi_handle self, wasi_result_handle *ret);
WASI_HTTP_TYPES("[resource-drop]incoming-response") void wasi_incoming_response_drop(wasi_handle self);

/* ---- wasi:io ------------------------------------------------------------------------------ */

WASI_IO_STREAMS("[method]input-stream.blocking-read")
void wasi_input_stream_blocking_read(wasi_handle self, uint64_t len, wasi_stream_result *ret);
WASI_IO_STREAMS("[resource-drop]input-stream") void wasi_input_stream_drop(wasi_handle self);
WASI_IO_STREAMS("[method]output-stream.blocking-write-and-flush")
void wasi_output_stream_blocking_write_and_flush(wasi_handle self, const uint8_t *data, size_t len,
                                                 wasi_stream_result *ret);
WASI_IO_STREAMS("[resource-drop]output-stream") void wasi_output_stream_drop(wasi_handle self);
WASI_IO_ERROR("[resource-drop]error") void wasi_io_error_drop(wasi_handle self);
WASI_IO_POLL("[method]pollable.block") void wasi_pollable_block(wasi_handle self);
WASI_IO_POLL("[resource-drop]pollable") void wasi_pollable_drop(wasi_handle self);

/* ---- helpers ------------------------------------------------------------------------------ */

/* Answers the request with response (an outgoing-response, taken away). */
static inline void wasi_response_outparam_set_response(wasi_handle outparam, wasi_handle response) {
    wasi_response_outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
}

/* Answers the request with error-code internal-error(some(message)). */
static inline void wasi_response_outparam_set_error(wasi_handle outparam, const char *message, size_t len) {
    wasi_response_outparam_set(outparam, 1, WASI_ERROR_INTERNAL_ERROR, 1, (int64_t) (uintptr_t) message, (int32_t) len,
                               0, 0, 0);
}

/* Writes len bytes to an output stream in pieces of at most 4096 (what a blocking write takes);
 * 0 when all were written, else the stream-error's tag (its error, if any, is dropped). */
static inline int wasi_output_stream_write_all(wasi_handle out, const uint8_t *data, size_t len) {
    while (len > 0) {
        size_t n = len < 4096 ? len : 4096;
        wasi_stream_result r;
        wasi_output_stream_blocking_write_and_flush(out, data, n, &r);
        if (r.is_err) {
            if (r.val.err.tag == WASI_STREAM_FAILED) {
                wasi_io_error_drop(r.val.err.error);
            }
            return r.val.err.tag + 1;
        }
        data += n;
        len -= n;
    }
    return 0;
}

#endif
