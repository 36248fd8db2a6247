package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import dev.wharf.api.ErrorCode;

/**
 * Bounds-checked access to one instance's linear memory for host functions, and the way a host
 * function hands a result of any length back: a buffer from the guest's own {@code alloc}, whose
 * address and length go to an 8-byte "out" slot the guest passed. Used on the thread that runs
 * the instance, during a call into it.
 */
public final class GuestMemory {

    private final Instance instance;
    private final ExportFunction alloc;

    /** @param alloc the guest's {@code alloc} export, or {@code null} when it has none */
    GuestMemory(Instance instance, ExportFunction alloc) {
        this.instance = instance;
        this.alloc = alloc;
    }

    private Memory memory() {
        return instance.memory();
    }

    /** Whether {@code [ptr, ptr + len)}, both unsigned, lies inside the memory. */
    public boolean inBounds(int ptr, int len) {
        return inBounds(memory(), ptr, len);
    }

    /** The {@code len} bytes at {@code ptr}, or {@code null} when they are not all inside the memory. */
    public byte[] read(int ptr, int len) {
        Memory m = memory();
        if (!inBounds(m, ptr, len)) {
            return null;
        }
        return len == 0 ? new byte[0] : m.readBytes(ptr, len);
    }

    /** Writes {@code data} at {@code ptr} when it fits; returns whether it did. */
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

    /** Writes {@code value} at {@code ptr}, little-endian, when it fits; returns whether it did. */
    public boolean writeI32(int ptr, int value) {
        Memory m = memory();
        if (!inBounds(m, ptr, 4)) {
            return false;
        }
        m.writeI32(ptr, value);
        return true;
    }

    /**
     * Places {@code data} in a buffer from the guest's {@code alloc} and stores its address and
     * length at {@code outPtr} (two little-endian u32).
     *
     * @return 0, or the negated {@link ErrorCode#OUT_OF_BOUNDS} when {@code outPtr} does not fit,
     *     or {@link ErrorCode#ALLOCATION_FAILED} when the guest has no {@code alloc} or it answers 0
     *     or an address outside its memory
     */
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
