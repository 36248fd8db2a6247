package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A guest's linear memory: one flat byte array, whose pages count against the
 * {@link MemoryBudget} of all guests (its initial pages when it is created, every
 * {@code memory.grow} after, which answers -1 when the budget has no room, as it does past the
 * component's own cap). Flat because Chicory's own {@code ByteArrayMemory} splits memory into
 * 64 KiB pages, and every access then pays for finding its page: a memory-bound plugin ran about
 * 40 % faster on a flat array (ExtismBenchmark, BENCHMARKS.md). Each access is one test against
 * the memory's size and one array access; outside the memory it is Chicory's out-of-bounds trap. Not
 * shared: modules declaring a shared memory are refused ({@link WasmEngine#memoryLimits}), since
 * an instance runs on one thread at a time. Every guest memory is of this one class, so each
 * call site in Chicory's code sees one type.
 */
final class BudgetedMemory implements Memory {

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryLimits limits;
    private final MemoryBudget budget;
    // the array may be larger than the memory (room reserved for growth); size is the memory's
    private byte[] bytes;
    private int size;
    private DataSegment[] segments = new DataSegment[0];
    private boolean released;

    private BudgetedMemory(MemoryLimits limits, MemoryBudget budget) {
        this.limits = limits;
        this.budget = budget;
        this.bytes = new byte[limits.initialPages() * PAGE_SIZE];
        this.size = bytes.length;
    }

    /**
     * Creates a memory of {@code limits} once the budget has room for its initial pages.
     *
     * @throws MemoryBudget.ExhaustedException when it has not
     */
    static BudgetedMemory create(MemoryLimits limits, MemoryBudget budget) {
        budget.reserve(limits.initialPages());
        try {
            return new BudgetedMemory(limits, budget);
        } catch (RuntimeException | Error e) {
            budget.release(limits.initialPages());
            throw e;
        }
    }

    /**
     * Grows by {@code delta} pages. The array grows ahead of the memory (to twice its size, within
     * the cap), so that a guest growing one page at a time does not copy its memory each time:
     * the pages ahead are reserved from the budget too, as many as it has room for.
     */
    @Override
    public int grow(int delta) {
        int before = pages();
        int max = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        if (delta < 0 || before + (long) delta > max) {
            return -1;
        }
        int wanted = before + delta;
        synchronized (this) {
            if (released) {
                return -1;
            }
            int capacity = bytes.length / PAGE_SIZE;
            if (wanted > capacity && !extend(capacity, wanted, max)) {
                return -1;
            }
            size = wanted * PAGE_SIZE;
            return before;
        }
    }

    /** Makes the array hold at least {@code wanted} pages, ahead if the budget allows. */
    private boolean extend(int capacity, int wanted, int max) {
        int need = wanted - capacity;
        int extra = (int) Math.min(max, Math.max(wanted, 2L * capacity)) - capacity;
        // as much ahead as the budget has room for, halving down to what was asked: near the end of
        // the budget too, a guest growing one page at a time copies its memory a few times, not at each page
        while (!budget.tryReserve(extra)) {
            if (extra == need) {
                return false;
            }
            extra = Math.max(need, extra / 2);
        }
        int target = capacity + extra;
        try {
            bytes = Arrays.copyOf(bytes, target * PAGE_SIZE);
            return true;
        } catch (OutOfMemoryError e) {
            budget.release(target - capacity);
            return false; // the JVM has no room for it: as memory.grow says of any memory it cannot give
        }
    }

    /** Gives the pages back to the budget; the memory is not used again. */
    synchronized void release() {
        if (!released) {
            released = true;
            budget.release(bytes.length / PAGE_SIZE);
        }
    }

    @Override
    public int pages() {
        return size / PAGE_SIZE;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return limits.maximumPages();
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        return this;
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("expected shared memory");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("expected shared memory");
    }

    /** Nobody can wait on a memory that is not shared. */
    @Override
    public int notify(int address, int count) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    /** Writes the active data segments of memory {@code index}; keeps all of them for {@code memory.init}. */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int index) {
        if (dataSegments == null) {
            return;
        }
        segments = dataSegments.clone();
        for (DataSegment s : dataSegments) {
            if (s instanceof ActiveDataSegment a && a.index() == index) {
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, a.offsetInstructions())[0];
                if (!fits(offset, a.data().length)) {
                    throw new UninstantiableException("out of bounds memory access: data segment of " + a.data().length
                            + " bytes at " + Integer.toUnsignedString(offset) + ", memory of " + size + " bytes");
                }
                System.arraycopy(a.data(), 0, bytes, offset, a.data().length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segment, int destination, int offset, int size) {
        byte[] data = segments[segment].data();
        check(destination, size);
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw outOfBounds(offset, size);
        }
        System.arraycopy(data, offset, bytes, destination, size);
    }

    @Override
    public void drop(int segment) {
        segments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---- accesses: one array access each; outside the memory it is the guest's trap ------------

    private boolean fits(int address, int length) {
        return address >= 0 && length >= 0 && (long) address + length <= size;
    }

    /** Traps unless the {@code width} bytes at {@code address} lie inside the memory: one test on the path of every access. */
    private void at(int address, int width) {
        if (address < 0 || address > size - width) {
            throw outOfBounds(address, width);
        }
    }

    private void check(int address, int length) {
        if (!fits(address, length)) {
            throw outOfBounds(address, length);
        }
    }

    private WasmRuntimeException outOfBounds(int address, int length) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address "
                + Integer.toUnsignedString(address) + " of " + length + " bytes, memory of " + size + " bytes");
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        check(address, size);
        System.arraycopy(data, offset, bytes, address, size);
    }

    @Override
    public byte read(int address) {
        at(address, 1);
        return bytes[address];
    }

    @Override
    public byte[] readBytes(int address, int length) {
        check(address, length);
        return Arrays.copyOfRange(bytes, address, address + length);
    }

    @Override
    public void writeI32(int address, int value) {
        at(address, 4);
        INTS.set(bytes, address, value);
    }

    @Override
    public int readInt(int address) {
        at(address, 4);
        return (int) INTS.get(bytes, address);
    }

    @Override
    public void writeLong(int address, long value) {
        at(address, 8);
        LONGS.set(bytes, address, value);
    }

    @Override
    public long readLong(int address) {
        at(address, 8);
        return (long) LONGS.get(bytes, address);
    }

    @Override
    public void writeShort(int address, short value) {
        at(address, 2);
        SHORTS.set(bytes, address, value);
    }

    @Override
    public short readShort(int address) {
        at(address, 2);
        return (short) SHORTS.get(bytes, address);
    }

    @Override
    public long readU16(int address) {
        return readShort(address) & 0xFFFFL;
    }

    @Override
    public void writeByte(int address, byte value) {
        at(address, 1);
        bytes[address] = value;
    }

    @Override
    public void writeF32(int address, float value) {
        at(address, 4);
        FLOATS.set(bytes, address, value);
    }

    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public float readFloat(int address) {
        at(address, 4);
        return (float) FLOATS.get(bytes, address);
    }

    @Override
    public void writeF64(int address, double value) {
        at(address, 8);
        DOUBLES.set(bytes, address, value);
    }

    @Override
    public double readDouble(int address) {
        at(address, 8);
        return (double) DOUBLES.get(bytes, address);
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        check(fromIndex, toIndex - fromIndex);
        Arrays.fill(bytes, fromIndex, toIndex, value);
    }

    /** {@code memory.copy}: overlapping ranges copy as if through a buffer, as arraycopy does. */
    @Override
    public void copy(int destination, int offset, int size) {
        check(offset, size);
        check(destination, size);
        System.arraycopy(bytes, offset, bytes, destination, size);
    }
}
