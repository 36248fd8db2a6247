package dev.wharf.api;

import java.util.Objects;

/**
 * The immediate answer to a {@link MessageDispatcher#tell tell}: the message was accepted into
 * the receiver's mailbox, or refused with the error that says why. Nothing is dropped silently.
 */
public sealed interface Delivery {

    /** The message is in the receiver's mailbox. */
    record Accepted() implements Delivery {}

    /** The message was not accepted; {@code error} names the cause and carries its code. */
    record Refused(WharfException error) implements Delivery {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }

    Delivery ACCEPTED = new Accepted();

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
