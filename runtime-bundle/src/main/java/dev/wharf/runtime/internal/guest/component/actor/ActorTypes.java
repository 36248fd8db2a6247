package dev.wharf.runtime.internal.guest.component.actor;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import dev.wharf.runtime.internal.component.wasi.WasiTypes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names and types of the WIT package {@code wharf:actor} (guest/wit/wharf/actor.wit), as the
 * canonical ABI reads them: the host serves its imports and calls its exports with exactly these.
 * Any 1.x version of the package is taken: a minor version only adds, so the functions and types
 * of 1.0 are the same in every 1.x (a function a later minor adds is not served: a component that
 * imports one fails at instantiation, naming it).
 */
final class ActorTypes {

    /** {@code wharf:actor/<interface>@1.<minor>.<patch>}, a release version; group 1 is the interface. */
    static final Pattern NAME = Pattern.compile("wharf:actor/([a-z][a-z0-9-]*)@1\\.(?:0|[1-9][0-9]{0,8})\\.(?:0|[1-9][0-9]{0,8})");

    static final String TYPES = "types";
    static final String MESSAGING = "messaging";
    static final String HANDLER = "handler";
    static final String HEALTH = "health";
    static final String STATE = "state";

    static final WitType BYTES = WasiTypes.BYTES;

    /** {@code variant error}: the refusals of actor.wit, in its order; the last is {@code other(tuple<u32, string>)}. */
    static final VariantType ERROR = new VariantType(List.of(
            text("unknown-target"), text("denied"), text("too-large"), text("rate-limited"), text("mailbox-full"),
            text("unknown-codec"), text("nothing-to-reply"), text("unknown-export"), text("trap"), text("timeout"),
            text("unavailable"), text("no-policy"), text("no-reply"), text("guest-error"), text("allocation-failed"),
            text("lattice-unavailable"), new Case("other", new TupleType(List.of(Primitive.U32, Primitive.STRING)))));

    /** {@code result<_, error>} and {@code result<list<u8>, error>}. */
    static final ResultType UNIT_OR_ERROR = new ResultType(null, ERROR);
    static final ResultType BYTES_OR_ERROR = new ResultType(BYTES, ERROR);

    static final FuncType SEND = func(UNIT_OR_ERROR, new Param("to", Primitive.STRING), new Param("payload", BYTES));
    static final FuncType REPLY = func(UNIT_OR_ERROR, new Param("payload", BYTES));
    static final FuncType ASK = func(BYTES_OR_ERROR, new Param("to", Primitive.STRING), new Param("payload", BYTES),
            new Param("timeout-ms", Primitive.U32));

    /** {@code record message { sender: string, payload: list<u8>, request: bool }}. */
    static final RecordType MESSAGE = new RecordType(List.of(new Field("sender", Primitive.STRING),
            new Field("payload", BYTES), new Field("request", Primitive.BOOL)));
    static final FuncType HANDLE_MESSAGE = func(new ResultType(null, Primitive.STRING), new Param("message", MESSAGE));

    /** {@code variant status { healthy, degraded(string), unhealthy(string) }}. */
    static final VariantType STATUS = new VariantType(List.of(new Case("healthy", null), text("degraded"),
            text("unhealthy")));
    static final FuncType CHECK = func(STATUS);

    static final FuncType SAVE_STATE = func(BYTES);
    static final FuncType RESTORE_STATE = func(new ResultType(null, Primitive.STRING), new Param("state", BYTES));

    private ActorTypes() {}

    private static Case text(String name) {
        return new Case(name, Primitive.STRING);
    }
}
