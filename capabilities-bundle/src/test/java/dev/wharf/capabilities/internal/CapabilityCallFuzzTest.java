package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.spi.capability.CapabilityException;
import dev.wharf.spi.capability.CapabilityFunction;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The host functions of capability {@code kv} and the decoding of {@code http.request}'s
 * arguments, as a guest calls them: any pointers, lengths and memory contents. A call answers a
 * number or a {@link CapabilityException} (what the runtime hands the guest as a negative code)
 * with one of the codes the functions document; nothing else is thrown. A refused call leaves
 * the store as it was, the component's entries never exceed its quota, and what {@code set}
 * accepted is what the guest's memory held.
 */
class CapabilityCallFuzzTest {

    private static final long QUOTA = 512;
    private static final ComponentId ID = ComponentId.of("fuzz");
    private static final Set<ErrorCode> KV_ERRORS = Set.of(ErrorCode.NOT_FOUND, ErrorCode.QUOTA_EXCEEDED,
            ErrorCode.INVALID_ARGUMENTS, ErrorCode.OUT_OF_BOUNDS, ErrorCode.ALLOCATION_FAILED);
    private static final KvStore STORE;
    private static final KvCapability KV;

    static {
        // in memory: the calls and their checks are the same, and a file would grow by gigabytes
        STORE = KvStore.inMemory();
        KV = new KvCapability(STORE, Configs.kv(1_048_576));
    }

    @FuzzTest
    void calls(FuzzedDataProvider data) throws Exception {
        for (KvStore.Entry e : STORE.entries(ID, "")) {
            STORE.delete(ID, e.key());
        }
        FakeCall call = new FakeCall(FakeCall.spec(ID.value(), List.of(), QUOTA));
        byte[] contents = data.consumeBytes(data.consumeInt(0, 2048));
        System.arraycopy(contents, 0, call.memory, 16, Math.min(contents.length, call.memory.length - 16));
        List<CapabilityFunction> functions = KV.functions();
        for (int step = 0; step < 16 && data.remainingBytes() > 0; step++) {
            int which = data.consumeInt(0, functions.size());
            if (which == functions.size()) {
                httpArguments(call, data);
                continue;
            }
            CapabilityFunction f = functions.get(which);
            long[] args = new long[f.params().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = f.name().equals("increment") && i == 2 ? data.consumeLong() : i32(data);
            }
            kvCall(call, f, args);
        }
    }

    private static void kvCall(FakeCall call, CapabilityFunction f, long[] args) throws Exception {
        Map<String, String> before = entries();
        byte[] memoryBefore = call.memory.clone();
        long result;
        try {
            result = f.handler().call(call, args);
        } catch (CapabilityException refused) {
            assertThat(refused.code()).as(f.name()).isIn(KV_ERRORS);
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(entries()).as("the store after %s%s refused with %s", f.name(), Arrays.toString(args),
                    refused.code()).isEqualTo(before);
            assertThat(STORE.used(ID)).isLessThanOrEqualTo(QUOTA);
            return;
        }
        assertThat(STORE.used(ID)).as("used after %s", f.name()).isLessThanOrEqualTo(QUOTA);
        switch (f.name()) {
            case "get" -> assertThat(result).isIn(0L, (long) -ErrorCode.NOT_FOUND.code());
            case "delete" -> assertThat(result).isIn(0L, (long) -ErrorCode.NOT_FOUND.code());
            case "list" -> assertThat(result).isBetween(0L, (long) before.size());
            case "cas" -> assertThat(result).isIn(0L, 1L);
            case "set", "increment" -> assertThat(result).isZero();
            default -> { }
        }
        if (result != 0 || f.name().equals("get") || f.name().equals("list")) {
            assertThat(entries()).as("the store after %s%s answered %d", f.name(), Arrays.toString(args), result)
                    .isEqualTo(before);
        }
        if (f.name().equals("set")) {
            byte[] key = Arrays.copyOfRange(memoryBefore, (int) args[0], (int) (args[0] + args[1]));
            byte[] value = Arrays.copyOfRange(memoryBefore, (int) args[2], (int) (args[2] + args[3]));
            assertThat(STORE.get(ID, key)).as("the value set").isEqualTo(value);
        }
    }

    /** The arguments of http.request read from the guest: a method, a URL, header lines; refused only as INVALID_ARGUMENTS. */
    private static void httpArguments(FakeCall call, FuzzedDataProvider data) {
        int ptr = i32(data);
        int len = i32(data);
        String text;
        try {
            text = call.readString(ptr, len);
        } catch (CapabilityException refused) {
            assertThat(refused.code()).isEqualTo(ErrorCode.OUT_OF_BOUNDS);
            return;
        }
        try {
            switch (data.consumeInt(0, 2)) {
                case 0 -> assertThat(HttpArguments.method(text)).isIn(HttpArguments.METHODS);
                case 1 -> {
                    HttpArguments.Target t = HttpArguments.target(text);
                    assertThat(t.host()).isNotEmpty();
                    assertThat(t.port()).isBetween(1, 65535);
                    assertThat(t.uri().getScheme()).matches(s -> s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https"));
                }
                default -> {
                    for (HttpArguments.Header h : HttpArguments.headers(text)) {
                        assertThat(h.name()).isNotEmpty().doesNotContain(":", "\n");
                        assertThat(h.value()).doesNotContain("\n");
                    }
                }
            }
        } catch (CapabilityException refused) {
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENTS);
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** A pointer or length: mostly inside the 64 KiB of the fake guest, sometimes near its end, or anything. */
    private static int i32(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeInt(0, 64);
            case 1 -> data.consumeInt(16, 2100);
            case 2 -> (1 << 16) - data.consumeInt(0, 64);
            default -> data.consumeInt();
        };
    }

    private static Map<String, String> entries() {
        Map<String, String> m = new TreeMap<>();
        for (KvStore.Entry e : STORE.entries(ID, "")) {
            m.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(e.value()));
        }
        return m;
    }
}
