package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.GuestVars;
import dev.wharf.runtime.internal.telemetry.TraceScope;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a component's runtime does for one of its instances, whatever its kind: its sends and
 * asks go to the router as this component, its capability calls through the policy to their
 * providers, its log lines to the guest log, rate-limited. Called on the thread of the guest
 * call that asks. The log throttle and the vars belong to the component, shared by its instances.
 */
final class ActorHost implements GuestHost {

    private final ComponentActor actor;
    private final Instance instance;

    ActorHost(ComponentActor actor, Instance instance) {
        this.actor = actor;
        this.instance = instance;
    }

    @Override
    public ComponentId id() {
        return actor.id();
    }

    @Override
    public Delivery send(ComponentId to, byte[] payload) {
        Delivery d = actor.services.outbox().send(actor, to, payload);
        if (d.accepted()) {
            instance.metrics.out.increment();
        }
        return d;
    }

    @Override
    public Answer ask(ComponentId to, byte[] payload, long timeoutMs) {
        if (to.equals(actor.id())) {
            // it would wait for itself until its deadline
            return Answer.failed(ErrorCode.INVALID_ARGUMENTS);
        }
        long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMs)), instance.guard.remainingNanos());
        if (waitNanos <= 0) {
            return Answer.failed(ErrorCode.TIMEOUT);
        }
        CompletableFuture<byte[]> reply = actor.services.outbox().ask(actor, to, payload);
        instance.metrics.out.increment();
        try {
            return Answer.of(reply.get(waitNanos, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            // this call passed its own deadline: it ends as a timeout when the guest resumes
            Thread.currentThread().interrupt();
            return Answer.failed(ErrorCode.TIMEOUT);
        } catch (TimeoutException e) {
            return Answer.failed(ErrorCode.TIMEOUT);
        } catch (ExecutionException e) {
            return Answer.failed(e.getCause() instanceof WharfException w ? w.code() : ErrorCode.GUEST_ERROR);
        }
    }

    @Override
    public long[] capability(CapabilityImport imp, GuestMemory memory, long[] args) {
        TraceSpan span = actor.system.tracing().capability(actor.id(), imp.capability(), imp.function());
        if (span == TraceSpan.NONE) {
            return actor.services.capabilities().call(actor, instance.guard, imp, memory, args);
        }
        long[] results;
        try (TraceScope in = span.enter()) {
            results = actor.services.capabilities().call(actor, instance.guard, imp, memory, args);
        } catch (RuntimeException | Error e) {
            span.end(e);
            throw e;
        }
        // a function's one result is a value or length when it serves, minus an error code when not
        span.end(results.length == 0 || results[0] >= 0 ? null : AbiResult.error(-results[0]).orElse(null));
        return results;
    }

    @Override
    public boolean logs(Level level) {
        return actor.guestLog.isLoggable(level);
    }

    @Override
    public Map<String, String> config() {
        return actor.services.capabilities().config(actor.id());
    }

    @Override
    public GuestVars vars() {
        return actor.vars;
    }

    @Override
    public void log(Level level, String message) {
        GuestLogLimits limits = actor.services.logLimits().get();
        if (!actor.logThrottle.tryAcquire(limits.rate(), limits.burst(), System.nanoTime())) {
            return;
        }
        long suppressed = actor.logThrottle.takeSuppressed();
        if (suppressed > 0) {
            actor.guestLog.log(Level.WARNING, suppressed + " lines from '" + actor.id() + "' suppressed (more than "
                    + limits.rate() + " per second)");
        }
        actor.guestLog.log(level, "[" + actor.id() + "] " + message);
    }
}
