package dev.wharf.api.http;

import java.util.List;

/**
 * A component's answer to an {@link IncomingRequest}, as {@code wasi:http}'s
 * {@code outgoing-response} gives it.
 *
 * @param status the status code, 100 to 599
 * @param headers its header fields, in order
 * @param body its body, whole (empty when it has none)
 */
public record OutgoingResponse(int status, List<HttpField> headers, byte[] body) {

    public OutgoingResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is not in 100..599");
        }
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
