package dev.wharf.runtime.internal.component;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.util.Objects;

/**
 * A Chicory instance's memory as a {@link CanonicalMemory}. Every access is checked against the
 * memory's current size first (a realloc call may have grown it), so an out-of-range one is a
 * {@link CanonicalAbiTrap}, not Chicory's exception.
 */
public final class ChicoryCanonicalMemory implements CanonicalMemory {

    // a memory keeps its identity when it grows: the one a component's options name is held;
    // an instance's is looked up, as the instance may have none yet
    private final Memory fixed;
    private final Instance instance;

    public ChicoryCanonicalMemory(Instance instance) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.fixed = null;
    }

    /** A memory a component's core instance exports, as its canonical options name it. */
    public ChicoryCanonicalMemory(Memory memory) {
        this.fixed = Objects.requireNonNull(memory, "memory");
        this.instance = null;
    }

    private Memory source() {
        return fixed != null ? fixed : instance.memory();
    }

    /** The guest's {@code cabi_realloc} export as the {@code realloc} option. */
    public static CanonicalRealloc realloc(ExportFunction cabiRealloc) {
        Objects.requireNonNull(cabiRealloc, "cabiRealloc");
        return (oldPtr, oldSize, alignment, newSize) ->
                cabiRealloc.apply(oldPtr, oldSize, alignment, newSize)[0] & CanonicalChecks.U32_MASK;
    }

    private Memory memory() {
        Memory memory = source();
        if (memory == null) {
            throw new CanonicalAbiTrap("the instance has no memory");
        }
        return memory;
    }

    @Override
    public long size() {
        Memory memory = source();
        return memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Checks the access and gives the address as Chicory's {@code int}. */
    private int at(long address, long length) {
        checkAccess(address, length);
        return (int) address;
    }

    @Override
    public byte read8(long address) {
        return memory().read(at(address, 1));
    }

    @Override
    public short read16(long address) {
        return memory().readShort(at(address, 2));
    }

    @Override
    public int read32(long address) {
        return memory().readInt(at(address, 4));
    }

    @Override
    public long read64(long address) {
        return memory().readLong(at(address, 8));
    }

    @Override
    public byte[] read(long address, int length) {
        int at = at(address, length);
        return length == 0 ? new byte[0] : memory().readBytes(at, length);
    }

    @Override
    public void write8(long address, byte value) {
        memory().writeByte(at(address, 1), value);
    }

    @Override
    public void write16(long address, short value) {
        memory().writeShort(at(address, 2), value);
    }

    @Override
    public void write32(long address, int value) {
        memory().writeI32(at(address, 4), value);
    }

    @Override
    public void write64(long address, long value) {
        memory().writeLong(at(address, 8), value);
    }

    @Override
    public void write(long address, byte[] bytes, int offset, int length) {
        int at = at(address, length);
        if (length > 0) {
            memory().write(at, bytes, offset, length);
        }
    }
}
