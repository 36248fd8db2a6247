package dev.wharf.spi.security;

import dev.wharf.api.ErrorCode;

/** The answer of a {@link SecurityPolicy} for one message. */
public sealed interface PolicyDecision {

    /** The message may be delivered. */
    record Allow() implements PolicyDecision {}

    /** The message is refused with {@code code} ({@link ErrorCode#DENIED}, {@link ErrorCode#TOO_LARGE}, {@link ErrorCode#RATE_LIMITED}). */
    record Deny(ErrorCode code, String reason) implements PolicyDecision {}

    PolicyDecision ALLOW = new Allow();

    default boolean allowed() {
        return this instanceof Allow;
    }
}
