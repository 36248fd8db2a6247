package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.UnknownExportException;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.util.List;
import java.util.Objects;

/**
 * The calls of one component instance into its wharf:actor exports, with the semantics of a core
 * module's {@code handle-message}, {@code _health} and {@code _save_state}/{@code _restore_state}
 * (docs/guest-abi.md): a message is handled with {@code messaging.reply} open for it when it is
 * an ask, and a reply given wins over what {@code handle-message} returns; {@code err(text)} is
 * the component's own error ({@code GUEST_ERROR} with its text); {@code restore-state}'s
 * {@code err(text)} refuses the state, and the update with it.
 *
 * <p>Not thread-safe: called by the thread running the actor's turn.
 */
public final class ActorCalls {

    /** Calls export {@code function} of the instance with {@code args} under {@code deadline}; answers its results. */
    @FunctionalInterface
    public interface Exports {
        List<WitValue> call(Deadline deadline, String function, List<WitValue> args);
    }

    /** What a component without {@code handle-message} is told it lacks, as for a core module. */
    static final String HANDLE_MESSAGE = "handle-message";
    /** What a component's own error code is in a {@link GuestErrorException}: it gives a text, no number. */
    static final int NO_CODE = -1;

    private final GuestHost host;
    private final ActorExports exports;
    private final ActorMessaging messaging;
    private final Exports calls;
    // the component mostly hears from the sender it heard from before
    private ComponentId lastSender;
    private WitValue.Str lastSenderValue;

    public ActorCalls(GuestHost host, ActorExports exports, ActorMessaging messaging, Exports calls) {
        this.host = Objects.requireNonNull(host, "host");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * Hands one message to {@code handle-message}.
     *
     * @return the reply given with {@code messaging.reply}, or {@code null} when none
     * @throws GuestErrorException when it answered {@code err(text)} and gave no reply
     * @throws UnknownExportException when the component takes no messages
     */
    public byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request) {
        if (!exports.takesMessages()) {
            throw new UnknownExportException(host.id(), HANDLE_MESSAGE);
        }
        WitValue message = new WitValue.RecordValue(List.of(sender(sender), WasiValues.byteList(payload),
                new WitValue.Bool(request)));
        List<WitValue> results;
        byte[] reply;
        messaging.open(request);
        try {
            results = calls.call(deadline, exports.handleMessage(), List.of(message));
        } finally {
            reply = messaging.close();
        }
        if (reply != null) {
            return reply;
        }
        ResultValue result = (ResultValue) results.get(0);
        if (!result.ok()) {
            throw new GuestErrorException(host.id(), NO_CODE, ActorMessaging.text(result.value()));
        }
        return null;
    }

    /** Its own verdict, or {@code null} when it exports no {@code health}. */
    public HealthStatus health(Deadline deadline) {
        if (!exports.checksHealth()) {
            return null;
        }
        VariantValue status = (VariantValue) calls.call(deadline, exports.check(), List.of()).get(0);
        return switch (status.index()) {
            case 0 -> HealthStatus.HEALTHY;
            case 1 -> new HealthStatus.Degraded(ActorMessaging.text(status.payload()));
            default -> new HealthStatus.Unhealthy(ActorMessaging.text(status.payload()));
        };
    }

    /** {@code save-state}'s blob; called only when it {@link ActorExports#savesState()}. */
    public byte[] saveState(Deadline deadline) {
        return WasiValues.bytes(calls.call(deadline, exports.saveState(), List.of()).get(0));
    }

    /**
     * Hands {@code state} to {@code restore-state}; called only when it {@link ActorExports#restoresState()}.
     *
     * @throws GuestErrorException when it answered {@code err(text)}: it refuses the state
     */
    public void restoreState(Deadline deadline, byte[] state) {
        ResultValue result = (ResultValue) calls.call(deadline, exports.restoreState(),
                List.of(WasiValues.byteList(state))).get(0);
        if (!result.ok()) {
            throw new GuestErrorException(host.id(), NO_CODE, "refused the state handed over ("
                    + state.length + " bytes): " + ActorMessaging.text(result.value()));
        }
    }

    private WitValue.Str sender(ComponentId sender) {
        if (sender != lastSender) {
            lastSenderValue = new WitValue.Str(sender.value());
            lastSender = sender;
        }
        return lastSenderValue;
    }
}
