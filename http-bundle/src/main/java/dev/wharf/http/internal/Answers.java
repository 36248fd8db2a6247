package dev.wharf.http.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import javax.servlet.http.HttpServletResponse;

/**
 * What a client gets when the component gives no response: the status its error maps to, the
 * error code in {@code X-Wharf-Error}, a short text. Only the caller's own problems (too large,
 * busy, too slow) are explained; a failure inside the component says only what kind it was.
 */
final class Answers {

    /** Seconds a client is asked to wait before it tries again after a 503. */
    static final String RETRY_AFTER_S = "1";

    private Answers() {}

    /** The status of {@code code}; {@code null} (not an error of Wharf's) is 500. */
    static int status(ErrorCode code) {
        if (code == null) {
            return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        return switch (code) {
            case TIMEOUT -> HttpServletResponse.SC_GATEWAY_TIMEOUT;
            case BUSY, MAILBOX_FULL, UNAVAILABLE, UNKNOWN_TARGET, NO_POLICY -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            case TOO_LARGE -> HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
            case UNKNOWN_EXPORT -> HttpServletResponse.SC_NOT_FOUND;
            default -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        };
    }

    /** The text a client reads for {@code error}: the message for its own problems, the kind of failure for the rest. */
    static String text(WharfException error) {
        int status = status(error.code());
        String kind = error.code().text() + " (" + error.code().code() + ")";
        return status == HttpServletResponse.SC_INTERNAL_SERVER_ERROR ? kind : kind + ": " + error.getMessage();
    }

    static void error(HttpServletResponse resp, Throwable failure) throws IOException {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WharfException w) {
            send(resp, status(w.code()), w.code(), text(w));
        } else {
            send(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, null, "internal error");
        }
    }

    static void tooLarge(HttpServletResponse resp, ComponentId id, int max) throws IOException {
        send(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, ErrorCode.TOO_LARGE, ErrorCode.TOO_LARGE.text() + " ("
                + ErrorCode.TOO_LARGE.code() + "): the body is larger than the max-message-size " + max + " of component '"
                + id + "'");
    }

    static void queueTimeout(HttpServletResponse resp) throws IOException {
        send(resp, HttpServletResponse.SC_GATEWAY_TIMEOUT, ErrorCode.TIMEOUT, ErrorCode.TIMEOUT.text() + " ("
                + ErrorCode.TIMEOUT.code() + "): the component did not answer in time");
    }

    private static void send(HttpServletResponse resp, int status, ErrorCode code, String text) throws IOException {
        resp.setStatus(status);
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            resp.setHeader("Retry-After", RETRY_AFTER_S);
        }
        if (code != null) {
            resp.setHeader("X-Wharf-Error", String.valueOf(code.code()));
        }
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
