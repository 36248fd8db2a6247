package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.WharfException;

/** Where a guest's {@code send} goes: the router, which checks it like any other message. */
@FunctionalInterface
public interface Outbox {

    /** Sends {@code payload} from {@code from} to {@code to}; {@code null} when accepted, else the refusal. */
    WharfException send(ComponentActor from, ComponentId to, byte[] payload);
}
