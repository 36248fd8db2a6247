package dev.wharf.api;

/**
 * The resource limits and supervision settings of one component, as declared in its
 * {@code Wasm-Component} clause and possibly overridden by configuration.
 *
 * @param maxMessageSize largest accepted payload in bytes; a payload of exactly this size passes
 * @param rateLimit messages per second accepted from each sender
 * @param memoryMaxPages linear memory cap in 64 KiB pages
 * @param timeoutMs wall-clock limit of one call into the guest
 * @param mailbox mailbox capacity
 * @param restart restart policy
 * @param maxRestarts restarts tolerated within {@code restartWindowMs} before the component fails
 * @param restartWindowMs the window of {@code maxRestarts}
 * @param instances how many instances may serve it at once, each with its own memory; messages
 *     from one sender keep their order (section 15), 1 to 256 (since 4.4)
 */
public record ComponentLimits(
        int maxMessageSize,
        int rateLimit,
        int memoryMaxPages,
        long timeoutMs,
        int mailbox,
        RestartPolicy restart,
        int maxRestarts,
        long restartWindowMs,
        int instances) {

    /** The most instances one component may have: {@value}. */
    public static final int MAX_INSTANCES = 256;

    public static final ComponentLimits DEFAULTS =
            new ComponentLimits(1_048_576, 1000, 256, 1000, 1000, RestartPolicy.PERMANENT, 5, 60_000, 1);

    /** The limits of a component with one instance, as before 4.4. */
    public ComponentLimits(int maxMessageSize, int rateLimit, int memoryMaxPages, long timeoutMs, int mailbox,
            RestartPolicy restart, int maxRestarts, long restartWindowMs) {
        this(maxMessageSize, rateLimit, memoryMaxPages, timeoutMs, mailbox, restart, maxRestarts, restartWindowMs, 1);
    }

    public ComponentLimits {
        positive("max-message-size", maxMessageSize);
        positive("rate-limit", rateLimit);
        positive("memory-max-pages", memoryMaxPages);
        if (memoryMaxPages > 65_536) {
            throw new IllegalArgumentException("memory-max-pages " + memoryMaxPages + " exceeds 65536");
        }
        positive("timeout-ms", timeoutMs);
        positive("mailbox", mailbox);
        if (restart == null) {
            throw new IllegalArgumentException("restart policy missing");
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("max-restarts must not be negative: " + maxRestarts);
        }
        positive("restart-window-ms", restartWindowMs);
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances must be between 1 and " + MAX_INSTANCES + ": " + instances);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
