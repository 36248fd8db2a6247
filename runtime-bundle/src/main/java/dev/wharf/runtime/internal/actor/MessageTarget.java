package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;

/** What a message between components can be delivered to: a WebAssembly component or a Java one. */
public interface MessageTarget {

    ComponentId id();

    /** Its declarations as the policy sees them. */
    ComponentSpec spec();

    /**
     * Queues {@code e}, or refuses it: a refusal is an answer, never thrown.
     *
     * @param accepted it waited for a security policy and was accepted then: not refused for a full mailbox
     */
    Delivery enqueue(Envelope e, boolean accepted);
}
