package dev.wharf.runtime.internal.shell;

import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import java.util.List;
import java.util.Locale;

/**
 * The table of {@code wasm:stats}: one row per component; for one component asked by id, its row
 * then one row per instance, {@code <id>#<n>}, in the same columns (an instance has no refusals
 * of its own: a message is refused by the component, {@code -}).
 */
final class StatsTable {

    static final String[] HEADER = {"ID", "IN", "OUT", "FAILED", "REFUSED", "MAILBOX", "P50", "P99"};

    private StatsTable() {}

    /** The rows of {@code stats}; with {@code instances}, each component's instances below it. */
    static ShellOutput.Table of(List<ComponentStats> stats, boolean instances) {
        ShellOutput.Table t = ShellOutput.Table.withHeader(HEADER);
        for (ComponentStats s : stats) {
            t.row(s.id().value(), Long.toString(s.messagesIn()), Long.toString(s.messagesOut()),
                    Long.toString(s.messagesFailed()), Long.toString(s.refused()),
                    s.mailboxDepth() + "/" + s.mailboxCapacity(), micros(s.latencyP50Nanos()), micros(s.latencyP99Nanos()));
            if (instances) {
                for (InstanceStats i : s.instances()) {
                    // each instance has a mailbox of the component's capacity
                    t.row(s.id().value() + "#" + i.number(), Long.toString(i.messagesIn()), Long.toString(i.messagesOut()),
                            Long.toString(i.messagesFailed()), "-", i.mailboxDepth() + "/" + s.mailboxCapacity(),
                            micros(i.latencyP50Nanos()), micros(i.latencyP99Nanos()));
                }
            }
        }
        return t;
    }

    /** A latency as microseconds with one decimal, {@code -} before the first call. */
    static String micros(long nanos) {
        return nanos == 0 ? "-" : String.format(Locale.ROOT, "%.1fus", nanos / 1000.0);
    }
}
