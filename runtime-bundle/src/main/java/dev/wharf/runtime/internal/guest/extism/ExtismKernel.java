package dev.wharf.runtime.internal.guest.extism;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.LineBuffer;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Extism's kernel and host functions ({@code extism:host/env}) for one plugin instance, on
 * Wharf: the kernel memory, the call's input, output and error, and the host functions that
 * read the component's configuration, keep its vars, make its HTTP requests and write its log.
 * Extism's own kernel is a WebAssembly module; this one is Java, and checks every offset: an
 * access outside the blocks handed out traps the plugin (Extism's kernel answers 0 or ignores
 * it), which then restarts like after any trap.
 */
final class ExtismKernel {

    private static final long[] NONE = null;

    private final KernelMemory memory;
    private final GuestHost host;
    private final long maxVarBytes;
    private final ExtismHttp http;
    private long inputOffset;
    private long inputLength;
    private long outputOffset;
    private long outputLength;
    private long error;

    ExtismKernel(KernelMemory memory, GuestHost host, long maxVarBytes) {
        this.memory = memory;
        this.host = host;
        this.maxVarBytes = maxVarBytes;
        this.http = new ExtismHttp(memory, host);
    }

    /** Starts a call: the kernel memory emptied, {@code input} in a block of its own, no output, no error. */
    void begin(byte[] input) {
        reset();
        http.clear();
        inputOffset = memory.place(input);
        if (input.length > 0 && inputOffset == 0) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + host.id() + "': no room in "
                    + "its kernel memory for an input of " + input.length + " bytes (memory-max-pages)");
        }
        inputLength = input.length;
    }

    private void reset() {
        memory.reset();
        inputOffset = inputLength = outputOffset = outputLength = error = 0;
    }

    /** The output the call set, checked against the kernel memory (a trap when it lies outside). */
    byte[] output() {
        return outputLength == 0 ? new byte[0] : memory.bytes("output_set", outputOffset, outputLength);
    }

    /** The message of the error the call set, or {@code null} when it set none. */
    String error() {
        long len = error == 0 ? 0 : memory.length(error);
        return len == 0 ? null : new String(memory.bytes("error_set", error, len), StandardCharsets.UTF_8);
    }

    /** The host functions of {@code extism:host/env}. */
    HostFunction[] functions() {
        List<HostFunction> f = new ArrayList<>();
        add(f, "alloc", a -> one(memory.alloc(a[0])));
        add(f, "free", a -> {
            memory.free(a[0]);
            return NONE;
        });
        add(f, "length", a -> one(memory.length(a[0])));
        add(f, "length_unsafe", a -> one(memory.length(a[0])));
        add(f, "load_u8", a -> one(memory.loadU8("load_u8", a[0])));
        add(f, "load_u64", a -> one(memory.loadU64("load_u64", a[0])));
        add(f, "store_u8", a -> {
            memory.storeU8("store_u8", a[0], (int) a[1]);
            return NONE;
        });
        add(f, "store_u64", a -> {
            memory.storeU64("store_u64", a[0], a[1]);
            return NONE;
        });
        add(f, "input_length", a -> one(inputLength));
        add(f, "input_offset", a -> one(inputOffset));
        add(f, "input_load_u8", a -> one(memory.loadU8("input_load_u8", inputOffset + inInput("input_load_u8", a[0], 1))));
        add(f, "input_load_u64", a -> one(memory.loadU64("input_load_u64", inputOffset + inInput("input_load_u64", a[0], 8))));
        add(f, "input_set", a -> {
            memory.check("input_set", a[0], a[1]);
            inputOffset = a[0];
            inputLength = a[1];
            return NONE;
        });
        add(f, "output_set", a -> {
            memory.check("output_set", a[0], a[1]);
            outputOffset = a[0];
            outputLength = a[1];
            return NONE;
        });
        add(f, "output_length", a -> one(outputLength));
        add(f, "output_offset", a -> one(outputOffset));
        add(f, "error_set", a -> {
            if (a[0] != 0) {
                memory.check("error_set", a[0], 0);
            }
            error = a[0];
            return NONE;
        });
        add(f, "error_get", a -> one(error));
        add(f, "reset", a -> {
            reset();
            return NONE;
        });
        add(f, "memory_bytes", a -> one(memory.memoryBytes()));
        add(f, "config_get", a -> one(text(host.config().get(text("config_get", a[0])))));
        add(f, "var_get", a -> {
            byte[] v = host.vars().get(text("var_get", a[0]));
            return one(v == null ? 0 : memory.place(v));
        });
        add(f, "var_set", a -> {
            String name = text("var_set", a[0]);
            host.vars().set(host.id(), name, a[1] == 0 ? null : block("var_set", a[1]), maxVarBytes);
            return NONE;
        });
        add(f, "http_request", a -> one(http.request(text("http_request", a[0]), a[1] == 0 ? new byte[0]
                : block("http_request", a[1]))));
        add(f, "http_status_code", a -> one(http.status()));
        add(f, "http_headers", a -> one(http.headers()));
        for (Map.Entry<String, Level> log : Map.of("log_trace", Level.TRACE, "log_debug", Level.DEBUG, "log_info",
                Level.INFO, "log_warn", Level.WARNING, "log_error", Level.ERROR).entrySet()) {
            add(f, log.getKey(), a -> {
                log(log.getValue(), a[0]);
                return NONE;
            });
        }
        add(f, "get_log_level", a -> one(logLevel()));
        return f.toArray(HostFunction[]::new);
    }

    private static void add(List<HostFunction> functions, String name, Body body) {
        WasmFunctionHandle handle = (instance, args) -> body.run(args);
        functions.add(new HostFunction(ExtismImports.ENV, name, ExtismImports.TYPES.get(name), handle));
    }

    @FunctionalInterface
    private interface Body {
        long[] run(long[] args);
    }

    private static long[] one(long value) {
        return new long[] {value};
    }

    /** Offset {@code i} of the input, checked: past the input's end is a trap. */
    private long inInput(String function, long i, int len) {
        if (i < 0 || i + len > inputLength) {
            throw new TrapException(function + "(" + Long.toUnsignedString(i) + "): past the end of the input ("
                    + inputLength + " bytes)");
        }
        return i;
    }

    /** The bytes of block {@code offset}; a trap when no block starts there. */
    private byte[] block(String function, long offset) {
        long len = memory.length(offset);
        if (len == 0) {
            throw new TrapException(function + ": offset " + Long.toUnsignedString(offset) + " is not a block of the "
                    + "kernel memory");
        }
        return memory.bytes(function, offset, len);
    }

    /** The UTF-8 text of block {@code offset}; 0 is the empty text. */
    private String text(String function, long offset) {
        return offset == 0 ? "" : new String(block(function, offset), StandardCharsets.UTF_8);
    }

    /** {@code value} in a new block; 0 when it is missing or empty, as Extism answers both. */
    private long text(String value) {
        return value == null ? 0 : memory.place(value.getBytes(StandardCharsets.UTF_8));
    }

    private void log(Level level, long offset) {
        if (!host.logs(level)) {
            return;
        }
        long len = memory.length(offset);
        if (len == 0) {
            host.log(Level.ERROR, "log called with offset " + Long.toUnsignedString(offset) + ", not a block of the kernel memory");
            return;
        }
        host.log(level, new String(memory.bytes("log", offset, Math.min(len, LineBuffer.MAX_LINE_BYTES)), StandardCharsets.UTF_8));
    }

    /** The lowest level the component's log takes, as Extism numbers them (0 trace ... 4 error), or i32::MAX when none. */
    private int logLevel() {
        Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARNING, Level.ERROR};
        for (int i = 0; i < levels.length; i++) {
            if (host.logs(levels[i])) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
