package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.WharfException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;

/**
 * How the answer to an ask travels back: the reply's bytes as the message's data, or an error as
 * headers {@code Wharf-Error} (the stable code), {@code Wharf-Guest-Code} (for a guest's own
 * error code) and the message text as data. Every reply names the node that answered in
 * {@code Wharf-Node}. The asker gets the receiving node's error with its code.
 */
final class Replies {

    private static final String NODE = "Wharf-Node";
    private static final String ERROR = "Wharf-Error";
    private static final String GUEST_CODE = "Wharf-Guest-Code";

    private Replies() {}

    static Headers ok(String node) {
        return new Headers().put(NODE, node);
    }

    static Headers error(String node, Throwable failure) {
        Headers h = new Headers().put(NODE, node);
        if (failure instanceof WharfException w) {
            h.put(ERROR, Integer.toString(w.code().code()));
            if (w instanceof GuestErrorException g) {
                h.put(GUEST_CODE, Integer.toString(g.guestCode()));
            }
        } else {
            h.put(ERROR, Integer.toString(ErrorCode.GUEST_ERROR.code()));
        }
        return h;
    }

    static byte[] text(Throwable failure) {
        String m = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** The reply's payload, or throws the error it carries. */
    static byte[] read(Message reply, ComponentId to) {
        Headers h = reply.getHeaders();
        String code = h == null ? null : h.getFirst(ERROR);
        if (code == null) {
            return reply.getData() == null ? new byte[0] : reply.getData();
        }
        String node = h.getFirst(NODE);
        String text = "node " + (node == null ? "?" : node) + ": "
                + new String(reply.getData() == null ? new byte[0] : reply.getData(), StandardCharsets.UTF_8);
        throw failure(to, code, h.getFirst(GUEST_CODE), text);
    }

    private static WharfException failure(ComponentId to, String code, String guestCode, String text) {
        // an unknown or unreadable code (0: no code is 0) is reported as the guest error it must have been
        ErrorCode c = ErrorCode.GUEST_ERROR;
        int n = parse(code);
        for (ErrorCode e : ErrorCode.values()) {
            if (e.code() == n) {
                c = e;
            }
        }
        return switch (c) {
            case GUEST_ERROR -> new GuestErrorException(to, guestCode == null ? 0 : parse(guestCode), text);
            case NO_REPLY -> new NoReplyException(text);
            default -> new DeliveryRefusedException(c, text);
        };
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
