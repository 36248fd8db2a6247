package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Messages from this node to another: a tell is published and forgotten (at most once); an ask
 * is a NATS request to the receiver's queue group, answered by {@link Replies} or failed by
 * {@link PendingAsks}. While not connected both are refused at once with
 * {@code LATTICE_UNAVAILABLE}: nothing is buffered for later. Both are called on the sender's
 * thread, whose current trace context, if any, goes along in the headers ({@link Tracing}).
 */
final class Outbound {

    private final LatticeSettings settings;
    private final Subjects subjects;
    private final PendingAsks asks;
    private final Tracing tracing;

    Outbound(LatticeSettings settings, Subjects subjects, PendingAsks asks, Tracing tracing) {
        this.settings = settings;
        this.subjects = subjects;
        this.asks = asks;
        this.tracing = tracing;
    }

    /** A tell on connection {@code c}, {@code null} while not connected. */
    Delivery tell(Connection c, ComponentId sender, ComponentId to, byte[] payload) {
        if (c == null) {
            return new Delivery.Refused(NatsLattice.unavailable("not connected to NATS ("
                    + String.join(",", settings.servers()) + "); the message to '" + to + "' was not sent"));
        }
        try {
            String subject = subjects.message(to, settings.node(), sender);
            Headers trace = tracing.outgoing();
            if (trace == null) {
                c.publish(subject, payload);
            } else {
                c.publish(subject, trace, payload);
            }
            return Delivery.ACCEPTED;
        } catch (IllegalStateException e) {
            return new Delivery.Refused(NatsLattice.unavailable("the connection to NATS is down (" + e.getMessage()
                    + "); the message to '" + to + "' was not sent"));
        } catch (IllegalArgumentException e) {
            return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.TOO_LARGE, "NATS refused the message to '"
                    + to + "': " + e.getMessage()));
        }
    }

    /** An ask on connection {@code c}, {@code null} while not connected. */
    CompletableFuture<byte[]> ask(Connection c, ComponentId sender, ComponentId to, byte[] payload, Duration timeout) {
        if (c == null) {
            return CompletableFuture.failedFuture(NatsLattice.unavailable("not connected to NATS ("
                    + String.join(",", settings.servers()) + "); the ask to '" + to + "' was not sent"));
        }
        long ms = Math.max(1, timeout.toMillis());
        CompletableFuture<byte[]> result = asks.open(to, ms);
        if (result == null) {
            return CompletableFuture.failedFuture(PendingAsks.tooMany(settings.maxPendingAsks()));
        }
        Message m = NatsMessage.builder().subject(subjects.message(to, settings.node(), sender))
                .headers(tracing.outgoing()).data(payload).build();
        try {
            // jnats' own timeout only cleans up after ours has fired (PendingAsks); without one it
            // would cancel the request after its cleanup interval, 5 s, whatever the ask's timeout
            CompletableFuture<Message> request = c.requestWithTimeout(m, Duration.ofMillis(ms + 1000));
            request.whenComplete((reply, x) -> {
                if (x == null) {
                    try {
                        result.complete(Replies.read(reply, to));
                    } catch (WharfException e) {
                        result.completeExceptionally(e);
                    }
                } else {
                    result.completeExceptionally(requestFailed(to, x));
                }
            });
            // timed out or failed here first: jnats forgets the request now, not at its cleanup
            result.whenComplete((r, x) -> request.cancel(false));
        } catch (IllegalStateException e) {
            result.completeExceptionally(NatsLattice.unavailable("the connection to NATS is down (" + e.getMessage()
                    + "); the ask to '" + to + "' was not sent"));
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new DeliveryRefusedException(ErrorCode.TOO_LARGE, "NATS refused the ask to '"
                    + to + "': " + e.getMessage()));
        }
        return result;
    }

    private WharfException requestFailed(ComponentId to, Throwable x) {
        Throwable cause = x instanceof CompletionException && x.getCause() != null ? x.getCause() : x;
        if (cause instanceof JetStreamStatusException s && s.getStatus() != null && s.getStatus().getCode() == 503) {
            return new DeliveryRefusedException(ErrorCode.UNKNOWN_TARGET, "no node of lattice '" + settings.lattice()
                    + "' takes messages for '" + to + "' now");
        }
        if (cause instanceof CancellationException) {
            // jnats cancels on close, and on its own timeout, which comes after this ask's
            return NatsLattice.unavailable("the connection to NATS closed before the reply from '" + to
                    + "' came; the message may or may not have been delivered");
        }
        return NatsLattice.unavailable("the ask to '" + to + "' failed in NATS: " + cause);
    }
}
