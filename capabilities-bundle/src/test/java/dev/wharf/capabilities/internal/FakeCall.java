package dev.wharf.capabilities.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityCall;
import dev.wharf.spi.capability.CapabilityException;
import dev.wharf.spi.capability.CapabilityFunction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A guest for tests: 64 KiB of memory, arguments placed from the bottom, an {@code alloc} that
 * bumps from the middle.
 */
final class FakeCall implements CapabilityCall {

    final byte[] memory = new byte[1 << 16];
    final Map<String, String> config = new HashMap<>();
    ComponentSpec spec;
    long remainingNanos = TimeUnit.SECONDS.toNanos(30);
    private int top = 16;
    private int heap = 1 << 15;
    int allocations;

    FakeCall(ComponentSpec spec) {
        this.spec = spec;
    }

    static ComponentSpec spec(String id, List<String> httpAllow, long kvMaxBytes) {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        if (!httpAllow.isEmpty()) {
            settings.put(HttpCapability.ALLOW, String.join(",", httpAllow));
        }
        if (kvMaxBytes > 0) {
            settings.put(KvCapability.MAX_BYTES, String.valueOf(kvMaxBytes));
        }
        return new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), ComponentLimits.DEFAULTS, Set.of(),
                List.of("kv", "config", "http"), settings);
    }

    /** Copies {@code data} into the argument area; its address. */
    int put(byte[] data) {
        int at = top;
        System.arraycopy(data, 0, memory, at, data.length);
        top += data.length;
        return at;
    }

    int put(String text) {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reserves 16 bytes for results. */
    int out() {
        return put(new byte[16]);
    }

    /** The buffer the host returned through {@code out}. */
    byte[] returned(int out) {
        ByteBuffer b = ByteBuffer.wrap(memory, out, 8).order(ByteOrder.LITTLE_ENDIAN);
        int ptr = b.getInt();
        int len = b.getInt();
        return read(ptr, len);
    }

    String returnedText(int out) {
        return new String(returned(out), StandardCharsets.UTF_8);
    }

    /** Calls {@code function} of {@code capability} as the runtime would: a CapabilityException is the result. */
    long call(Capability capability, String function, long... args) throws Exception {
        CapabilityFunction f = capability.functions().stream().filter(x -> x.name().equals(function)).findFirst().orElseThrow();
        if (f.params().size() != args.length) {
            throw new IllegalArgumentException(function + " takes " + f.params().size() + " arguments");
        }
        try {
            return f.handler().call(this, args);
        } catch (CapabilityException e) {
            return e.result();
        }
    }

    @Override
    public ComponentId component() {
        return spec.id();
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Map<String, String> config() {
        return Map.copyOf(config);
    }

    @Override
    public long remainingNanos() {
        return remainingNanos;
    }

    private void check(int ptr, long len) {
        if (Integer.toUnsignedLong(ptr) + len > memory.length) {
            throw new CapabilityException(ErrorCode.OUT_OF_BOUNDS, "out of bounds: " + Integer.toUnsignedString(ptr));
        }
    }

    @Override
    public byte[] read(int ptr, int len) {
        check(ptr, Integer.toUnsignedLong(len));
        byte[] out = new byte[len];
        System.arraycopy(memory, ptr, out, 0, len);
        return out;
    }

    @Override
    public String readString(int ptr, int len) {
        return new String(read(ptr, len), StandardCharsets.UTF_8);
    }

    @Override
    public void write(int ptr, byte[] data) {
        check(ptr, data.length);
        System.arraycopy(data, 0, memory, ptr, data.length);
    }

    @Override
    public void writeI32(int ptr, int value) {
        write(ptr, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    @Override
    public void returnBytes(int outPtr, byte[] data) {
        check(outPtr, 8);
        int ptr = 0;
        if (data.length > 0) {
            if (heap + data.length > memory.length) {
                throw new CapabilityException(ErrorCode.ALLOCATION_FAILED, "out of memory");
            }
            ptr = heap;
            heap += data.length;
            allocations++;
            write(ptr, data);
        }
        writeI32(outPtr, ptr);
        writeI32(outPtr + 4, data.length);
    }
}
