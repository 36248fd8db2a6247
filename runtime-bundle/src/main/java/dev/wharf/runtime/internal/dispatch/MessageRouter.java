package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.actor.JavaActor;
import dev.wharf.runtime.internal.actor.MessageTarget;
import dev.wharf.runtime.internal.actor.Outbox;
import dev.wharf.runtime.internal.actor.Reply;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.runtime.internal.guest.CallMismatch;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.health.HealthChecks;
import dev.wharf.runtime.internal.telemetry.TraceScope;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import dev.wharf.spi.lattice.LatticeLink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link MessageDispatcher} service: routes every message, from Java callers and from guests'
 * {@code send}, to its component's mailbox. An Invoke is decoded and checked on the caller's
 * thread; a message between components passes the {@link PolicyGate}. Every refusal is answered
 * at once and recorded as a dead letter. A message to an id that is not hosted here goes to the
 * {@link LatticeLink}, when one is present and reaches it; the local path never consults it.
 */
@Component(service = {MessageDispatcher.class, MessageRouter.class})
public final class MessageRouter implements MessageDispatcher, Outbox, JavaActor.Messenger {

    private final ActorSystem system;
    private final PolicyGate gate;
    private final Watchdog watchdog;
    private final HealthChecks health;
    private final ArgumentCodec codec = new ArgumentCodec();
    private final RemoteRoute remote;
    private volatile LatticeLink lattice;

    @Activate
    public MessageRouter(@Reference ActorSystem system, @Reference PolicyGate gate, @Reference Watchdog watchdog) {
        this.system = system;
        this.gate = gate;
        this.watchdog = watchdog;
        this.health = new HealthChecks(watchdog);
        this.remote = new RemoteRoute(system, gate);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindLattice(LatticeLink link) {
        lattice = link;
    }

    public void unbindLattice(LatticeLink link) {
        if (lattice == link) {
            lattice = null;
        }
    }

    /** The argument codec, shared with the actors that encode results. */
    public ArgumentCodec codec() {
        return codec;
    }

    @Override
    public CompletionStage<InvokeResult> invoke(ComponentId target, ComponentMessage.Invoke invoke) {
        CompletableFuture<InvokeResult> result = new Reply<>();
        try {
            ComponentActor actor = live(target, invoke.function());
            if (actor.module().takesValues()) {
                // a component's values come in JSON or CBOR, and its results go back in the same
                Codec c = Codec.of(invoke.args());
                return values(actor, invoke.function(), ValueForm.CODEC, invoke.args())
                        .thenApply(r -> invokeResult(target, invoke.function(), c, (List<?>) r));
            }
            if (actor.module().callsWithBytes()) {
                throw CallMismatch.numbers(target, actor.module().kind());
            }
            ExportSignature sig = actor.module().exports().get(invoke.function());
            if (sig == null) {
                throw new UnknownExportException(target, invoke.function());
            }
            Codec c = Codec.of(invoke.args());
            long[] args = codec.decode(invoke.args(), c, sig);
            if (actor.enqueue(new Envelope.Call(sig, args, c, result, system.tracing().capture()), false) instanceof Delivery.Refused r) {
                throw r.error();
            }
        } catch (WharfException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** A component's answer to an Invoke: its payload, and its results as numbers when they all are ({@link ValueForm#CODEC}). */
    @SuppressWarnings("unchecked")
    private static InvokeResult invokeResult(ComponentId target, String function, Codec codec, List<?> answer) {
        return new InvokeResult(target, function, codec, (byte[]) answer.get(0), (List<Number>) answer.get(1));
    }

    /** The component {@code target} when it takes calls of {@code function} now; else the error that says why not. */
    private ComponentActor live(ComponentId target, String function) {
        ComponentActor actor = system.get(target);
        if (actor == null) {
            if (system.target(target) != null) {
                throw new UnknownExportException(target, function); // a Java component exports nothing
            }
            throw new UnknownComponentException(target);
        }
        if (!actor.acceptsMessages()) {
            throw new ComponentUnavailableException(target, actor.state());
        }
        return actor;
    }

    /**
     * Calls {@code function} of {@code target} with {@code input} as bytes (an Extism plugin's
     * function); completes with its output, or with the error.
     */
    public CompletionStage<byte[]> call(ComponentId target, String function, byte[] input) {
        CompletableFuture<byte[]> result = new Reply<>();
        try {
            ComponentActor actor = live(target, function);
            if (!actor.module().callsWithBytes()) {
                throw CallMismatch.bytes(target);
            }
            if (!actor.module().hasFunction(function)) {
                throw new UnknownExportException(target, function);
            }
            int max = actor.spec().limits().maxMessageSize();
            if (input.length > max) {
                throw new DeliveryRefusedException(ErrorCode.TOO_LARGE, "an input of " + input.length
                        + " bytes is larger than the max-message-size " + max + " of component '" + target + "'");
            }
            if (actor.enqueue(new Envelope.Bytes(function, input, result, system.tracing().capture()), false) instanceof Delivery.Refused r) {
                throw r.error();
            }
        } catch (WharfException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Calls {@code function} of WebAssembly component {@code target} with typed values in
     * {@code form}; completes with its results in that form, or with the error.
     */
    public CompletionStage<Object> callValues(ComponentId target, String function, ValueForm form, Object arguments) {
        try {
            return values(live(target, function), function, form, arguments);
        } catch (WharfException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #callValues} with this thread waiting for it, at most {@code timeout}. */
    public Object callValuesAndWait(ComponentId target, String function, ValueForm form, Object arguments, Duration timeout) {
        return result(system.waiting(() -> callValues(target, function, form, arguments)), target, timeout);
    }

    private CompletableFuture<Object> values(ComponentActor actor, String function, ValueForm form, Object arguments) {
        CompletableFuture<Object> result = new Reply<>();
        ComponentId target = actor.id();
        if (!actor.module().takesValues()) {
            throw CallMismatch.values(target, actor.module().kind());
        }
        if (!actor.module().hasFunction(function)) {
            throw new UnknownExportException(target, function);
        }
        int max = actor.spec().limits().maxMessageSize();
        if (arguments instanceof byte[] payload && payload.length > max) {
            throw new DeliveryRefusedException(ErrorCode.TOO_LARGE, "arguments of " + payload.length
                    + " bytes are larger than the max-message-size " + max + " of component '" + target + "'");
        }
        if (actor.enqueue(new Envelope.Values(function, form, arguments, result,
                system.tracing().capture()), false) instanceof Delivery.Refused r) {
            throw r.error();
        }
        return result;
    }

    /** {@link #call(ComponentId, String, byte[])} with this thread waiting for it, at most {@code timeout}. */
    public byte[] callAndWait(ComponentId target, String function, byte[] input, Duration timeout) {
        return result(system.waiting(() -> call(target, function, input)), target, timeout);
    }

    /** Queues the Invoke with this thread waiting for it: an idle component runs here (caller-runs). */
    @Override
    public InvokeResult call(ComponentId target, ComponentMessage.Invoke invoke, Duration timeout) {
        return result(system.waiting(() -> invoke(target, invoke)), target, timeout);
    }

    @Override
    public byte[] askAndWait(ComponentMessage.InterComponent m, Duration timeout) {
        // the ask times out by itself; the wait allows for its timer to fire
        return result(system.waiting(() -> ask(m, timeout)), m.to(), timeout.plusSeconds(1));
    }

    /** The value of {@code stage}, waiting at most {@code timeout}; its failure thrown as the error it completed with. */
    private static <T> T result(CompletionStage<T> stage, ComponentId target, Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        try {
            return stage.toCompletableFuture().get(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WharfException w) {
                throw w;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CallTimeoutException(target, ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallTimeoutException(target, ms);
        }
    }

    @Override
    public Delivery tell(ComponentMessage.InterComponent m) {
        return deliver(m.sender(), null, m.to(), m.payload(), null, 0);
    }

    @Override
    public CompletionStage<byte[]> ask(ComponentMessage.InterComponent m, Duration timeout) {
        return ask(m.sender(), null, m.to(), m.payload(), timeout);
    }

    /** A Java component's send. */
    @Override
    public Delivery tell(ComponentId from, ComponentSpec spec, ComponentId to, byte[] payload) {
        return deliver(from, spec, to, payload, null, 0);
    }

    /** An ask by the host ({@code spec} null, looked up for a component) or by a Java component. */
    @Override
    public CompletionStage<byte[]> ask(ComponentId sender, ComponentSpec spec, ComponentId to, byte[] payload,
            Duration timeout) {
        Reply<byte[]> reply = new Reply<>();
        long ms = Math.max(1, timeout.toMillis());
        if (tracedDeliver(sender, spec, to, payload, reply, ms) instanceof Delivery.Refused r) {
            reply.completeExceptionally(r.error());
            return reply;
        }
        if (reply.isDone()) {
            return reply; // answered on this thread (caller-runs): no timer needed
        }
        ScheduledFuture<?> expiry = watchdog.schedule(() -> reply.completeExceptionally(new CallTimeoutException(to, ms)), ms);
        reply.whenComplete((r, x) -> expiry.cancel(false));
        return reply;
    }

    /** An ad hoc check: reported, but it does not count towards a restart (the monitor's checks do). */
    @Override
    public CompletionStage<HealthStatus> healthCheck(ComponentId target, ComponentMessage.HealthCheck message) {
        ComponentActor a = system.get(target);
        if (a == null) {
            return CompletableFuture.failedFuture(new UnknownComponentException(target));
        }
        return health.check(a, HealthChecks.NOT_COUNTED, Math.max(a.spec().limits().timeoutMs(), 1000) + 1000);
    }

    @Override
    public CompletionStage<Void> shutdown(ComponentId target, ComponentMessage.Shutdown message) {
        ComponentActor a = system.get(target);
        if (a == null) {
            return CompletableFuture.failedFuture(new UnknownComponentException(target));
        }
        CompletableFuture<Void> done = new Reply<>();
        if (a.enqueueControl(new Envelope.Shutdown(done)) instanceof Delivery.Refused r) {
            done.completeExceptionally(r.error());
        }
        return done;
    }

    /** A guest's {@code send}. */
    @Override
    public Delivery send(ComponentActor from, ComponentId to, byte[] payload) {
        return deliver(from.id(), from.spec(), to, payload, null, 0);
    }

    /** A guest's {@code ask}: the wait is the guest's, bounded by its call. */
    @Override
    public CompletableFuture<byte[]> ask(ComponentActor from, ComponentId to, byte[] payload) {
        Reply<byte[]> reply = new Reply<>();
        // across the lattice the ask is bounded by the asker's own call: it cannot wait longer
        if (tracedDeliver(from.id(), from.spec(), to, payload, reply,
                Math.max(1, from.spec().limits().timeoutMs())) instanceof Delivery.Refused r) {
            reply.completeExceptionally(r.error());
        }
        return reply;
    }

    /**
     * An ask's {@link #deliver}, in a span of its own from now until its reply: current while the
     * message is queued (or handed to the lattice), so the receiver's turn is its child.
     */
    private Delivery tracedDeliver(ComponentId sender, ComponentSpec senderSpec, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply, long askMs) {
        TraceSpan span = system.tracing().ask(sender, to);
        if (span == TraceSpan.NONE) {
            return deliver(sender, senderSpec, to, payload, reply, askMs);
        }
        Delivery d;
        try (TraceScope in = span.enter()) {
            d = deliver(sender, senderSpec, to, payload, reply, askMs);
        }
        if (d instanceof Delivery.Refused r) {
            span.end(r.error());
        } else {
            reply.whenComplete((answer, failure) -> span.end(failure));
        }
        return d;
    }

    /**
     * The one path of every inter-component message: the target must exist, the payload must
     * carry a known codec prefix, the gate must let it through, and the mailbox must have room.
     *
     * @param senderSpec the sender's declarations when a guest sends, else {@code null} (looked up)
     * @param reply the asker's future, or {@code null} for a tell
     * @param askMs how long an ask may wait for its reply from another node
     * @return accepted (or waiting for a policy), or the refusal, which is also recorded as a
     *     dead letter
     */
    private Delivery deliver(ComponentId sender, ComponentSpec senderSpec, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply, long askMs) {
        MessageTarget target = system.target(to);
        UnknownCodecException unreadable;
        Delivery d;
        if (target == null) {
            LatticeLink link = lattice;
            d = link != null && link.reaches(to) ? remote.deliver(link, sender,
                    senderSpec == null ? specOf(sender) : senderSpec, to, payload, reply, askMs)
                    : new Delivery.Refused(new UnknownComponentException(to));
        } else if ((unreadable = RemoteRoute.codecError(payload)) != null) {
            d = new Delivery.Refused(unreadable);
        } else {
            d = gate.submit(sender, senderSpec == null ? specOf(sender) : senderSpec, target, payload, reply);
        }
        if (d instanceof Delivery.Refused r) {
            system.deadLetters().record(sender, to, payload.length, r.error());
        }
        return d;
    }

    /** The declarations of {@code sender} when it is a live component; {@code null} for the host or an unknown one. */
    private ComponentSpec specOf(ComponentId sender) {
        if (sender.isHost()) {
            return null;
        }
        MessageTarget from = system.target(sender);
        return from == null ? null : from.spec();
    }
}
