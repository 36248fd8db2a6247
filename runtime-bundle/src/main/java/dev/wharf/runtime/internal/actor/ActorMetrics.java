package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.runtime.ComponentStats;
import java.util.concurrent.atomic.LongAdder;

/** The counters and call latency of one component; written on the message path without locks. */
final class ActorMetrics {

    final LongAdder in = new LongAdder();
    // messages taken on the caller's thread: counted by the turn that holds the component, so a
    // plain field; stats read it racily, which is fine for a counter
    long inHere;
    final LongAdder out = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();

    ComponentStats snapshot(ComponentId id, int mailboxDepth, int mailboxCapacity) {
        return new ComponentStats(id, in.sum() + inHere, out.sum(), failed.sum(), refused.sum(), mailboxDepth, mailboxCapacity,
                latency.percentile(0.50), latency.percentile(0.99));
    }
}
