package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.engine.GuestInstance;

/**
 * What one envelope does in its component's turn: a control message goes to the
 * {@link Lifecycle}, a health check to {@link HealthTurn}, an Invoke or a message into the guest
 * through the {@link GuestAbi}. A trap or a timeout fails the envelope and crashes the instance,
 * which the supervisor then decides about; any other failure fails the envelope only.
 */
final class MessageTurn {

    private MessageTurn() {}

    static void process(ComponentActor a, Envelope e) {
        GuestInstance g = a.guest;
        if (e instanceof Envelope.Control c) {
            a.lifecycle.control(g, c);
            return;
        }
        ActorMetrics metrics = a.metrics();
        if (g == null) {
            metrics.failed.increment();
            e.fail(new ComponentUnavailableException(a.id(), a.state()));
            return;
        }
        if (e instanceof Envelope.Health h) {
            HealthTurn.run(a, g, h);
            return;
        }
        CallGuard guard = a.guard;
        // the latency is measured from the guard's own start: one clock read less per message
        long before = guard.startedAt();
        long timeoutMs = a.spec().limits().timeoutMs();
        try {
            if (e instanceof Envelope.Call call) {
                a.abi.invoke(g, call, guard, timeoutMs);
            } else if (e instanceof Envelope.Deliver d) {
                a.abi.deliver(g, d, guard, timeoutMs);
            }
        } catch (GuestTrapException | CallTimeoutException ex) {
            // the sender hears of the trap; the instance is not trusted again
            metrics.failed.increment();
            e.fail(ex);
            a.lifecycle.crash(ex instanceof CallTimeoutException ? RestartRecord.Reason.TIMEOUT
                    : CallGuard.exitedNormally(ex) ? RestartRecord.Reason.EXIT : RestartRecord.Reason.TRAP, ex.getMessage());
        } catch (WharfException ex) {
            metrics.failed.increment();
            e.fail(ex);
        } catch (RuntimeException ex) {
            metrics.failed.increment();
            e.fail(new GuestTrapException(a.id(), "message", CallGuard.describe(ex), ex));
        } finally {
            long start = guard.startedAt();
            if (start != before) {
                metrics.latency.record(System.nanoTime() - start);
            }
        }
    }
}
