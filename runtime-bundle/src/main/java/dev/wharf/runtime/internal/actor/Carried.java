package dev.wharf.runtime.internal.actor;

import java.util.List;

/**
 * What a component carries from one runtime to the next when the runtime bundle is updated: the
 * state its instance saved ({@code null} when it saves none, or had no instance then) and the
 * messages it had not handled yet, in their order.
 */
public record Carried(byte[] state, List<Envelope> messages) {

    /** Nothing: a component that starts afresh. */
    public static final Carried NOTHING = new Carried(null, List.of());

    public Carried {
        messages = List.copyOf(messages);
    }
}
