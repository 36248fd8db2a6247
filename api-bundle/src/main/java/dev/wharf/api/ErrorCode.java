package dev.wharf.api;

/**
 * Stable error codes. The first eight, negated, are also the results of the guest ABI's
 * {@code send} and {@code reply}; negated, any of them can be the result of a capability call
 * ({@code docs/capabilities.md}). The numbers never change meaning.
 */
public enum ErrorCode {
    UNKNOWN_TARGET(1, "unknown target"),
    DENIED(2, "denied by policy"),
    TOO_LARGE(3, "payload too large"),
    RATE_LIMITED(4, "rate limited"),
    MAILBOX_FULL(5, "mailbox full"),
    UNKNOWN_CODEC(6, "unknown codec"),
    OUT_OF_BOUNDS(7, "pointer out of bounds"),
    NOTHING_TO_REPLY(8, "nothing to reply to"),
    UNKNOWN_EXPORT(20, "unknown export"),
    INVALID_ARGUMENTS(21, "invalid arguments"),
    TRAP(22, "trap"),
    TIMEOUT(23, "timeout"),
    UNAVAILABLE(24, "component unavailable"),
    NO_POLICY(25, "no security policy"),
    NO_REPLY(26, "no reply"),
    GUEST_ERROR(27, "guest error"),
    INVALID_COMPONENT(28, "invalid component"),
    ALLOCATION_FAILED(29, "guest could not allocate"),
    CAPABILITY_UNAVAILABLE(30, "capability unavailable"),
    CAPABILITY_FAILED(31, "capability failed"),
    NOT_FOUND(32, "not found"),
    QUOTA_EXCEEDED(33, "quota exceeded"),
    REQUEST_FAILED(34, "request failed"),
    LATTICE_UNAVAILABLE(35, "lattice unavailable"),
    /** As many capability calls as the container allows are under way (they wait on something): try again later. */
    BUSY(36, "busy");

    private final int code;
    private final String text;

    ErrorCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The stable number of this error. */
    public int code() {
        return code;
    }

    /** A short description, e.g. {@code "mailbox full"}. */
    public String text() {
        return text;
    }
}
