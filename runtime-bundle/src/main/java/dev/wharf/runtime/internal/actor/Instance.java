package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.InstanceStats;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.telemetry.TraceScope;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One instance of a WebAssembly component: its guest, its own memory, its mailbox and its call
 * guard, one message at a time (a guest is not thread-safe). A component has one to
 * {@code instances} of them ({@link Instances}); the component's {@link Lifecycle} makes, restarts
 * and closes their guests. Its own phase says whether it serves:
 *
 * <pre>
 * STARTING -> READY <-> RESTARTING
 * any      -> GONE   (given back when idle, or closed with the component)
 * </pre>
 */
final class Instance extends Lane {

    /** Where one instance is; the component's own phase is the {@link ActorState}'s. */
    enum Phase {
        /** Its guest is being made; it is not routed to yet. */
        STARTING,
        /** Serving. */
        READY,
        /** Its guest failed; its messages wait for a fresh one. */
        RESTARTING,
        /** Given back or closed: nothing is routed to it, a message that went in comes back out. */
        GONE
    }

    final ComponentActor actor;
    final int number;
    final ActorHost host;
    private final AtomicReference<Guest> guest = new AtomicReference<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final AtomicInteger restarts = new AtomicInteger();
    // the module its guest was made from: an update reaches every instance in turn
    private volatile GuestModule module;
    // messages in at the last idle sweep; read and written by the sweep only
    long inAtSweep = -1;

    Instance(ComponentActor actor, int number) {
        super(actor.system, actor.id(), actor.spec().limits());
        this.actor = actor;
        this.number = number;
        this.host = new ActorHost(actor, this);
    }

    Phase phase() {
        return phase.get();
    }

    boolean move(Phase from, Phase to) {
        return phase.compareAndSet(from, to);
    }

    void gone() {
        phase.set(Phase.GONE);
    }

    Guest guest() {
        return guest.get();
    }

    GuestModule module() {
        return module;
    }

    /** Puts {@code g}, made from {@code m}, in place; returns the guest it had. */
    Guest install(Guest g, GuestModule m) {
        module = m;
        return guest.getAndSet(g);
    }

    /** Takes its guest away (it failed or goes); returns it. */
    Guest takeGuest() {
        return guest.getAndSet(null);
    }

    int restarts() {
        return restarts.get();
    }

    void restarted() {
        restarts.incrementAndGet();
    }

    boolean serving() {
        return phase.get() == Phase.READY;
    }

    InstanceStats stats() {
        Phase p = phase.get();
        ComponentState state = p == Phase.READY ? ComponentState.READY
                : p == Phase.GONE ? ComponentState.STOPPED : ComponentState.STARTING;
        return new InstanceStats(number, state, guard.busy(), mailbox.depth(), metrics.in.sum() + metrics.inHere,
                metrics.out.sum(), metrics.failed.sum(), restarts.get(), metrics.latency.percentile(0.50),
                metrics.latency.percentile(0.99));
    }

    @Override
    WharfException refusal() {
        return actor.refusal();
    }

    /**
     * Its messages wait while the component is handed over, and while it has no guest (it starts
     * or restarts), unless the component is stopping: then they are drained (answered as
     * unavailable), the stop's marker with them. A given-back instance never runs a turn.
     */
    @Override
    boolean paused() {
        Phase p = phase.get();
        if (p == Phase.READY) {
            return actor.handingOver();
        }
        return p == Phase.GONE || !actor.stopping();
    }

    @Override
    boolean givenBack() {
        return phase.get() == Phase.GONE;
    }

    /** A guest whose instance went, or whose component failed or ended, is closed in its own turn. */
    @Override
    void afterTurn() {
        if (guest.get() != null && (phase.get() == Phase.GONE || actor.ended())) {
            actor.lifecycle.retire(this, takeGuest());
        }
    }

    @Override
    void idleNow() {
        actor.placement.idleNow();
    }

    @Override
    boolean callerRuns() {
        return true;
    }

    /**
     * What one envelope does: a control message goes to the {@link Lifecycle}, a health check,
     * an Invoke or a message into the guest. A trap or a timeout fails the envelope and crashes
     * this instance, which the supervisor then decides about; any other failure fails the
     * envelope only. The sender's claim on this instance ends before it hears the answer: its
     * next message may go to another instance (one that is not restarting).
     */
    @Override
    void process(Envelope e) {
        if (e instanceof Envelope.Control c) {
            actor.lifecycle.control(this, c);
            return;
        }
        Guest g = guest.get();
        if (g == null) {
            fail(e, new ComponentUnavailableException(actor.id(), actor.state()));
            return;
        }
        if (e instanceof Envelope.Health h) {
            actor.lifecycle.checkHealth(this, g, h);
            return;
        }
        // the latency is measured from the guard's own start: one clock read less per message
        long before = guard.startedAt();
        TraceSpan span = turnSpan((Envelope.Traced) e, actor.id(), number);
        Object result;
        try (TraceScope in = span.enter()) {
            result = call(g, e);
        } catch (GuestTrapException | CallTimeoutException ex) {
            // the sender hears of the trap; the instance is not trusted again
            span.end(ex);
            fail(e, ex);
            actor.lifecycle.restarts.crash(this, Lifecycle.reasonOf(ex), ex.getMessage());
            return;
        } catch (WharfException ex) {
            span.end(ex);
            fail(e, ex);
            return;
        } catch (RuntimeException ex) {
            GuestTrapException trap = new GuestTrapException(actor.id(), "message", CallGuard.describe(ex), ex);
            span.end(trap);
            fail(e, trap);
            return;
        } finally {
            long start = guard.startedAt();
            if (start != before) {
                metrics.latency.record(System.nanoTime() - start);
            }
        }
        actor.placement.done(e);
        span.end(answer(e, result));
    }

    private void fail(Envelope e, WharfException why) {
        metrics.failed.increment();
        actor.placement.done(e);
        e.fail(why);
    }

    /** Runs {@code e} in the guest; returns what its sender is answered with. */
    private Object call(Guest g, Envelope e) {
        if (e instanceof Envelope.Deliver d) {
            return g.deliver(guard, d.sender(), d.payload(), d.reply() != null);
        }
        if (e instanceof Envelope.Call call) {
            long[] raw = g.invoke(guard, call.signature(), call.args());
            ArgumentCodec codec = actor.services.codec();
            return new InvokeResult(actor.id(), call.signature().name(), call.codec(),
                    codec.encode(call.codec(), call.signature(), raw), ArgumentCodec.values(call.signature(), raw));
        }
        if (e instanceof Envelope.Bytes b) {
            return g.call(guard, b.function(), b.input());
        }
        if (e instanceof Envelope.Values v) {
            return g.call(guard, v.function(), v.form(), v.arguments());
        }
        Envelope.Http h = (Envelope.Http) e;
        // an update queued before it may have taken the handler away
        if (!module.servesHttp()) {
            throw new UnknownExportException(actor.id(), ComponentActor.HTTP_HANDLER);
        }
        return g.serveHttp(guard, h.request());
    }

    /**
     * Hands {@code result} to the sender, after the guest has returned: no caller code runs
     * inside a guest call. Returns why the sender was failed instead, or {@code null}.
     */
    private WharfException answer(Envelope e, Object result) {
        if (e instanceof Envelope.Deliver d) {
            if (d.reply() == null) {
                return null;
            }
            if (result == null) {
                metrics.failed.increment();
                NoReplyException none = new NoReplyException("component '" + actor.id() + "' handled the request from '"
                        + d.sender() + "' without replying");
                d.fail(none);
                return none;
            }
            d.reply().complete((byte[]) result);
        } else if (e instanceof Envelope.Call call) {
            call.result().complete((InvokeResult) result);
        } else if (e instanceof Envelope.Bytes b) {
            b.result().complete((byte[]) result);
        } else if (e instanceof Envelope.Values v) {
            v.result().complete(result);
        } else if (e instanceof Envelope.Http h) {
            h.result().complete((dev.wharf.api.http.OutgoingResponse) result);
        }
        return null;
    }

    @Override
    public String toString() {
        return "instance " + number + " of " + actor;
    }
}
