package dev.wharf.runtime.internal.guest.extism;

import com.dylibso.chicory.runtime.TrapException;
import dev.wharf.runtime.internal.engine.HeapMemory;
import dev.wharf.runtime.internal.engine.MemoryBudget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel memory of one Extism plugin instance: the memory, apart from the plugin's own, where
 * its input, its output, its errors and every value the host hands it live, addressed by
 * offsets. Blocks come from a bump allocator that {@link #reset} empties before each call, as
 * Extism's kernel does; a freed block is reused by a later allocation that fits in it. Offset 0
 * is never a block (it is Extism's "none"). It grows by 64 KiB pages up to the component's memory
 * cap and against the memory budget of all guests, like a linear memory; an allocation past
 * either answers 0. Every access is checked: one outside the blocks handed out is a trap of the
 * plugin, never a failure of the host. Used by the thread running the instance's call.
 */
final class KernelMemory extends HeapMemory {

    static final int PAGE = 65_536;
    /** Offsets below it are never blocks: 0 is "none". */
    private static final int FIRST = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryBudget budget;
    private final int maxPages;
    private byte[] bytes;
    private int top = FIRST;
    // live blocks: offset -> capacity << 32 | length
    private final Map<Integer, Long> blocks = new HashMap<>();
    // freed blocks below top: {offset, capacity}
    private final List<int[]> freed = new ArrayList<>();

    /**
     * @throws MemoryBudget.ExhaustedException when the budget has no room for its first page
     */
    KernelMemory(MemoryBudget budget, int maxPages) {
        budget.reserve(1);
        this.budget = budget;
        this.maxPages = Math.max(1, maxPages);
        this.bytes = new byte[PAGE];
    }

    /** A new block of {@code n} bytes; 0 when {@code n} is 0 or there is no room for it. */
    long alloc(long n) {
        if (n <= 0 || n > Integer.MAX_VALUE - FIRST) {
            return 0;
        }
        int len = (int) n;
        for (int i = 0; i < freed.size(); i++) {
            int[] f = freed.get(i);
            if (f[1] >= len) {
                freed.remove(i);
                blocks.put(f[0], (long) f[1] << 32 | len);
                return f[0];
            }
        }
        long end = (long) top + len;
        if (end > bytes.length && !grow(end)) {
            return 0;
        }
        int offset = top;
        top = (int) end;
        blocks.put(offset, (long) len << 32 | len);
        return offset;
    }

    /** Makes the memory at least {@code end} bytes, in whole pages, within the cap and the budget. */
    private boolean grow(long end) {
        long wantedPages = Math.max((end + PAGE - 1) / PAGE, Math.min(2L * bytes.length / PAGE, maxPages));
        if (wantedPages > maxPages) {
            return false;
        }
        int more = (int) (wantedPages - bytes.length / PAGE);
        if (!budget.tryReserve(more)) {
            return false;
        }
        bytes = Arrays.copyOf(bytes, (int) (wantedPages * PAGE));
        return true;
    }

    /** Gives block {@code offset} back; anything else is ignored, as Extism does. */
    void free(long offset) {
        Long b = offset < FIRST || offset >= top ? null : blocks.remove((int) offset);
        if (b == null) {
            return;
        }
        int capacity = (int) (b >>> 32);
        if (offset + capacity == top) {
            top = (int) offset;
        } else {
            freed.add(new int[] {(int) offset, capacity});
        }
    }

    /** The length of block {@code offset}; 0 when no block starts there. */
    long length(long offset) {
        Long b = offset < FIRST || offset >= top ? null : blocks.get((int) offset);
        return b == null ? 0 : (int) (long) b;
    }

    /** Empties it: every block goes, and every offset handed out before means nothing. */
    void reset() {
        blocks.clear();
        freed.clear();
        top = FIRST;
    }

    /** The bytes it holds now, used or not. */
    long memoryBytes() {
        return bytes.length;
    }

    int loadU8(String function, long offset) {
        check(function, offset, 1);
        return bytes[(int) offset] & 0xFF;
    }

    long loadU64(String function, long offset) {
        check(function, offset, 8);
        return (long) LONGS.get(bytes, (int) offset);
    }

    void storeU8(String function, long offset, int value) {
        check(function, offset, 1);
        bytes[(int) offset] = (byte) value;
    }

    void storeU64(String function, long offset, long value) {
        check(function, offset, 8);
        LONGS.set(bytes, (int) offset, value);
    }

    /** The {@code len} bytes at {@code offset}, which must lie inside the blocks handed out. */
    byte[] bytes(String function, long offset, long len) {
        check(function, offset, len);
        return Arrays.copyOfRange(bytes, (int) offset, (int) (offset + len));
    }

    /** A new block holding {@code data}; 0 for empty data. */
    @Override
    public int place(byte[] data) {
        // alloc's offsets stay below Integer.MAX_VALUE: the int loses nothing
        int offset = data.length == 0 ? 0 : (int) alloc(data.length);
        if (offset != 0) {
            System.arraycopy(data, 0, bytes, offset, data.length);
        }
        return offset;
    }

    /**
     * Traps unless {@code [offset, offset + len)} lies inside the blocks handed out (or is {@code (0, 0)}, nothing).
     *
     * @throws TrapException naming the function, the offset and the length
     */
    void check(String function, long offset, long len) {
        if (offset == 0 && len == 0) {
            return; // nothing, as Extism's "none"
        }
        if (offset < FIRST || len < 0 || offset + len > top || offset + len < offset) {
            throw new TrapException(function + "(" + Long.toUnsignedString(offset) + (len == 1 || len == 8 ? "" : ", "
                    + Long.toUnsignedString(len)) + "): outside the plugin's kernel memory (its blocks end at " + top + ")");
        }
    }

    /** Gives its pages back to the budget. */
    void release() {
        if (bytes != null) {
            budget.release(bytes.length / PAGE);
            bytes = null;
        }
    }

    // ---- as the memory of a capability call (the http capability's request and response) -----

    @Override
    public boolean inBounds(int ptr, int len) {
        long p = Integer.toUnsignedLong(ptr);
        long end = p + Integer.toUnsignedLong(len);
        return len == 0 || (p >= FIRST && end <= top);
    }

    @Override
    protected byte[] array() {
        return bytes;
    }
}
