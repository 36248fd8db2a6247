package dev.wharf.runtime.internal.engine;

import dev.wharf.api.ErrorCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link GuestMemory} the host keeps in a byte array of its own instead of an instance's linear
 * memory: the kernel memory of an Extism plugin, the scratch memory of a component's capability
 * call. Which addresses are inside it and where a new block goes differ between them and are the
 * subclass's ({@link #inBounds}, {@link #place}); reading, writing and handing a result back over
 * the array do not, and are here once.
 */
public abstract class HeapMemory implements GuestMemory {

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** The array as it is now: growing replaces it, so every access asks again. */
    protected abstract byte[] array();

    /** A new block holding {@code data}, its address; 0 for empty data or when there is no room for it. */
    public abstract int place(byte[] data);

    /** The little-endian u32 at {@code ptr}, which the caller has checked is inside. */
    protected final int loadI32(int ptr) {
        return (int) INTS.get(array(), ptr);
    }

    @Override
    public final byte[] read(int ptr, int len) {
        if (len == 0) {
            return new byte[0];
        }
        return inBounds(ptr, len) ? Arrays.copyOfRange(array(), ptr, ptr + len) : null;
    }

    @Override
    public final boolean write(int ptr, byte[] data) {
        if (data.length == 0) {
            return true;
        }
        if (!inBounds(ptr, data.length)) {
            return false;
        }
        System.arraycopy(data, 0, array(), ptr, data.length);
        return true;
    }

    @Override
    public final boolean writeI32(int ptr, int value) {
        if (!inBounds(ptr, 4)) {
            return false;
        }
        INTS.set(array(), ptr, value);
        return true;
    }

    @Override
    public final int returnBytes(int outPtr, byte[] data) {
        if (!inBounds(outPtr, 8)) {
            return AbiResult.full(ErrorCode.OUT_OF_BOUNDS);
        }
        int at = place(data);
        if (data.length > 0 && at == 0) {
            return AbiResult.full(ErrorCode.ALLOCATION_FAILED);
        }
        writeI32(outPtr, at);
        writeI32(outPtr + 4, data.length);
        return AbiResult.OK;
    }
}
