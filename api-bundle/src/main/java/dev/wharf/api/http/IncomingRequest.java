package dev.wharf.api.http;

import java.util.List;
import java.util.Objects;

/**
 * An HTTP request for a component, as {@code wasi:http}'s {@code incoming-request} shows it.
 *
 * @param method the method, upper case as received ({@code GET}, {@code POST}, ...)
 * @param scheme {@code http} or {@code https}
 * @param authority the host (and port) the client named, or {@code null} when none
 * @param pathWithQuery the path and query below the component's {@code http-path}, starting with
 *     {@code /}: {@code /abc?x=1} for {@code /shorten/abc?x=1} under {@code /shorten}
 * @param headers its header fields, in order
 * @param body its body, whole (empty when it has none)
 */
public record IncomingRequest(String method, String scheme, String authority, String pathWithQuery,
        List<HttpField> headers, byte[] body) {

    public IncomingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(pathWithQuery, "pathWithQuery");
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** Its body (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body's length, without copying it. */
    public int bodyLength() {
        return body.length;
    }
}
