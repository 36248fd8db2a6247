package dev.wharf.runtime.internal.guest.wharf;

import com.dylibso.chicory.runtime.ExportFunction;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.guest.CallMismatch;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An instance of a module written for Wharf's own ABI: a message goes through the guest's
 * {@code alloc}, {@code handle-message} and {@code dealloc}, the reply comes through the host
 * function {@code reply}, health, state and lifecycle through {@code _health},
 * {@code _save_state}/{@code _restore_state}, {@code _initialize} and {@code _cleanup}. The
 * exports called for every message are looked up once, when the instance is made.
 */
final class WharfGuest implements Guest {

    static final String HANDLE_MESSAGE = "handle-message";
    static final String ALLOC = "alloc";
    static final String DEALLOC = "dealloc";
    static final String HEALTH = "_health";
    static final String INITIALIZE = "_initialize";
    static final String CLEANUP = "_cleanup";
    static final String SAVE = "_save_state";
    static final String RESTORE = "_restore_state";

    private final WharfModule module;
    private final GuestHost host;
    private GuestInstance instance;
    private ExportFunction alloc;
    private ExportFunction dealloc;
    private ExportFunction handle;

    // the message being handled: whether its sender waits for a reply, and the reply given
    private boolean requestOpen;
    private byte[] reply;
    // a guest mostly sends to the one it sent to before, and hears from the sender before
    private byte[] lastTargetBytes;
    private ComponentId lastTarget;
    private ComponentId lastSender;
    private byte[] lastSenderBytes;

    private WharfGuest(WharfModule module, GuestHost host) {
        this.module = module;
        this.host = host;
    }

    static WharfGuest create(WharfModule module, GuestHost host) {
        WharfGuest w = new WharfGuest(module, host);
        w.instance = GuestInstance.create(module.blueprint(),
                g -> WharfImports.functions(w, host, g, module.capabilityImports()),
                (level, line) -> host.log(WharfImports.level(level), line));
        w.alloc = w.exportOrNull(ALLOC);
        w.dealloc = w.exportOrNull(DEALLOC);
        w.handle = w.exportOrNull(HANDLE_MESSAGE);
        return w;
    }

    private ExportFunction exportOrNull(String name) {
        return module.exportsFunction(name) ? instance.export(name) : null;
    }

    @Override
    public void initialize(Deadline deadline) {
        callIfExported(deadline, INITIALIZE);
    }

    @Override
    public void cleanup(Deadline deadline) {
        callIfExported(deadline, CLEANUP);
    }

    private void callIfExported(Deadline deadline, String name) {
        if (module.exportsFunction(name)) {
            deadline.run(name, () -> instance.call(name));
        }
    }

    /**
     * The sender id and the payload go into one buffer from the guest's {@code alloc}, then
     * {@code handle-message} runs and the buffer goes back through {@code dealloc}: one guarded
     * call. A reply given with {@code reply} wins over the return code.
     */
    @Override
    public byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request) {
        if (handle == null) {
            throw new UnknownExportException(host.id(), HANDLE_MESSAGE);
        }
        byte[] from = senderBytes(sender);
        requestOpen = request;
        reply = null;
        int rc;
        try {
            rc = deadline.run(HANDLE_MESSAGE, () -> {
                int ptr = place(from, payload);
                long[] r = handle.apply(ptr, from.length, ptr + from.length, payload.length);
                if (dealloc != null) {
                    dealloc.apply(ptr, from.length + payload.length);
                }
                return (int) r[0];
            });
        } finally {
            requestOpen = false;
        }
        byte[] answer = reply;
        reply = null;
        if (answer != null) {
            return answer;
        }
        if (rc != 0) {
            throw new GuestErrorException(host.id(), rc);
        }
        return null;
    }

    /** Copies {@code sender} and then {@code payload} into one buffer from the guest's {@code alloc}; returns its address. */
    private int place(byte[] sender, byte[] payload) {
        int len = sender.length + payload.length;
        int ptr = (int) alloc(len);
        if (ptr == 0) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + host.id()
                    + "' could not allocate " + len + " bytes for the sender id and the payload (alloc returned 0)");
        }
        if (!instance.memory().write(ptr, sender) || !instance.memory().write(ptr + sender.length, payload)) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + host.id() + "' returned "
                    + Integer.toUnsignedString(ptr) + " from alloc(" + len + "), outside its memory");
        }
        return ptr;
    }

    @Override
    public long[] invoke(Deadline deadline, ExportSignature export, long[] args) {
        String name = export.name();
        return deadline.run(name, () -> instance.call(name, args));
    }

    /** Wharf's ABI has no functions called with bytes: its exports take numbers, its messages come through handle-message. */
    @Override
    public byte[] call(Deadline deadline, String function, byte[] input) {
        throw CallMismatch.bytes(host.id());
    }

    /** Only a WebAssembly component has functions called with typed values. */
    @Override
    public Object call(Deadline deadline, String function, ValueForm form, Object arguments) {
        throw CallMismatch.values(host.id(), "wasm");
    }

    @Override
    public HealthStatus health(Deadline deadline) {
        if (!module.exportsFunction(HEALTH)) {
            return null;
        }
        int code = (int) deadline.run(HEALTH, () -> instance.call(HEALTH))[0];
        return switch (code) {
            case 0 -> HealthStatus.HEALTHY;
            case 1 -> new HealthStatus.Degraded("_health returned 1");
            case 2 -> new HealthStatus.Unhealthy("_health returned 2");
            default -> new HealthStatus.Unhealthy("invalid health code " + code);
        };
    }

    @Override
    public boolean savesState() {
        return module.exportsFunction(SAVE);
    }

    @Override
    public boolean restoresState() {
        return module.exportsFunction(RESTORE);
    }

    /** {@code _save_state} answers {@code ptr << 32 | len} of a blob in its memory. */
    @Override
    public byte[] saveState(Deadline deadline) {
        long packed = deadline.run(SAVE, () -> instance.call(SAVE))[0];
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        byte[] state = len < 0 ? null : instance.memory().read(ptr, len);
        if (state == null) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + host.id()
                    + "': _save_state answered a blob outside its memory (ptr " + Integer.toUnsignedString(ptr)
                    + ", len " + len + ")");
        }
        return state;
    }

    /** The blob goes into a buffer from the guest's {@code alloc}; {@code _restore_state} answers 0 when it takes it. */
    @Override
    public void restoreState(Deadline deadline, byte[] state) {
        int rc = deadline.run(RESTORE, () -> {
            int target = state.length == 0 ? 0 : (int) alloc(state.length);
            if (state.length > 0 && (target == 0 || !instance.memory().write(target, state))) {
                throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + host.id()
                        + "': the new version could not allocate " + state.length + " bytes for the state");
            }
            return (int) instance.call(RESTORE, target, state.length)[0];
        });
        if (rc != 0) {
            throw new GuestErrorException(host.id(), rc);
        }
    }

    private long alloc(int len) {
        if (alloc == null) {
            throw new UnknownExportException(host.id(), ALLOC);
        }
        return alloc.apply(len)[0];
    }

    @Override
    public void close() {
        if (instance != null) {
            instance.close();
            instance = null;
            alloc = null;
            dealloc = null;
            handle = null;
        }
    }

    // ---- host functions of module wharf --------------------------------------------------

    /** {@code send}: 0 when accepted, else the ABI's negative code. */
    int send(byte[] to, byte[] payload) {
        ComponentId target = target(to);
        if (target == null) {
            return AbiResult.of(ErrorCode.UNKNOWN_TARGET);
        }
        Delivery d = host.send(target, payload);
        return d instanceof Delivery.Refused r ? AbiResult.of(r.error().code()) : AbiResult.OK;
    }

    /** {@code reply}: keeps the reply to the request being handled, once. */
    int reply(byte[] payload) {
        if (!requestOpen || reply != null) {
            return AbiResult.of(ErrorCode.NOTHING_TO_REPLY);
        }
        try {
            Codec.of(payload);
        } catch (UnknownCodecException e) {
            return AbiResult.of(ErrorCode.UNKNOWN_CODEC);
        }
        reply = payload;
        return AbiResult.OK;
    }

    /** {@code ask}: the reply through the guest's {@code alloc} at {@code out}, or a negative code. */
    int ask(String to, byte[] payload, long timeoutMs, int out) {
        if (!ComponentId.isValid(to)) {
            return AbiResult.full(ErrorCode.UNKNOWN_TARGET);
        }
        GuestHost.Answer a = host.ask(ComponentId.of(to), payload, timeoutMs);
        if (a.error() != null) {
            return AbiResult.full(a.error());
        }
        return instance.memory().returnBytes(out, a.reply());
    }

    /** The id a guest sends to, or {@code null} when it is not one; the last one is kept. */
    private ComponentId target(byte[] to) {
        // mismatch, not equals: Jazzer 0.26.0's hook of Arrays.equals crashes the JVM here (SIGSEGV), so the fuzzing
        // of this host function (WharfAbiFuzzTest) could not run
        if (lastTargetBytes != null && Arrays.mismatch(to, lastTargetBytes) < 0) {
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

    /** The sender id in UTF-8; the last one is kept. */
    private byte[] senderBytes(ComponentId sender) {
        if (sender != lastSender) {
            lastSenderBytes = sender.value().getBytes(StandardCharsets.UTF_8);
            lastSender = sender;
        }
        return lastSenderBytes;
    }
}
