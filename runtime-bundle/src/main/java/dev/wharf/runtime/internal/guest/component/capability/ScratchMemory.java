package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.runtime.internal.engine.HeapMemory;
import java.util.Arrays;

/**
 * The memory a component's call of a capability function works in. Capability functions take
 * pointers into a core module's linear memory ({@code wharf:kv.get(key_ptr, key_len, out)}); a
 * component's WASI interface has values instead, so its host places the arguments here, calls
 * the capability on this memory, and reads the results back from it. Blocks come from a bump
 * allocator emptied by {@link #reset} before each capability call; address 0 is never a block.
 * It grows up to {@code maxBytes} (the component's memory cap): a block beyond it is refused as a
 * guest's {@code alloc} answering 0 is. Used by one thread at a time, the one running the call.
 */
public final class ScratchMemory extends HeapMemory {

    /** Addresses below it are never blocks: 0 means "none". */
    private static final int FIRST = 8;

    private final int maxBytes;
    // empty until the first call: most instances never call a capability
    private byte[] bytes = new byte[0];
    private int top = FIRST;

    /** @param maxBytes the most it may hold at once, at least 4096 */
    public ScratchMemory(long maxBytes) {
        this.maxBytes = (int) Math.max(4096, Math.min(maxBytes, Integer.MAX_VALUE - 8));
    }

    /** Forgets every block: the next capability call starts empty. */
    public void reset() {
        top = FIRST;
    }

    /** A new block of {@code len} bytes, zeroed; 0 when there is no room for it. */
    public int alloc(int len) {
        if (len < 0 || len > maxBytes - top) {
            return 0;
        }
        int at = top;
        if (at + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes, Math.max(Math.max((long) bytes.length * 2, 256), (long) at + len)));
        }
        Arrays.fill(bytes, at, at + len, (byte) 0);
        top = at + len;
        return at;
    }

    /** A new block holding {@code data}; 0 when there is no room for it (an empty block is address 0 too). */
    @Override
    public int place(byte[] data) {
        if (data.length == 0) {
            return 0;
        }
        int at = alloc(data.length);
        if (at != 0) {
            System.arraycopy(data, 0, bytes, at, data.length);
        }
        return at;
    }

    /** The little-endian u32 at {@code ptr}, which must be inside a block. */
    public int readI32(int ptr) {
        if (!inBounds(ptr, 4)) {
            throw new IndexOutOfBoundsException("scratch memory: no 4 bytes at " + Integer.toUnsignedString(ptr));
        }
        return loadI32(ptr);
    }

    @Override
    public boolean inBounds(int ptr, int len) {
        long start = Integer.toUnsignedLong(ptr);
        return start >= FIRST && start + Integer.toUnsignedLong(len) <= top;
    }

    @Override
    protected byte[] array() {
        return bytes;
    }
}
