package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import dev.wharf.runtime.internal.telemetry.Tracing;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One line of work: a bounded mailbox and one turn at a time on the dispatcher pool, at most
 * {@code throughput} messages a turn so a busy lane cannot starve the others. A turn never runs
 * inside another turn on one thread. A Java component is one lane; a WebAssembly component has
 * one per instance. Subclasses say what a message does ({@link #process}), when the lane takes
 * none ({@link #refusal}) and when its queue waits ({@link #paused}).
 */
abstract class Lane implements Runnable {

    final ActorSystem system;
    final Mailbox mailbox;
    final CallGuard guard;
    final ActorMetrics metrics = new ActorMetrics();
    // 1 while a turn is scheduled or running: one turn at a time
    private final AtomicInteger scheduled = new AtomicInteger();
    // completed when a turn ends, for one waiting until none runs
    private volatile CompletableFuture<Void> quiet;

    Lane(ActorSystem system, ComponentId id, ComponentLimits limits) {
        this.system = system;
        this.mailbox = new Mailbox(limits.mailbox());
        this.guard = new CallGuard(id, limits.timeoutMs());
    }

    /** Why it takes no message now, or {@code null} when it takes them. */
    abstract WharfException refusal();

    /** Whether its queued messages wait (a new instance is being made); they stay queued. */
    abstract boolean paused();

    /** Whether a message from a thread in no turn, waiting in a synchronous call, may run here and now when it is idle. */
    abstract boolean callerRuns();

    /** Does what {@code e} asks, in this lane's turn. */
    abstract void process(Envelope e);

    /**
     * The span of the turn that works on {@code e} in instance {@code instance} of component
     * {@code id}: {@link TraceSpan#NONE} while nothing is traced.
     */
    final TraceSpan turnSpan(Envelope.Traced e, ComponentId id, int instance) {
        Tracing tracing = system.tracing();
        if (e instanceof Envelope.Deliver d) {
            return tracing.turn(d.reply() == null ? Tracing.Work.MESSAGE : Tracing.Work.ASK, d.trace(), id, instance,
                    d.sender(), null);
        }
        if (e instanceof Envelope.Http h) {
            return tracing.turn(Tracing.Work.HTTP, h.trace(), id, instance, null, null);
        }
        String function = e instanceof Envelope.Call c ? c.signature().name()
                : e instanceof Envelope.Bytes b ? b.function() : ((Envelope.Values) e).function();
        return tracing.turn(Tracing.Work.INVOKE, e.trace(), id, instance, null, function);
    }

    /** Runs at the end of every turn, still in it. */
    void afterTurn() {
    }

    /** Whether it was given back: a message that went in meanwhile comes back out, to go elsewhere. */
    boolean givenBack() {
        return false;
    }

    /**
     * Puts {@code e} in: processed here and now when the lane is idle and the caller may run it,
     * else queued. Returns {@code null} when the lane was given back meanwhile and {@code e} came
     * back out (the caller places it elsewhere).
     *
     * @param accepted the message was already accepted (it waited for a security policy): it
     *     goes in even past the mailbox capacity, which such messages exceed by at most
     *     {@code policy-wait-max}
     */
    final Delivery admit(Envelope e, boolean accepted) {
        if (!accepted && runsHere(e)) {
            return Delivery.ACCEPTED;
        }
        if (accepted) {
            mailbox.force(e);
        } else if (!mailbox.offer(e)) {
            metrics.refused.increment();
            return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.MAILBOX_FULL, "mailbox of component '"
                    + guard.id() + "' is full (" + mailbox.capacity() + " messages)"));
        }
        if (givenBack() && mailbox.remove(e)) {
            return null;
        }
        WharfException closed = refusal();
        if (closed != null && mailbox.remove(e)) {
            // it closed while the message went in: whoever empties the mailbox may have done so
            // already, so the message is taken back and refused rather than left behind
            metrics.refused.increment();
            return new Delivery.Refused(closed);
        }
        metrics.in.increment();
        schedule();
        return Delivery.ACCEPTED;
    }

    /** Queues {@code e} whatever the lane's state: control messages and the lifecycle's own markers. */
    final void force(Envelope e) {
        mailbox.force(e);
        schedule();
    }

    final void schedule() {
        if (scheduled.get() == 0 && scheduled.compareAndSet(0, 1)) {
            system.execute(this);
        }
    }

    /** Whether it has no turn and nothing queued. */
    final boolean idle() {
        return scheduled.get() == 0 && mailbox.isEmpty();
    }

    /** Whether a turn is scheduled or running. */
    final boolean inTurn() {
        return scheduled.get() != 0;
    }

    /**
     * Runs {@code action} as a turn of its own when the lane is idle (no turn, nothing queued),
     * on this thread; returns whether it did. {@code action} returns whether the lane still
     * takes turns: when it says no and something came in meanwhile, that was for it to handle.
     */
    final boolean whenIdle(java.util.function.BooleanSupplier action) {
        if (!mailbox.isEmpty() || !scheduled.compareAndSet(0, 1)) {
            return false;
        }
        if (!mailbox.isEmpty() || !action.getAsBoolean()) {
            release();
            if (!paused() && !mailbox.isEmpty()) {
                schedule();
            }
            return false;
        }
        release();
        return true;
    }

    /**
     * Caller-runs: when the lane is idle (no turn, nothing queued, not paused) and this thread
     * is in no turn and waits in a synchronous call, {@code e} is processed here and now,
     * without the hand-off to the pool.
     * Claiming the turn by CAS keeps one turn at a time; an empty mailbox keeps the order per
     * sender. What arrived meanwhile goes to the pool afterwards.
     */
    private boolean runsHere(Envelope e) {
        if (!callerRuns() || scheduled.get() != 0 || !mailbox.isEmpty() || paused()) {
            return false;
        }
        int[] depth = system.turnCounterIfFree();
        if (depth == null || !scheduled.compareAndSet(0, 1)) {
            return false;
        }
        if (paused()) {
            // paused between the check and the claim: one waiting for its turns to end saw none
            release();
            return false;
        }
        metrics.inHere++;
        depth[0]++;
        try {
            process(e);
        } finally {
            endTurn(depth);
        }
        return true;
    }

    @Override
    public final void run() {
        int budget = system.throughput();
        // what the lane sends in its turn goes through the pool: a turn never runs inside this one
        int[] depth = system.enterTurn();
        try {
            Envelope e;
            while (budget-- > 0 && !paused() && (e = mailbox.poll()) != null) {
                process(e);
            }
        } finally {
            endTurn(depth);
        }
    }

    /** Ends a turn: leaves it, frees the lane, and hands what arrived meanwhile to the pool. */
    private void endTurn(int[] depth) {
        depth[0]--;
        afterTurn();
        release();
        if (!paused() && !mailbox.isEmpty()) {
            schedule();
        } else {
            idleNow();
        }
    }

    /** The lane has just become idle (or paused). */
    void idleNow() {
    }

    private void release() {
        scheduled.set(0);
        CompletableFuture<Void> q = quiet;
        if (q != null) {
            q.complete(null);
        }
    }

    /**
     * Completes once no turn runs, when the lane is {@link #paused()} already: a turn under way
     * ends (after the message it is in), and no turn starts while paused. Whoever pauses it for
     * good (a handover) then owns its mailbox and instance.
     */
    final CompletableFuture<Void> turnsEnded() {
        CompletableFuture<Void> q = new CompletableFuture<>();
        quiet = q;
        if (scheduled.get() == 0) {
            q.complete(null);
        }
        return q;
    }

    /** Answers every queued message with {@code why}: nothing is dropped silently. */
    final void failQueued(WharfException why) {
        Envelope e;
        while ((e = mailbox.poll()) != null) {
            if (!(e instanceof Envelope.Stop)) {
                metrics.failed.increment();
            }
            e.fail(why);
        }
    }
}
