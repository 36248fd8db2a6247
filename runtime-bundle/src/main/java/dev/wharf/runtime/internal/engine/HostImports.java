package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The host functions of module {@code wharf} (DESIGN section 4). Every pointer and length is
 * checked against the guest's memory before anything is read: a bad one answers -7 and touches
 * nothing.
 */
public final class HostImports {

    public static final String MODULE = "wharf";

    static final FunctionType SEND = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));
    static final FunctionType REPLY = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32));
    static final FunctionType LOG = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of());
    static final FunctionType ASK = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    /** Signatures of the host functions, by name. */
    public static final Map<String, FunctionType> TYPES = Map.of("send", SEND, "reply", REPLY, "log", LOG, "ask", ASK);

    /** Longest log line taken from a guest; the rest is cut so a guest cannot flood the log. */
    static final int MAX_LOG_BYTES = 8192;

    private static final long[] OUT_OF_BOUNDS = {AbiResult.of(ErrorCode.OUT_OF_BOUNDS)};

    private HostImports() {}

    static HostFunction[] functions(GuestContext context, GuestInstance owner) {
        return new HostFunction[] {
            new HostFunction(MODULE, "send", SEND, (instance, args) -> {
                Memory mem = memory(instance);
                int toPtr = (int) args[0], toLen = (int) args[1], msgPtr = (int) args[2], msgLen = (int) args[3];
                if (!inBounds(mem, toPtr, toLen) || !inBounds(mem, msgPtr, msgLen)) {
                    return OUT_OF_BOUNDS;
                }
                return new long[] {context.send(mem.readBytes(toPtr, toLen), mem.readBytes(msgPtr, msgLen))};
            }),
            new HostFunction(MODULE, "reply", REPLY, (instance, args) -> {
                Memory mem = memory(instance);
                int ptr = (int) args[0], len = (int) args[1];
                if (!inBounds(mem, ptr, len)) {
                    return OUT_OF_BOUNDS;
                }
                return new long[] {context.reply(mem.readBytes(ptr, len))};
            }),
            new HostFunction(MODULE, "ask", ASK, (instance, args) -> {
                Memory mem = memory(instance);
                int toPtr = (int) args[0], toLen = (int) args[1], msgPtr = (int) args[2], msgLen = (int) args[3];
                int timeoutMs = (int) args[4], out = (int) args[5];
                if (!inBounds(mem, toPtr, toLen) || !inBounds(mem, msgPtr, msgLen) || !inBounds(mem, out, 8)) {
                    return new long[] {AbiResult.full(ErrorCode.OUT_OF_BOUNDS)};
                }
                String to = new String(mem.readBytes(toPtr, toLen), StandardCharsets.UTF_8);
                GuestContext.Answer a = context.ask(to, mem.readBytes(msgPtr, msgLen), Integer.toUnsignedLong(timeoutMs));
                if (a.code() != 0) {
                    return new long[] {a.code()};
                }
                return new long[] {owner.access(instance).returnBytes(out, a.reply())};
            }),
            new HostFunction(MODULE, "log", LOG, (instance, args) -> {
                Memory mem = memory(instance);
                int level = (int) args[0], ptr = (int) args[1], len = (int) args[2];
                if (inBounds(mem, ptr, len)) {
                    int n = Math.min(len, MAX_LOG_BYTES);
                    context.log(level, new String(mem.readBytes(ptr, n), StandardCharsets.UTF_8));
                } else {
                    context.log(4, "log called with a buffer outside memory (ptr " + Integer.toUnsignedString(ptr)
                            + ", len " + Integer.toUnsignedString(len) + ")");
                }
                return null;
            })
        };
    }

    private static Memory memory(Instance instance) {
        return instance.memory();
    }

    /** Whether {@code [ptr, ptr + len)}, both unsigned, lies inside the memory. */
    static boolean inBounds(Memory mem, int ptr, int len) {
        if (mem == null) {
            return len == 0 && ptr == 0;
        }
        long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
        return end <= (long) mem.pages() * Memory.PAGE_SIZE;
    }
}
