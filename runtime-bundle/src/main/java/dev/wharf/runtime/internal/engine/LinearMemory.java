package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import dev.wharf.api.ErrorCode;

/**
 * An instance's own linear memory as a {@link GuestMemory}: a result of any length goes into a
 * buffer from the guest's {@code alloc} export.
 */
final class LinearMemory implements GuestMemory {

    private final Instance instance;
    private final ExportFunction alloc;

    /** @param alloc the guest's {@code alloc} export, or {@code null} when it has none */
    LinearMemory(Instance instance, ExportFunction alloc) {
        this.instance = instance;
        this.alloc = alloc;
    }

    private Memory memory() {
        return instance.memory();
    }

    @Override
    public boolean inBounds(int ptr, int len) {
        return inBounds(memory(), ptr, len);
    }

    @Override
    public byte[] read(int ptr, int len) {
        Memory m = memory();
        if (!inBounds(m, ptr, len)) {
            return null;
        }
        return len == 0 ? new byte[0] : m.readBytes(ptr, len);
    }

    @Override
    public boolean write(int ptr, byte[] data) {
        Memory m = memory();
        if (!inBounds(m, ptr, data.length)) {
            return false;
        }
        if (data.length > 0) {
            m.write(ptr, data);
        }
        return true;
    }

    @Override
    public boolean writeI32(int ptr, int value) {
        Memory m = memory();
        if (!inBounds(m, ptr, 4)) {
            return false;
        }
        m.writeI32(ptr, value);
        return true;
    }

    @Override
    public int returnBytes(int outPtr, byte[] data) {
        Memory m = memory();
        if (!inBounds(m, outPtr, 8)) {
            return AbiResult.full(ErrorCode.OUT_OF_BOUNDS);
        }
        int ptr = 0;
        if (data.length > 0) {
            if (alloc == null) {
                return AbiResult.full(ErrorCode.ALLOCATION_FAILED);
            }
            // the guest's own code runs here, inside the host call: a trap in it is the guest's
            ptr = (int) alloc.apply(data.length)[0];
            m = memory(); // alloc may have grown the memory
            if (ptr == 0 || !inBounds(m, ptr, data.length)) {
                return AbiResult.full(ErrorCode.ALLOCATION_FAILED);
            }
            m.write(ptr, data);
        }
        m.writeI32(outPtr, ptr);
        m.writeI32(outPtr + 4, data.length);
        return AbiResult.OK;
    }

    /** Whether {@code [ptr, ptr + len)}, both unsigned, lies inside {@code mem}. */
    static boolean inBounds(Memory mem, int ptr, int len) {
        if (mem == null) {
            return len == 0 && ptr == 0;
        }
        long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
        return end <= (long) mem.pages() * Memory.PAGE_SIZE;
    }
}
