package dev.wharf.api.runtime;

import dev.wharf.api.ComponentId;
import java.util.List;

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
 * @param instances its instances now, by number; the figures above are their sums, with those
 *     of instances already given back (since 1.4)
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
        long latencyP99Nanos,
        List<InstanceStats> instances) {

    public ComponentStats {
        instances = List.copyOf(instances);
    }

    /** The form before 1.4, of a component with one instance whose figures are the component's. */
    public ComponentStats(ComponentId id, long messagesIn, long messagesOut, long messagesFailed, long refused,
            int mailboxDepth, int mailboxCapacity, long latencyP50Nanos, long latencyP99Nanos) {
        this(id, messagesIn, messagesOut, messagesFailed, refused, mailboxDepth, mailboxCapacity, latencyP50Nanos,
                latencyP99Nanos, List.of());
    }
}
