package dev.wharf.runtime.internal.guest.wharf;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.LineBuffer;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The imports of Wharf's own ABI (docs/guest-abi.md): which a module may have, and the host
 * functions of module {@code wharf} that serve them. Every pointer and length is checked against
 * the guest's memory before anything is read: a bad one answers -7 and touches nothing.
 */
final class WharfImports {

    static final String MODULE = "wharf";

    static final FunctionType SEND = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));
    static final FunctionType REPLY = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32));
    static final FunctionType LOG = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of());
    static final FunctionType ASK = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    /** Signatures of the host functions, by name. */
    static final Map<String, FunctionType> TYPES = Map.of("send", SEND, "reply", REPLY, "log", LOG, "ask", ASK);


    private static final long[] OUT_OF_BOUNDS = {AbiResult.of(ErrorCode.OUT_OF_BOUNDS)};

    /** What a module links: whether it imports WASI, and its capability functions. */
    record Linked(boolean usesWasi, List<CapabilityImport> capabilities) {
        Linked {
            capabilities = List.copyOf(capabilities);
        }
    }

    private WharfImports() {}

    /**
     * Checks every import of {@code module}: functions of {@code wharf} with their signatures,
     * of {@code wharf:<capability>} with number types, of WASI preview 1 with WASI's signatures.
     *
     * @throws InvalidComponentException naming the first import Wharf does not provide
     */
    static Linked check(WasmModule module, WasmEngine engine, String origin) {
        boolean usesWasi = false;
        List<CapabilityImport> capabilities = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String what = imp.module() + "." + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                throw new InvalidComponentException(origin + " imports " + imp.importType().name().toLowerCase(Locale.ROOT)
                        + " '" + what + "'; the host provides only functions of 'wharf' and '" + WasmEngine.WASI_MODULE + "'");
            }
            FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            if (imp.module().startsWith(CapabilityImport.MODULE_PREFIX)) {
                capabilities.add(ModuleShape.capabilityImport(imp, type, origin));
                continue;
            }
            FunctionType expected;
            if (MODULE.equals(imp.module())) {
                expected = TYPES.get(imp.name());
            } else if (WasmEngine.WASI_MODULE.equals(imp.module())) {
                expected = engine.wasiFunction(imp.name());
                usesWasi = true;
            } else {
                throw new InvalidComponentException(origin + " imports '" + what
                        + "' from an unknown module; the host provides only 'wharf', 'wharf:<capability>' and '"
                        + WasmEngine.WASI_MODULE + "'" + ModuleShape.importHint(imp.module(), imp.name()));
            }
            if (expected == null) {
                throw new InvalidComponentException(origin + " imports '" + what + "', which the host does not provide");
            }
            if (!expected.equals(type)) {
                throw new InvalidComponentException(origin + " imports '" + what + "' with signature "
                        + ModuleShape.describe(type) + "; the host provides " + ModuleShape.describe(expected));
            }
        }
        return new Linked(usesWasi, capabilities);
    }

    /** The host functions {@code guest}'s instance {@code g} links: module {@code wharf} and its capability imports. */
    static HostFunction[] functions(WharfGuest guest, GuestHost host, GuestInstance g, List<CapabilityImport> capabilities) {
        List<HostFunction> functions = new ArrayList<>(List.of(
            new HostFunction(MODULE, "send", SEND, (instance, args) -> {
                GuestMemory mem = g.memory();
                byte[] to = mem.read((int) args[0], (int) args[1]);
                byte[] payload = to == null ? null : mem.read((int) args[2], (int) args[3]);
                return payload == null ? OUT_OF_BOUNDS : new long[] {guest.send(to, payload)};
            }),
            new HostFunction(MODULE, "reply", REPLY, (instance, args) -> {
                byte[] payload = g.memory().read((int) args[0], (int) args[1]);
                return payload == null ? OUT_OF_BOUNDS : new long[] {guest.reply(payload)};
            }),
            new HostFunction(MODULE, "ask", ASK, (instance, args) -> {
                GuestMemory mem = g.memory();
                int toPtr = (int) args[0], toLen = (int) args[1], msgPtr = (int) args[2], msgLen = (int) args[3];
                int timeoutMs = (int) args[4], out = (int) args[5];
                if (!mem.inBounds(toPtr, toLen) || !mem.inBounds(msgPtr, msgLen) || !mem.inBounds(out, 8)) {
                    return new long[] {AbiResult.full(ErrorCode.OUT_OF_BOUNDS)};
                }
                String to = new String(mem.read(toPtr, toLen), StandardCharsets.UTF_8);
                return new long[] {guest.ask(to, mem.read(msgPtr, msgLen), Integer.toUnsignedLong(timeoutMs), out)};
            }),
            new HostFunction(MODULE, "log", LOG, (instance, args) -> {
                GuestMemory mem = g.memory();
                int level = (int) args[0], ptr = (int) args[1], len = (int) args[2];
                if (mem.inBounds(ptr, len)) {
                    int n = Math.min(len, LineBuffer.MAX_LINE_BYTES);
                    host.log(level(level), new String(mem.read(ptr, n), StandardCharsets.UTF_8));
                } else {
                    host.log(Level.ERROR, "log called with a buffer outside memory (ptr " + Integer.toUnsignedString(ptr)
                            + ", len " + Integer.toUnsignedString(len) + ")");
                }
                return null;
            })));
        for (CapabilityImport imp : capabilities) {
            functions.add(new HostFunction(CapabilityImport.MODULE_PREFIX + imp.capability(), imp.function(), imp.type(),
                    (instance, args) -> host.capability(imp, g.memory(), args)));
        }
        return functions.toArray(HostFunction[]::new);
    }

    /** The log level of the ABI's {@code log}: 0 trace, 1 debug, 2 info, 3 warn, 4 (and anything else) error. */
    static Level level(int level) {
        return switch (level) {
            case 0 -> Level.TRACE;
            case 1 -> Level.DEBUG;
            case 2 -> Level.INFO;
            case 3 -> Level.WARNING;
            default -> Level.ERROR;
        };
    }
}
