package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one owner of a WebAssembly component's lifecycle state: the phase it is in, why, and
 * since when. Every change is a compare-and-set from the phase its caller saw to the next one,
 * so of two racing changes exactly one wins and the loser sees that it lost; a change the table
 * below does not allow is a bug and throws. The diagram is in docs/architecture.md.
 *
 * <pre>
 * STARTING   -> READY, WAITING, FAILED, STOPPING
 * WAITING    -> STARTING, STOPPING
 * READY        -> SWAPPING, RESTARTING, FAILED, ENDED, STOPPING, HANDING_OVER
 * SWAPPING     -> READY, RESTARTING, FAILED, ENDED, STOPPING, HANDING_OVER
 * RESTARTING   -> READY, RESTARTING, FAILED, ENDED, STOPPING, HANDING_OVER
 * FAILED       -> RESTARTING, STOPPING
 * ENDED        -> RESTARTING, STOPPING
 * HANDING_OVER -> STOPPED, STOPPING
 * STOPPING     -> STOPPED
 * STOPPED      (final)
 * </pre>
 */
final class ActorState {

    /** Where a component is; each phase shows as one {@link ComponentState} outside the runtime. */
    enum Phase {
        /** Its instance is being made and initialised (first start, or after a wait). */
        STARTING(ComponentState.STARTING, false),
        /** Not started: it waits for something (a capability provider); the reason says what. */
        WAITING(ComponentState.STARTING, false),
        /** Serving messages. */
        READY(ComponentState.READY, true),
        /** Serving, and in the turn that hands its state to a new version. */
        SWAPPING(ComponentState.READY, true),
        /** Its instance failed and a new one is being made; messages are accepted and wait for it. */
        RESTARTING(ComponentState.STARTING, true),
        /** Draining its mailbox before its instance is closed, for good. */
        STOPPING(ComponentState.STOPPING, false),
        /**
         * The runtime is being updated: its turns wait, it takes no message, and its state and
         * queued messages go to the next runtime, which serves it on.
         */
        HANDING_OVER(ComponentState.STOPPING, false),
        /** Ended on request or normally, not restarted by its policy; an operator may restart it. */
        ENDED(ComponentState.STOPPED, false),
        /** Gave up after too many restarts, or could not start; an operator may restart it. */
        FAILED(ComponentState.FAILED, false),
        /** Its bundle stopped it: nothing of it is live, and it never comes back. */
        STOPPED(ComponentState.STOPPED, false);

        private final ComponentState visible;
        private final boolean accepts;

        Phase(ComponentState visible, boolean accepts) {
            this.visible = visible;
            this.accepts = accepts;
        }

        /** The state as the API and the registry show it. */
        ComponentState visible() {
            return visible;
        }

        /** Whether messages are taken into its mailbox in this phase. */
        boolean accepts() {
            return accepts;
        }

        /** Whether the phases it may move to include {@code next}. */
        boolean allows(Phase next) {
            return NEXT[ordinal()].contains(next);
        }

        private static final EnumSet<Phase>[] NEXT = table();

        @SuppressWarnings("unchecked")
        private static EnumSet<Phase>[] table() {
            EnumSet<Phase>[] t = new EnumSet[values().length];
            t[STARTING.ordinal()] = EnumSet.of(READY, WAITING, FAILED, STOPPING);
            t[WAITING.ordinal()] = EnumSet.of(STARTING, STOPPING);
            t[READY.ordinal()] = EnumSet.of(SWAPPING, RESTARTING, FAILED, ENDED, STOPPING, HANDING_OVER);
            t[SWAPPING.ordinal()] = EnumSet.of(READY, RESTARTING, FAILED, ENDED, STOPPING, HANDING_OVER);
            t[RESTARTING.ordinal()] = EnumSet.of(READY, RESTARTING, FAILED, ENDED, STOPPING, HANDING_OVER);
            t[HANDING_OVER.ordinal()] = EnumSet.of(STOPPED, STOPPING);
            t[FAILED.ordinal()] = EnumSet.of(RESTARTING, STOPPING);
            t[ENDED.ordinal()] = EnumSet.of(RESTARTING, STOPPING);
            t[STOPPING.ordinal()] = EnumSet.of(STOPPED);
            t[STOPPED.ordinal()] = EnumSet.noneOf(Phase.class);
            return t;
        }
    }

    /** One state: the phase, why it is in it (what it waits for, why it failed), and since when. */
    record Snapshot(Phase phase, String reason, Instant since) {}

    private final AtomicReference<Snapshot> current;
    private final Runnable changed;

    /** @param changed told after every change (the registry, the component's service) */
    ActorState(Runnable changed) {
        this.current = new AtomicReference<>(new Snapshot(Phase.STARTING, null, Instant.now()));
        this.changed = changed;
    }

    Snapshot snapshot() {
        return current.get();
    }

    Phase phase() {
        return current.get().phase();
    }

    /**
     * Moves from {@code from} to {@code to}, with {@code reason}; returns {@code false}, changing
     * nothing, when it is not in {@code from} (another change came first).
     *
     * @throws IllegalStateException when the table does not allow {@code from -> to}
     */
    boolean move(Phase from, Phase to, String reason) {
        return move(from, to, s -> reason);
    }

    /** {@link #move(Phase, Phase, String)} keeping the reason it has. */
    boolean move(Phase from, Phase to) {
        return move(from, to, Snapshot::reason);
    }

    private boolean move(Phase from, Phase to, java.util.function.Function<Snapshot, String> reason) {
        if (!from.allows(to)) {
            throw new IllegalStateException("illegal transition " + from + " -> " + to);
        }
        for (;;) {
            Snapshot s = current.get();
            if (s.phase() != from) {
                return false;
            }
            if (swap(s, to, reason.apply(s))) {
                return true;
            }
        }
    }

    /**
     * Replaces {@code s}; tells of it unless nothing shown outside changes (READY -> SWAPPING ->
     * READY with the same reason), so the registry's history records only what a user sees.
     */
    private boolean swap(Snapshot s, Phase to, String reason) {
        boolean visible = s.phase().visible() != to.visible() || !Objects.equals(s.reason(), reason);
        if (!current.compareAndSet(s, new Snapshot(to, reason, visible ? Instant.now() : s.since()))) {
            return false;
        }
        if (visible) {
            changed.run();
        }
        return true;
    }

    /**
     * Moves to {@code to} from whatever phase it is in, when the table allows that; returns the
     * phase it left, or {@code null} when it could not move (already there, or past it).
     */
    Phase moveFromAny(Phase to, String reason) {
        for (;;) {
            Snapshot s = current.get();
            if (!s.phase().allows(to)) {
                return null;
            }
            if (swap(s, to, reason)) {
                return s.phase();
            }
        }
    }

    /**
     * Records an event without a change of phase (an update taken or refused, what it waits for
     * now): the reason and the time change, the phase stays.
     */
    void note(String reason) {
        for (;;) {
            Snapshot s = current.get();
            if (current.compareAndSet(s, new Snapshot(s.phase(), reason, Instant.now()))) {
                changed.run();
                return;
            }
        }
    }

    /** Like {@link #note}, only while it is in {@code phase}; returns whether it was. */
    boolean note(Phase phase, String reason) {
        for (;;) {
            Snapshot s = current.get();
            if (s.phase() != phase) {
                return false;
            }
            if (current.compareAndSet(s, new Snapshot(phase, reason, Instant.now()))) {
                changed.run();
                return true;
            }
        }
    }
}
