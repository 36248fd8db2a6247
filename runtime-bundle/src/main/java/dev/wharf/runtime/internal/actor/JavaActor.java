package dev.wharf.runtime.internal.actor;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.IncomingMessage;
import dev.wharf.api.MessageHandler;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.telemetry.TraceScope;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * A component written in Java: a {@link MessageHandler} service with a mailbox of its own,
 * handled one message at a time on the dispatcher pool like a WebAssembly component, under a
 * {@link CallGuard} so a handler that blocks is replaced on the pool and one past its timeout is
 * interrupted.
 */
public final class JavaActor extends Actor {

    /** How a Java component sends: the router, as the component, under the policy. */
    public interface Messenger {
        Delivery tell(ComponentId from, ComponentSpec spec, ComponentId to, byte[] payload);

        CompletionStage<byte[]> ask(ComponentId from, ComponentSpec spec, ComponentId to, byte[] payload, Duration timeout);
    }

    /** Where it comes from: the bundle that registered the handler service. */
    public record Source(long bundleId, String symbolicName, String version, long serviceId) {}

    private final ComponentSpec spec;
    private final MessageHandler handler;
    private final Source source;
    private final Messenger messenger;
    private final Instant since = Instant.now();
    private final LogThrottle throttle = new LogThrottle();
    private volatile boolean open = true;

    public JavaActor(ComponentSpec spec, MessageHandler handler, Source source, ActorSystem system, Messenger messenger) {
        super(system, spec.id(), spec.limits());
        this.spec = spec;
        this.handler = handler;
        this.source = source;
        this.messenger = messenger;
    }

    @Override
    public ComponentId id() {
        return spec.id();
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    public Source source() {
        return source;
    }

    public MessageHandler handler() {
        return handler;
    }

    public Instant since() {
        return since;
    }

    public ComponentState state() {
        return open ? ComponentState.READY : ComponentState.STOPPED;
    }

    @Override
    WharfException refusal() {
        return open ? null : new ComponentUnavailableException(id(), ComponentState.STOPPED);
    }

    @Override
    boolean paused() {
        return false;
    }

    /** A Java handler may block: it never runs on the caller's thread. */
    @Override
    boolean callerRuns() {
        return false;
    }

    /** Its service is going: nothing more is accepted, and what waits is answered as unavailable. */
    public void close() {
        open = false;
        guard.close();
        failQueued(new ComponentUnavailableException(id(), ComponentState.STOPPED));
    }

    @Override
    void process(Envelope e) {
        if (!open) {
            e.fail(new ComponentUnavailableException(id(), ComponentState.STOPPED));
        } else if (e instanceof Envelope.Deliver d) {
            deliver(d);
        } else {
            e.fail(new ComponentUnavailableException(id(), ComponentState.READY));
        }
    }

    private void deliver(Envelope.Deliver d) {
        Incoming m = new Incoming(d);
        long start = System.nanoTime();
        TraceSpan span = turnSpan(d, id(), 0);
        Exception failure;
        try (TraceScope in = span.enter()) {
            failure = guard.run("handle", () -> {
                try {
                    handler.handle(m);
                    return null;
                } catch (Exception ex) {
                    return ex;
                }
            });
        } catch (WharfException ex) {
            failure = ex;
        } finally {
            m.done = true;
            metrics.latency.record(System.nanoTime() - start);
        }
        if (failure != null) {
            metrics.failed.increment();
            WharfException w = failure instanceof WharfException x ? x
                    : new GuestErrorException(id(), -1, failure.toString());
            if (!(failure instanceof WharfException) && throttle.tryAcquire(1, 5, System.nanoTime())) {
                ActorSystem.LOG.log(Level.ERROR, "Java component " + id() + " failed on a message from "
                        + d.sender() + "; it goes on", failure);
            }
            span.end(w);
            d.fail(w);
        } else if (d.reply() != null && m.reply == null) {
            NoReplyException none = new NoReplyException("component '" + id() + "' handled the request from '"
                    + d.sender() + "' without replying");
            span.end(none);
            d.fail(none);
        } else {
            span.end((Throwable) null);
            if (d.reply() != null) {
                d.reply().complete(m.reply);
            }
        }
    }

    /** The message as the handler sees it; its reply is handed on once {@code handle} has returned. */
    private final class Incoming implements IncomingMessage {
        private final Envelope.Deliver d;
        volatile byte[] reply;
        volatile boolean done;

        Incoming(Envelope.Deliver d) {
            this.d = d;
        }

        @Override public ComponentId sender() { return d.sender(); }
        @Override public ComponentId receiver() { return id(); }
        @Override public byte[] payload() { return d.payload().clone(); }
        @Override public boolean isRequest() { return d.reply() != null; }

        @Override
        public synchronized void reply(byte[] payload) {
            if (d.reply() == null || reply != null || done) {
                throw new DeliveryRefusedException(ErrorCode.NOTHING_TO_REPLY, "nothing to reply to: "
                        + (d.reply() == null ? "the message is not a request" : reply != null ? "already answered"
                                : "handle returned"));
            }
            Codec.of(payload);
            reply = payload.clone();
        }

        @Override
        public Delivery send(ComponentId to, byte[] payload) {
            Delivery r = messenger.tell(id(), spec, to, payload);
            if (r.accepted()) {
                metrics.out.increment();
            }
            return r;
        }

        @Override
        public CompletionStage<byte[]> ask(ComponentId to, byte[] payload, Duration timeout) {
            metrics.out.increment();
            return messenger.ask(id(), spec, to, payload, timeout);
        }
    }
}
