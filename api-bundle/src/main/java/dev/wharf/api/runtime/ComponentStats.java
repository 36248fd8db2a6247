package dev.wharf.api.runtime;

import dev.wharf.api.ComponentId;

/**
 * The message counters and call latency of one live component since it was deployed.
 *
 * @param id the component
 * @param messagesIn messages and calls accepted into its mailbox
 * @param messagesOut messages it sent with {@code send} that were accepted
 * @param messagesFailed messages and calls that failed (trap, timeout, guest error, stopped)
 * @param refused messages and calls refused at its mailbox (full, not serving)
 * @param mailboxDepth messages waiting now
 * @param mailboxCapacity its mailbox capacity
 * @param latencyP50Nanos median time of a call into the guest, 0 before the first
 * @param latencyP99Nanos 99th percentile of that time, 0 before the first
 */
public record ComponentStats(
        ComponentId id,
        long messagesIn,
        long messagesOut,
        long messagesFailed,
        long refused,
        int mailboxDepth,
        int mailboxCapacity,
        long latencyP50Nanos,
        long latencyP99Nanos) {}
