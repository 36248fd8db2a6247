/*
 * hello-http: a component that answers HTTP, in C against wasi-libc, with the wasi:http bindings
 * of guest/c/wasi-http.h. Deployed with http-path=/hello, it answers
 *
 *   curl http://127.0.0.1:8080/hello/Ada    ->  200 "Hello, Ada!"
 *   curl http://127.0.0.1:8080/hello        ->  200 "Hello, world!"
 *   any method but GET and HEAD             ->  405, with allow: GET, HEAD
 *
 * The path it sees is the part below its http-path ("/Ada"); the name is what follows the slash,
 * up to a query, at most 64 bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cabi-realloc.h"
#include "wasi-http.h"

/* fields of text/plain and, for 405, the allowed methods */
static wasi_handle headers(int not_allowed) {
    wasi_field fields[2] = {
        {{(uint8_t *) "content-type", 12}, {(uint8_t *) "text/plain; charset=utf-8", 25}},
        {{(uint8_t *) "allow", 5}, {(uint8_t *) "GET, HEAD", 9}},
    };
    wasi_result_handle made;
    wasi_fields_from_list(fields, not_allowed ? 2 : 1, &made);
    if (made.is_err) {
        abort();
    }
    return made.val.ok;
}

/* sends status and body as the response */
static void respond(wasi_handle out, int32_t status, const uint8_t *body, size_t len) {
    wasi_handle response = wasi_outgoing_response_new(headers(status == 405));
    wasi_outgoing_response_set_status_code(response, status);
    wasi_result_handle outgoing, stream;
    wasi_outgoing_response_body(response, &outgoing);
    wasi_outgoing_body_write(outgoing.val.ok, &stream);
    wasi_response_outparam_set_response(out, response);
    wasi_output_stream_write_all(stream.val.ok, body, len);
    wasi_output_stream_drop(stream.val.ok);
    wasi_result_error finished;
    wasi_outgoing_body_finish(outgoing.val.ok, 0, 0, &finished);
}

/* the name in path "/NAME?query", "world" when there is none */
static size_t name_of(const wasi_option_string *path, const uint8_t **name) {
    size_t len = 0;
    if (path->is_some && path->val.len > 1) {
        const uint8_t *p = path->val.ptr + 1;
        while (len < path->val.len - 1 && len < 64 && p[len] != '?' && p[len] != '/') {
            len++;
        }
        *name = p;
    }
    if (len == 0) {
        *name = (const uint8_t *) "world";
        len = 5;
    }
    return len;
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.0#handle")))
void handle(wasi_handle request, wasi_handle out) {
    wasi_method method;
    wasi_incoming_request_method(request, &method);
    if (method.tag != WASI_METHOD_GET && method.tag != WASI_METHOD_HEAD) {
        static const char refused[] = "only GET and HEAD\n";
        respond(out, 405, (const uint8_t *) refused, sizeof refused - 1);
    } else {
        wasi_option_string path;
        wasi_incoming_request_path_with_query(request, &path);
        const uint8_t *name;
        size_t len = name_of(&path, &name);
        uint8_t text[80];
        memcpy(text, "Hello, ", 7);
        memcpy(text + 7, name, len);
        memcpy(text + 7 + len, "!\n", 2);
        respond(out, 200, text, len + 9);
        if (path.is_some) {
            free(path.val.ptr);
        }
    }
    if (method.tag == WASI_METHOD_OTHER) {
        free(method.other.ptr);
    }
    wasi_incoming_request_drop(request);
}
