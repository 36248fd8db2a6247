package dev.wharf.runtime.internal.capability;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.actor.CallGuard;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.spi.capability.CapabilityCall;
import dev.wharf.spi.capability.CapabilityException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One capability call as a provider sees it: the caller and its memory, every access bounds-checked. */
final class GuestCall implements CapabilityCall {

    private final ComponentActor actor;
    private final CallGuard guard;
    private final GuestMemory memory;
    private final Map<String, String> config;

    GuestCall(ComponentActor actor, CallGuard guard, GuestMemory memory, Map<String, String> config) {
        this.actor = actor;
        this.guard = guard;
        this.memory = memory;
        this.config = config;
    }

    @Override
    public ComponentId component() {
        return actor.id();
    }

    @Override
    public ComponentSpec spec() {
        return actor.spec();
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    @Override
    public long remainingNanos() {
        return guard.remainingNanos();
    }

    @Override
    public byte[] read(int ptr, int len) {
        byte[] b = memory.read(ptr, len);
        if (b == null) {
            throw outOfBounds(ptr, len);
        }
        return b;
    }

    @Override
    public String readString(int ptr, int len) {
        return new String(read(ptr, len), StandardCharsets.UTF_8);
    }

    @Override
    public void write(int ptr, byte[] data) {
        if (!memory.write(ptr, data)) {
            throw outOfBounds(ptr, data.length);
        }
    }

    @Override
    public void writeI32(int ptr, int value) {
        if (!memory.writeI32(ptr, value)) {
            throw outOfBounds(ptr, 4);
        }
    }

    @Override
    public void returnBytes(int outPtr, byte[] data) {
        int rc = memory.returnBytes(outPtr, data);
        if (rc == AbiResult.full(ErrorCode.OUT_OF_BOUNDS)) {
            throw outOfBounds(outPtr, 8);
        }
        if (rc != 0) {
            throw new CapabilityException(ErrorCode.ALLOCATION_FAILED, "component '" + actor.id()
                    + "' could not allocate " + data.length + " bytes for a capability's result");
        }
    }

    private static CapabilityException outOfBounds(int ptr, int len) {
        return new CapabilityException(ErrorCode.OUT_OF_BOUNDS, "buffer at " + Integer.toUnsignedString(ptr)
                + " of " + Integer.toUnsignedString(len) + " bytes is outside the component's memory");
    }
}
