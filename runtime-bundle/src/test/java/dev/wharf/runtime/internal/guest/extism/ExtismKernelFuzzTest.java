package dev.wharf.runtime.internal.guest.extism;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.TrapException;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.MemoryBudget;
import dev.wharf.runtime.internal.guest.GuestVars;
import dev.wharf.runtime.internal.guest.TestHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel of an Extism plugin as a plugin calls it ({@code extism:host/env}): a sequence of
 * kernel calls with any offsets, lengths and values. Each call answers or traps the plugin
 * ({@link TrapException}, which restarts it); {@code var_set} may also refuse with
 * {@code QUOTA_EXCEEDED} and {@code http_request} with a refusal, which fail the call (the host
 * here denies every capability). Nothing else is thrown; the memory stays within its page cap,
 * every block handed out starts at 16 or above, has the length asked for and overlaps no other
 * live block, a freed block has length 0, a byte stored is the byte loaded wherever no block was
 * placed over it since, and the pages go back to the budget when the memory is released.
 */
class ExtismKernelFuzzTest {

    private static final int MAX_PAGES = 4;
    private static final long MAX_VAR_BYTES = 256;
    private static final MemoryBudget BUDGET = new MemoryBudget(16L * KernelMemory.PAGE);
    private static final List<String> NAMES;

    static {
        KernelMemory m = new KernelMemory(BUDGET, 1);
        List<String> names = new ArrayList<>();
        for (HostFunction f : new ExtismKernel(m, new TestHost("plugin"), 1).functions()) {
            names.add(f.name());
        }
        m.release();
        names.sort(null);
        NAMES = List.copyOf(names);
    }

    @FuzzTest
    void kernelCalls(FuzzedDataProvider data) {
        TestHost host = new TestHost("plugin");
        host.config = Map.of("k", "value", "empty", "");
        host.vars = new GuestVars();
        KernelMemory memory = new KernelMemory(BUDGET, MAX_PAGES);
        try {
            run(data, host, memory);
        } finally {
            memory.release();
        }
        assertThat(BUDGET.usedBytes()).as("pages given back to the budget").isZero();
    }

    private static void run(FuzzedDataProvider data, TestHost host, KernelMemory memory) {
        ExtismKernel kernel = new ExtismKernel(memory, host, MAX_VAR_BYTES);
        Map<String, HostFunction> functions = new HashMap<>();
        for (HostFunction f : kernel.functions()) {
            functions.put(f.name(), f);
        }
        // the model: live blocks (offset -> length) and every byte stored (address -> value)
        TreeMap<Long, Long> blocks = new TreeMap<>();
        Map<Long, Byte> stored = new HashMap<>();
        kernel.begin(data.consumeBytes(data.consumeInt(0, 64)));
        long input = call(functions, "input_offset")[0];
        if (input != 0) {
            placed(memory, blocks, stored, input);
        }
        for (int step = 0; step < 64 && data.remainingBytes() > 0; step++) {
            String name = NAMES.get(data.consumeInt(0, NAMES.size() - 1));
            long a = offset(data, blocks);
            long b = data.consumeBoolean() ? data.consumeLong() : offset(data, blocks);
            int logged = host.lines.size();
            long[] result;
            try {
                result = call(functions, name, a, b);
            } catch (TrapException trap) {
                assertThat(trap.getMessage()).as(name).isNotBlank();
                continue;
            } catch (DeliveryRefusedException refused) {
                assertThat(name).isIn("var_set", "http_request");
                if (name.equals("var_set")) {
                    assertThat(refused.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
                    assertThat(host.vars.bytes()).isLessThanOrEqualTo(MAX_VAR_BYTES);
                }
                continue;
            }
            check(name, a, b, result, memory, blocks, stored, host, logged);
            assertThat(memory.memoryBytes()).isLessThanOrEqualTo((long) MAX_PAGES * KernelMemory.PAGE);
            assertThat(host.vars.bytes()).isLessThanOrEqualTo(MAX_VAR_BYTES);
            for (Map.Entry<Long, Long> e : blocks.entrySet()) {
                assertThat(memory.length(e.getKey())).as("length of live block %d after %s", e.getKey(), name)
                        .isEqualTo(e.getValue());
            }
        }
        try {
            kernel.output();
            kernel.error();
        } catch (TrapException trap) {
            assertThat(trap.getMessage()).isNotBlank();
        }
    }

    private static void check(String name, long a, long b, long[] result, KernelMemory memory, TreeMap<Long, Long> blocks,
            Map<Long, Byte> stored, TestHost host, int logged) {
        switch (name) {
            case "alloc" -> {
                long offset = result[0];
                if (offset != 0) {
                    assertThat(memory.length(offset)).as("length of alloc(%d)", a).isEqualTo(a);
                    placed(memory, blocks, stored, offset);
                }
            }
            case "free" -> {
                if (blocks.remove(a) != null) {
                    assertThat(memory.length(a)).as("length of freed block %d", a).isZero();
                }
            }
            case "reset" -> blocks.clear();
            case "var_get", "config_get", "http_request" -> {
                if (result[0] != 0) {
                    placed(memory, blocks, stored, result[0]);
                }
            }
            case "store_u8" -> stored.put(a, (byte) b);
            case "store_u64" -> {
                for (int i = 0; i < 8; i++) {
                    stored.put(a + i, (byte) (b >>> (8 * i)));
                }
            }
            case "load_u8" -> {
                Byte s = stored.get(a);
                if (s != null) {
                    assertThat(result[0]).as("load_u8(%d)", a).isEqualTo(s & 0xFF);
                }
            }
            case "load_u64" -> {
                for (int i = 0; i < 8; i++) {
                    Byte s = stored.get(a + i);
                    if (s != null) {
                        assertThat((byte) (result[0] >>> (8 * i))).as("byte %d of load_u64(%d)", i, a).isEqualTo(s);
                    }
                }
            }
            case "log_trace", "log_debug", "log_info", "log_warn", "log_error" ->
                assertThat(host.lines).hasSize(logged + 1);
            case "length", "length_unsafe" -> {
                // http_request lays out blocks of its own the model does not know: only live ones are checked
                if (blocks.containsKey(a)) {
                    assertThat(result[0]).isEqualTo(blocks.get(a));
                }
            }
            default -> { }
        }
    }

    /** A new block at {@code offset}: inside the memory, clear of every live block; no byte stored in it is known now. */
    private static void placed(KernelMemory memory, TreeMap<Long, Long> blocks, Map<Long, Byte> stored, long offset) {
        long len = memory.length(offset);
        assertThat(offset).isGreaterThanOrEqualTo(16);
        assertThat(len).isPositive();
        assertThat(offset + len).isLessThanOrEqualTo(memory.memoryBytes());
        Map.Entry<Long, Long> below = blocks.floorEntry(offset + len - 1);
        if (below != null) {
            assertThat(below.getKey() + below.getValue()).as("block %d+%d overlaps live block %d+%d", offset, len,
                    below.getKey(), below.getValue()).isLessThanOrEqualTo(offset);
        }
        blocks.put(offset, len);
        for (long i = offset; i < offset + len; i++) {
            stored.remove(i);
        }
    }

    /** An offset: near a live block, small, anything, or 0. */
    private static long offset(FuzzedDataProvider data, TreeMap<Long, Long> blocks) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> blocks.isEmpty() ? 16 : new ArrayList<>(blocks.keySet()).get(data.consumeInt(0, blocks.size() - 1))
                    + data.consumeInt(-2, 9);
            case 1 -> data.consumeLong(0, 300);
            case 2 -> data.consumeLong();
            default -> 0;
        };
    }

    private static long[] call(Map<String, HostFunction> functions, String name, long... args) {
        HostFunction f = functions.get(name);
        long[] used = java.util.Arrays.copyOf(args, f.paramTypes().size());
        return f.handle().apply(null, used);
    }
}
