package dev.wharf.runtime.internal.actor;

import com.dylibso.chicory.runtime.ExportFunction;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.InvokeResult;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.wharf.runtime.internal.engine.GuestContext;
import dev.wharf.runtime.internal.engine.GuestInstance;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * One component's side of the guest ABI: how a message reaches {@code handle-message} through
 * the guest's {@code alloc} and {@code dealloc}, and what the host functions {@code send},
 * {@code reply} and {@code log} do for it. Used only by the thread that runs the actor.
 */
final class GuestAbi implements GuestContext {

    static final String HANDLE_MESSAGE = "handle-message";
    static final String ALLOC = "alloc";
    static final String DEALLOC = "dealloc";

    private final ComponentActor actor;
    private final Outbox outbox;
    private final System.Logger guestLog;
    private final LogThrottle throttle = new LogThrottle();

    /** The ABI's exports of one instance, looked up once: they are called for every message. */
    private record Exports(GuestInstance instance, ExportFunction alloc, ExportFunction dealloc, ExportFunction handle) {}

    private Exports exports;

    /** The instance is closed: its exports are not kept (they would keep its memory). */
    void forget() {
        exports = null;
    }

    private Exports exports(GuestInstance g) {
        Exports x = exports;
        if (x == null || x.instance != g) {
            x = new Exports(g, g.hasExport(ALLOC) ? g.export(ALLOC) : null, g.hasExport(DEALLOC) ? g.export(DEALLOC) : null,
                    g.hasExport(HANDLE_MESSAGE) ? g.export(HANDLE_MESSAGE) : null);
            exports = x;
        }
        return x;
    }

    private ComponentId lastTarget;
    private byte[] lastTargetBytes;
    private ComponentId lastSender;
    private byte[] lastSenderBytes;
    // the message being handled and its reply
    private Envelope.Deliver current;
    private byte[] replyPayload;

    GuestAbi(ComponentActor actor, Outbox outbox) {
        this.actor = actor;
        this.outbox = outbox;
        this.guestLog = System.getLogger("dev.wharf.guest." + actor.id());
    }

    /**
     * Delivers one message: the sender id and the payload are written into buffers the guest
     * allocates, {@code handle-message} runs, and the buffers are given back. The whole sequence
     * is one guarded section. A reply is handed to the asker only after the guest has returned,
     * so no caller code ever runs inside a guest call.
     */
    void deliver(GuestInstance g, Envelope.Deliver d, CallGuard guard, long timeoutMs) {
        ComponentId id = actor.id();
        Exports x = exports(g);
        if (x.handle == null) {
            throw new UnknownExportException(id, HANDLE_MESSAGE);
        }
        byte[] sender = senderBytes(d.sender());
        byte[] payload = d.payload();
        current = d;
        replyPayload = null;
        int rc;
        try {
            // one buffer holds the sender id and then the payload: one alloc and one dealloc a message
            rc = guard.run(HANDLE_MESSAGE, timeoutMs, () -> {
                int ptr = place(g, x, sender, payload);
                long[] r = x.handle.apply(ptr, sender.length, ptr + sender.length, payload.length);
                if (x.dealloc != null) {
                    x.dealloc.apply(ptr, sender.length + payload.length);
                }
                return (int) r[0];
            });
        } finally {
            current = null;
        }
        byte[] answer = replyPayload;
        replyPayload = null;
        if (d.reply() != null && answer != null) {
            d.reply().complete(answer);
            return;
        }
        if (rc != 0) {
            throw new GuestErrorException(id, rc);
        }
        if (d.reply() != null) {
            throw new NoReplyException("component '" + id + "' handled the request from '" + d.sender()
                    + "' without replying");
        }
    }

    /** Runs an Invoke: the export with the decoded arguments, its results encoded in the request's codec. */
    void invoke(GuestInstance g, Envelope.Call call, CallGuard guard, long timeoutMs) {
        String name = call.signature().name();
        long[] raw = guard.run(name, timeoutMs, () -> g.call(name, call.args()));
        ArgumentCodec codec = actor.services.codec();
        call.result().complete(new InvokeResult(actor.id(), name, call.codec(),
                codec.encode(call.codec(), call.signature(), raw), ArgumentCodec.values(call.signature(), raw)));
    }

    /**
     * The id a guest sends to, or {@code null} when it is not one; the last one is kept, as a
     * guest mostly sends to the one it sent to before (no string and no syntax check then).
     */
    private ComponentId target(byte[] to) {
        if (java.util.Arrays.equals(to, lastTargetBytes)) {
            return lastTarget;
        }
        String text = new String(to, StandardCharsets.UTF_8);
        if (!ComponentId.isValid(text)) {
            return null;
        }
        lastTarget = ComponentId.of(text);
        lastTargetBytes = to;
        return lastTarget;
    }

    /** The sender id in UTF-8; the last one is kept, as most messages come from the sender before. */
    private byte[] senderBytes(ComponentId sender) {
        if (sender != lastSender) {
            lastSenderBytes = sender.value().getBytes(StandardCharsets.UTF_8);
            lastSender = sender;
        }
        return lastSenderBytes;
    }

    /** Copies {@code sender} and then {@code payload} into one buffer from the guest's {@code alloc}; returns its address. */
    private int place(GuestInstance g, Exports x, byte[] sender, byte[] payload) {
        int len = sender.length + payload.length;
        if (x.alloc == null) {
            throw new UnknownExportException(actor.id(), ALLOC);
        }
        int ptr = (int) x.alloc.apply(len)[0];
        if (ptr == 0) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + actor.id()
                    + "' could not allocate " + len + " bytes for the sender id and the payload (alloc returned 0)");
        }
        if (!g.write(ptr, sender) || !g.write(ptr + sender.length, payload)) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + actor.id() + "' returned "
                    + Integer.toUnsignedString(ptr) + " from alloc(" + len + "), outside its memory");
        }
        return ptr;
    }

    @Override
    public int send(byte[] to, byte[] payload) {
        ComponentId target = target(to);
        if (target == null) {
            return AbiResult.of(ErrorCode.UNKNOWN_TARGET);
        }
        WharfException refused = outbox.send(actor, target, payload);
        if (refused != null) {
            return AbiResult.of(refused.code());
        }
        actor.metrics().out.increment();
        return AbiResult.OK;
    }

    @Override
    public Answer ask(String to, byte[] payload, long timeoutMs) {
        if (!ComponentId.isValid(to)) {
            return new Answer(AbiResult.full(ErrorCode.UNKNOWN_TARGET), null);
        }
        ComponentId target = ComponentId.of(to);
        if (target.equals(actor.id())) {
            // it would wait for itself until its deadline
            return new Answer(AbiResult.full(ErrorCode.INVALID_ARGUMENTS), null);
        }
        long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMs)), actor.guard.remainingNanos());
        if (waitNanos <= 0) {
            return new Answer(AbiResult.full(ErrorCode.TIMEOUT), null);
        }
        CompletableFuture<byte[]> reply = outbox.ask(actor, target, payload);
        actor.metrics().out.increment();
        try {
            return new Answer(AbiResult.OK, reply.get(waitNanos, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            // this call passed its own deadline: it ends as a timeout when the guest resumes
            Thread.currentThread().interrupt();
            return new Answer(AbiResult.full(ErrorCode.TIMEOUT), null);
        } catch (TimeoutException e) {
            return new Answer(AbiResult.full(ErrorCode.TIMEOUT), null);
        } catch (ExecutionException e) {
            return new Answer(e.getCause() instanceof WharfException w ? AbiResult.full(w.code())
                    : AbiResult.full(ErrorCode.GUEST_ERROR), null);
        }
    }

    @Override
    public long[] capability(CapabilityImport imp, GuestMemory memory, long[] args) {
        return actor.services.capabilities().call(actor, imp, memory, args);
    }

    @Override
    public int reply(byte[] payload) {
        Envelope.Deliver d = current;
        if (d == null || d.reply() == null || replyPayload != null) {
            return AbiResult.of(ErrorCode.NOTHING_TO_REPLY);
        }
        try {
            Codec.of(payload);
        } catch (UnknownCodecException e) {
            return AbiResult.of(ErrorCode.UNKNOWN_CODEC);
        }
        replyPayload = payload;
        return AbiResult.OK;
    }

    @Override
    public void log(int level, String message) {
        GuestLogLimits limits = actor.services.logLimits().get();
        if (!throttle.tryAcquire(limits.rate(), limits.burst(), System.nanoTime())) {
            return;
        }
        long suppressed = throttle.takeSuppressed();
        if (suppressed > 0) {
            guestLog.log(Level.WARNING, suppressed + " lines from '" + actor.id() + "' suppressed (more than "
                    + limits.rate() + " per second)");
        }
        Level l = switch (level) {
            case 0 -> Level.TRACE;
            case 1 -> Level.DEBUG;
            case 2 -> Level.INFO;
            case 3 -> Level.WARNING;
            default -> Level.ERROR;
        };
        guestLog.log(l, "[" + actor.id() + "] " + message);
    }
}
