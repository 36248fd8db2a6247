package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * The host side of {@code wharf:actor/messaging} (and of {@code wharf:actor/types}, whose
 * {@code error} it uses) for one component instance, any 1.x version: {@code send} and
 * {@code ask} go through the {@link GuestHost} as this component, so the security policy, the
 * audit log and the rate limits see the real sender, as for a core module's {@code wharf.send};
 * {@code reply} answers the message being handled, which {@link ActorCalls} opens and closes
 * around each {@code handle-message}. Every refusal is a case of {@code variant error}
 * ({@link ActorErrors}); a bad argument from the guest is a refusal too, never a trap.
 *
 * <p>Not thread-safe: like the instance it serves, called by one thread at a time.
 */
public final class ActorMessaging {

    private final GuestHost host;
    private final Map<String, Object> types;
    private final Map<String, Object> messaging;

    // the message being handled: whether its sender waits for a reply, and the reply given
    private boolean requestOpen;
    private byte[] reply;
    // a component mostly sends to the one it sent to before
    private String lastTargetText;
    private ComponentId lastTarget;

    public ActorMessaging(GuestHost host) {
        this.host = Objects.requireNonNull(host, "host");
        this.types = new WasiInstance("wharf:actor/types").type("error", ActorTypes.ERROR).build();
        this.messaging = new WasiInstance("wharf:actor/messaging")
                .type("error", ActorTypes.ERROR)
                .func("send", ActorTypes.SEND, this::send)
                .func("reply", ActorTypes.REPLY, this::reply)
                .func("ask", ActorTypes.ASK, this::ask)
                .build();
    }

    /**
     * The instance import {@code importName} gets: {@code wharf:actor/messaging} or
     * {@code wharf:actor/types} of a 1.x version; {@code null} for any other name.
     */
    public Object provide(String importName) {
        Matcher m = ActorTypes.NAME.matcher(importName);
        if (!m.matches()) {
            return null;
        }
        return switch (m.group(1)) {
            case ActorTypes.MESSAGING -> messaging;
            case ActorTypes.TYPES -> types;
            default -> null;
        };
    }

    /** Whether {@link #provide} gives import {@code importName}: the deploy-time check. */
    public static boolean provides(String importName) {
        Matcher m = ActorTypes.NAME.matcher(importName);
        return m.matches() && (m.group(1).equals(ActorTypes.MESSAGING) || m.group(1).equals(ActorTypes.TYPES));
    }

    /** A message is handed to the guest: {@code reply} may answer it once when {@code request}. */
    void open(boolean request) {
        requestOpen = request;
        reply = null;
    }

    /** The message has been handled: the reply given, or {@code null}; {@code reply} answers nothing until the next. */
    byte[] close() {
        byte[] answer = reply;
        requestOpen = false;
        reply = null;
        return answer;
    }

    private WitValue send(List<WitValue> args) {
        ComponentId to = target(text(args.get(0)));
        if (to == null) {
            return unknownTarget(args.get(0));
        }
        Delivery d = host.send(to, WasiValues.bytes(args.get(1)));
        return d instanceof Delivery.Refused r ? WasiValues.err(ActorErrors.of(r.error())) : WasiValues.OK_UNIT;
    }

    private WitValue reply(List<WitValue> args) {
        if (!requestOpen) {
            return WasiValues.err(ActorErrors.of(ErrorCode.NOTHING_TO_REPLY, "component '" + host.id()
                    + "' called reply outside the handling of an ask"));
        }
        if (reply != null) {
            return WasiValues.err(ActorErrors.of(ErrorCode.NOTHING_TO_REPLY, "component '" + host.id()
                    + "' has already replied to this message"));
        }
        byte[] payload = WasiValues.bytes(args.get(0));
        try {
            Codec.of(payload);
        } catch (UnknownCodecException e) {
            return WasiValues.err(ActorErrors.of(e));
        }
        reply = payload;
        return WasiValues.OK_UNIT;
    }

    private WitValue ask(List<WitValue> args) {
        ComponentId to = target(text(args.get(0)));
        if (to == null) {
            return unknownTarget(args.get(0));
        }
        long timeoutMs = Integer.toUnsignedLong((int) WasiValues.integer(args, 2));
        GuestHost.Answer a = host.ask(to, WasiValues.bytes(args.get(1)), timeoutMs);
        if (a.error() != null) {
            return WasiValues.err(ActorErrors.of(a.error(), "ask of component '" + to + "': " + a.error().text()));
        }
        return WasiValues.ok(WasiValues.byteList(a.reply()));
    }

    /** The id the guest names, or {@code null} when it is not one; the last one is kept. */
    private ComponentId target(String text) {
        if (text.equals(lastTargetText)) {
            return lastTarget;
        }
        if (!ComponentId.isValid(text)) {
            return null;
        }
        lastTarget = ComponentId.of(text);
        lastTargetText = text;
        return lastTarget;
    }

    private static WitValue unknownTarget(WitValue to) {
        return WasiValues.err(ActorErrors.of(ErrorCode.UNKNOWN_TARGET, "'" + text(to) + "' is not a component id"));
    }

    static String text(WitValue string) {
        return ((WitValue.Str) string).value();
    }
}
