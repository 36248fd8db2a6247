package dev.wharf.runtime.internal.guest.wharf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.GuestKinds;
import dev.wharf.runtime.internal.guest.TestHost;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host functions of Wharf's own ABI ({@code wharf.send}, {@code reply}, {@code ask},
 * {@code log}) as a guest calls them, through Chicory: any pointers, lengths, ids and memory
 * contents (one page of 64 KiB). A call answers 0 or one of the ABI's negative codes (-7 for a
 * buffer outside the memory, which reaches nothing of the host), or traps the guest; nothing
 * else is thrown. What the host was handed is what the guest's memory held, and a refused call
 * hands it nothing; an answer of {@code ask} is in the guest's memory where {@code out} says.
 */
class WharfAbiFuzzTest {

    private static final long MEMORY = 65_536;
    private static final String WAT = """
            (module
              (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
              (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
              (import "wharf" "ask" (func $ask (param i32 i32 i32 i32 i32 i32) (result i32)))
              (import "wharf" "log" (func $log (param i32 i32 i32)))
              (memory (export "memory") 1 1)
              (global $top (mut i32) (i32.const 49152))
              (func (export "alloc") (param $n i32) (result i32) (local $p i32)
                (if (i32.gt_u (local.get $n) (i32.sub (i32.const 65536) (global.get $top))) (then (return (i32.const 0))))
                (local.set $p (global.get $top))
                (global.set $top (i32.add (global.get $top) (local.get $n)))
                (local.get $p))
              (func (export "reset_heap") (global.set $top (i32.const 49152)))
              (func (export "handle-message") (param i32 i32 i32 i32) (result i32) i32.const 0)
              (func (export "call_send") (param i32 i32 i32 i32) (result i32)
                (call $send (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
              (func (export "call_reply") (param i32 i32) (result i32) (call $reply (local.get 0) (local.get 1)))
              (func (export "call_ask") (param i32 i32 i32 i32 i32 i32) (result i32)
                (call $ask (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)))
              (func (export "call_log") (param i32 i32 i32) (call $log (local.get 0) (local.get 1) (local.get 2))))
            """;

    /** A host that records what it is handed and answers an ask with the bytes the input chose. */
    static final class RecordingHost extends TestHost {
        final List<String> sent = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        byte[] answer = new byte[0];

        RecordingHost() {
            super("abi");
        }

        @Override
        public Delivery send(ComponentId to, byte[] payload) {
            sent.add(to + " " + Arrays.toString(payload));
            return super.send(to, payload);
        }

        @Override
        public Answer ask(ComponentId to, byte[] payload, long timeoutMs) {
            asked.add(to + " " + Arrays.toString(payload));
            return answer == null ? Answer.failed(ErrorCode.TIMEOUT) : Answer.of(answer);
        }
    }

    private static final RecordingHost HOST = new RecordingHost();
    private static final WharfGuest GUEST = (WharfGuest) new GuestKinds(new WasmEngine(false, 1000))
            .load(Wat2Wasm.parse(WAT), 1, "abi.wasm").instantiate(HOST);
    private static final GuestInstance INSTANCE = instance(GUEST);
    private static final byte[] ZEROS = new byte[(int) MEMORY];

    @FuzzTest
    void hostFunctions(FuzzedDataProvider data) throws ReflectiveOperationException {
        HOST.sent.clear();
        HOST.asked.clear();
        HOST.lines.clear();
        INSTANCE.call("reset_heap");
        INSTANCE.memory().write(0, ZEROS);
        INSTANCE.memory().write(0, data.consumeBytes(data.consumeInt(0, 4096)));
        boolean request = data.consumeBoolean();
        setRequestOpen(request);
        try {
            for (int step = 0; step < 8 && data.remainingBytes() > 0; step++) {
                call(data, request);
            }
        } finally {
            setRequestOpen(false);
        }
    }

    private static void call(FuzzedDataProvider data, boolean request) throws ReflectiveOperationException {
        int op = data.consumeInt(0, 3);
        int a = i32(data), b = i32(data), c = i32(data), d = i32(data);
        byte[] before = INSTANCE.memory().read(0, (int) MEMORY);
        int sent = HOST.sent.size(), asked = HOST.asked.size(), lines = HOST.lines.size();
        switch (op) {
            case 0 -> {
                int r = result(INSTANCE.call("call_send", a, b, c, d));
                byte[] to = bytes(before, a, b), payload = bytes(before, c, d);
                if (to == null || payload == null) {
                    assertThat(r).isEqualTo(AbiResult.of(ErrorCode.OUT_OF_BOUNDS));
                    assertThat(HOST.sent).hasSize(sent);
                } else if (!ComponentId.isValid(new String(to, StandardCharsets.UTF_8))) {
                    assertThat(r).isEqualTo(AbiResult.of(ErrorCode.UNKNOWN_TARGET));
                    assertThat(HOST.sent).hasSize(sent);
                } else {
                    assertThat(r).isEqualTo(AbiResult.of(ErrorCode.DENIED));
                    assertThat(HOST.sent).hasSize(sent + 1).last()
                            .isEqualTo(ComponentId.of(new String(to, StandardCharsets.UTF_8)) + " " + Arrays.toString(payload));
                }
            }
            case 1 -> {
                boolean replied = reply() != null;
                int r = result(INSTANCE.call("call_reply", a, b));
                byte[] payload = bytes(before, a, b);
                if (payload == null) {
                    assertThat(r).isEqualTo(AbiResult.of(ErrorCode.OUT_OF_BOUNDS));
                } else if (!request || replied) {
                    assertThat(r).isEqualTo(AbiResult.of(ErrorCode.NOTHING_TO_REPLY));
                } else if (r == AbiResult.OK) {
                    assertThat(reply()).isEqualTo(payload);
                } else {
                    assertThat(r).isEqualTo(AbiResult.of(ErrorCode.UNKNOWN_CODEC));
                    assertThat(reply()).isNull();
                }
            }
            case 2 -> {
                HOST.answer = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 20_000));
                int timeout = data.consumeInt(), out = i32(data);
                int r = result(INSTANCE.call("call_ask", a, b, c, d, timeout, out));
                byte[] to = bytes(before, a, b), payload = bytes(before, c, d);
                if (to == null || payload == null || bytes(before, out, 8) == null) {
                    assertThat(r).isEqualTo(AbiResult.full(ErrorCode.OUT_OF_BOUNDS));
                    assertThat(HOST.asked).hasSize(asked);
                } else if (!ComponentId.isValid(new String(to, StandardCharsets.UTF_8))) {
                    assertThat(r).isEqualTo(AbiResult.full(ErrorCode.UNKNOWN_TARGET));
                    assertThat(HOST.asked).hasSize(asked);
                } else if (HOST.answer == null) {
                    assertThat(r).isEqualTo(AbiResult.full(ErrorCode.TIMEOUT));
                    assertThat(HOST.asked).hasSize(asked + 1)
                            .last().isEqualTo(ComponentId.of(new String(to, StandardCharsets.UTF_8)) + " " + Arrays.toString(payload));
                } else if (r == AbiResult.OK) {
                    ByteBuffer slot = ByteBuffer.wrap(INSTANCE.memory().read(out, 8)).order(ByteOrder.LITTLE_ENDIAN);
                    int ptr = slot.getInt(), len = slot.getInt();
                    assertThat(len).isEqualTo(HOST.answer.length);
                    assertThat(INSTANCE.memory().read(ptr, len)).isEqualTo(HOST.answer);
                } else {
                    assertThat(r).isEqualTo(AbiResult.full(ErrorCode.ALLOCATION_FAILED));
                }
            }
            default -> {
                INSTANCE.call("call_log", a, b, c);
                assertThat(HOST.lines).hasSize(lines + 1);
                if (bytes(before, b, c) == null) {
                    assertThat(HOST.lines.get(lines)).startsWith("ERROR log called with a buffer outside memory");
                }
            }
        }
        if (op != 2) {
            assertThat(INSTANCE.memory().read(0, (int) MEMORY)).as("memory after a call that writes nothing").isEqualTo(before);
        }
    }

    /** The bytes at {@code [ptr, ptr + len)} (unsigned) of the memory as it was, or {@code null} when they lie outside it. */
    private static byte[] bytes(byte[] memory, int ptr, int len) {
        long p = Integer.toUnsignedLong(ptr);
        long end = p + Integer.toUnsignedLong(len);
        return end > MEMORY ? null : Arrays.copyOfRange(memory, (int) p, (int) end);
    }

    private static int result(long[] r) {
        return (int) r[0];
    }

    /** A pointer or length: small, near the end of the memory, in the middle, or anything. */
    private static int i32(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeInt(0, 4200);
            case 1 -> (int) MEMORY - data.consumeInt(-16, 64);
            case 2 -> data.consumeInt(0, 40);
            default -> data.consumeInt();
        };
    }

    // the guest's instance, and the request it handles, are its own: reached here the way deliver would set them
    private static GuestInstance instance(WharfGuest guest) {
        try {
            return (GuestInstance) field("instance").get(guest);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] reply() throws ReflectiveOperationException {
        return (byte[]) field("reply").get(GUEST);
    }

    private static void setRequestOpen(boolean open) throws ReflectiveOperationException {
        field("requestOpen").setBoolean(GUEST, open);
        field("reply").set(GUEST, null);
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = WharfGuest.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
