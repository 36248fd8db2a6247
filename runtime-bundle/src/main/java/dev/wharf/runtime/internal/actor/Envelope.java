package dev.wharf.runtime.internal.actor;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.WharfException;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.telemetry.TraceParent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** What waits in a mailbox: a unit of work for the actor, with the place to answer it. */
public sealed interface Envelope {

    /** Answers the sender with {@code error}; the envelope will not be processed. */
    void fail(WharfException error);

    /**
     * Work for a guest or a Java component that a sender waits for or sent: its turn is a span of
     * the trace it was sent in ({@code trace}, {@link TraceParent#NONE} when none).
     */
    sealed interface Traced extends Envelope {
        TraceParent trace();
    }

    /** An Invoke whose arguments were already decoded and checked against {@code signature}. */
    record Call(ExportSignature signature, long[] args, Codec codec, CompletableFuture<InvokeResult> result,
            TraceParent trace) implements Traced {
        public Call(ExportSignature signature, long[] args, Codec codec, CompletableFuture<InvokeResult> result) {
            this(signature, args, codec, result, TraceParent.NONE);
        }

        @Override
        public void fail(WharfException error) {
            result.completeExceptionally(error);
        }
    }

    /** A call of {@code function} with bytes in and out (an Extism plugin's function). */
    record Bytes(String function, byte[] input, CompletableFuture<byte[]> result, TraceParent trace) implements Traced {
        public Bytes(String function, byte[] input, CompletableFuture<byte[]> result) {
            this(function, input, result, TraceParent.NONE);
        }

        @Override
        public void fail(WharfException error) {
            result.completeExceptionally(error);
        }
    }

    /**
     * A call of a WebAssembly component's {@code function} with typed values, given and answered
     * in {@code form} ({@link ValueForm}).
     */
    record Values(String function, ValueForm form, Object arguments, CompletableFuture<Object> result,
            TraceParent trace) implements Traced {
        public Values(String function, ValueForm form, Object arguments, CompletableFuture<Object> result) {
            this(function, form, arguments, result, TraceParent.NONE);
        }

        @Override
        public void fail(WharfException error) {
            result.completeExceptionally(error);
        }
    }

    /**
     * An inter-component message for {@code handle-message}. {@code reply} is the asker's future,
     * or {@code null} for a tell, whose failures go to the dead letters. {@code orderKey} is what
     * its order is kept by among a component's instances: the sender, or for {@code host} (Java
     * callers, the shell) the calling thread, whose messages have an order of their own.
     */
    record Deliver(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
            DeadLetters deadLetters, Object orderKey, TraceParent trace) implements Traced {

        public Deliver(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
                DeadLetters deadLetters, TraceParent trace) {
            this(sender, to, payload, reply, deadLetters, sender.isHost() ? Thread.currentThread() : sender, trace);
        }

        public Deliver(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
                DeadLetters deadLetters) {
            this(sender, to, payload, reply, deadLetters, TraceParent.NONE);
        }

        @Override
        public void fail(WharfException error) {
            if (reply != null) {
                reply.completeExceptionally(error);
            } else {
                deadLetters.record(sender, to, payload.length, error);
            }
        }
    }

    /**
     * An HTTP request for a component that answers them ({@code wasi:http/incoming-handler}),
     * from the host: queued like a message, so an update hands it to the new version.
     */
    record Http(IncomingRequest request, CompletableFuture<OutgoingResponse> result, TraceParent trace)
            implements Traced {
        public Http(IncomingRequest request, CompletableFuture<OutgoingResponse> result) {
            this(request, result, TraceParent.NONE);
        }

        @Override
        public void fail(WharfException error) {
            result.completeExceptionally(error);
        }
    }

    /** A health check: {@code _health} is called in turn with the messages. */
    record Health(CompletableFuture<HealthStatus> result, int threshold) implements Envelope {
        @Override
        public void fail(WharfException error) {
            result.complete(new HealthStatus.Unhealthy(error.getMessage()));
        }
    }

    /** A change of the instance itself, handled by the {@link Lifecycle} in turn with the messages. */
    sealed interface Control extends Envelope {}

    /**
     * A restart asked for by the health monitor or an operator, in turn with the messages, of
     * {@code instance}: when that one has already gone (it crashed and was restarted meanwhile),
     * the request is void.
     */
    record Restart(RestartRecord.Reason reason, String detail, Guest instance) implements Control {
        @Override
        public void fail(WharfException error) {
            // the component stops anyway
        }
    }

    /** A shutdown asked for by a caller: after the messages before it, the component stops. */
    record Shutdown(CompletableFuture<Void> done) implements Control {
        @Override
        public void fail(WharfException error) {
            done.complete(null);
        }
    }

    /**
     * An update: {@code fresh}, an instance of the new module already initialised beside the
     * running one, takes over in turn with the messages (with the old instance's state, when
     * both export the state functions). {@code done} completes with how long delivery paused, in
     * nanoseconds, when it serves, or exceptionally when the swap was refused and the old
     * instance goes on.
     */
    record Swap(Guest fresh, GuestModule module, ComponentSpec spec, Map<String, String> headerAttributes,
            Origin origin, CompletableFuture<Long> done, AtomicBoolean claimed) implements Control {
        public Swap(Guest fresh, GuestModule module, ComponentSpec spec, Map<String, String> headerAttributes,
                Origin origin, CompletableFuture<Long> done) {
            this(fresh, module, spec, headerAttributes, origin, done, new AtomicBoolean());
        }

        /** Takes the swap for the actor or for the updater that gave up waiting: only one of them acts on it. */
        public boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void fail(WharfException error) {
            if (claim()) {
                fresh.close();
                done.completeExceptionally(error);
            }
        }
    }

    /**
     * An update reached the component's first instance: this one takes {@code module} too, in
     * turn with its messages.
     */
    record Renew(GuestModule module) implements Control {
        @Override
        public void fail(WharfException error) {
            // it goes anyway
        }
    }

    /** Drain marker: everything before it has been processed when the actor reaches it. */
    record Stop(CompletableFuture<Void> done) implements Control {
        @Override
        public void fail(WharfException error) {
            done.complete(null);
        }
    }
}
