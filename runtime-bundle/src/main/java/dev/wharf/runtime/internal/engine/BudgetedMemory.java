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
 * 40 % faster on a flat array (ExtismBenchmark, BENCHMARKS.md). Each access is one array access
 * the JIT bounds-checks; an access outside the memory is Chicory's out-of-bounds trap. Not
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
    private byte[] bytes;
    private DataSegment[] segments = new DataSegment[0];
    private boolean released;

    private BudgetedMemory(MemoryLimits limits, MemoryBudget budget) {
        this.limits = limits;
        this.budget = budget;
        this.bytes = new byte[limits.initialPages() * PAGE_SIZE];
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

    @Override
    public int grow(int size) {
        int before = pages();
        if (size < 0 || before + (long) size > Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES)) {
            return -1;
        }
        if (size == 0) {
            return before;
        }
        synchronized (this) {
            if (released || !budget.tryReserve(size)) {
                return -1;
            }
            try {
                bytes = Arrays.copyOf(bytes, (before + size) * PAGE_SIZE);
            } catch (OutOfMemoryError e) {
                budget.release(size);
                return -1; // the JVM has no room for it: as memory.grow says of any memory it cannot give
            }
            return before;
        }
    }

    /** Gives the pages back to the budget; the memory is not used again. */
    synchronized void release() {
        if (!released) {
            released = true;
            budget.release(pages());
        }
    }

    @Override
    public int pages() {
        return bytes.length / PAGE_SIZE;
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
                            + " bytes at " + Integer.toUnsignedString(offset) + ", memory of " + bytes.length + " bytes");
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
        return address >= 0 && length >= 0 && (long) address + length <= bytes.length;
    }

    private void check(int address, int length) {
        if (!fits(address, length)) {
            throw outOfBounds(address, length);
        }
    }

    private WasmRuntimeException outOfBounds(int address, int length) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address "
                + Integer.toUnsignedString(address) + " of " + length + " bytes, memory of " + bytes.length + " bytes");
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        check(address, size);
        System.arraycopy(data, offset, bytes, address, size);
    }

    @Override
    public byte read(int address) {
        try {
            return bytes[address];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 1);
        }
    }

    @Override
    public byte[] readBytes(int address, int length) {
        check(address, length);
        return Arrays.copyOfRange(bytes, address, address + length);
    }

    @Override
    public void writeI32(int address, int value) {
        try {
            INTS.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public int readInt(int address) {
        try {
            return (int) INTS.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public void writeLong(int address, long value) {
        try {
            LONGS.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public long readLong(int address) {
        try {
            return (long) LONGS.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public void writeShort(int address, short value) {
        try {
            SHORTS.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 2);
        }
    }

    @Override
    public short readShort(int address) {
        try {
            return (short) SHORTS.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 2);
        }
    }

    @Override
    public long readU16(int address) {
        return readShort(address) & 0xFFFFL;
    }

    @Override
    public void writeByte(int address, byte value) {
        try {
            bytes[address] = value;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 1);
        }
    }

    @Override
    public void writeF32(int address, float value) {
        try {
            FLOATS.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public float readFloat(int address) {
        try {
            return (float) FLOATS.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 4);
        }
    }

    @Override
    public void writeF64(int address, double value) {
        try {
            DOUBLES.set(bytes, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public double readDouble(int address) {
        try {
            return (double) DOUBLES.get(bytes, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(address, 8);
        }
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, (byte) 0);
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
