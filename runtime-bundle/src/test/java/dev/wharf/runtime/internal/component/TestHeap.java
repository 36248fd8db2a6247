package dev.wharf.runtime.internal.component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A byte-array {@link CanonicalMemory} with the bump allocator of the spec's {@code run_tests.py}
 * ({@code Heap}) as its realloc: shrinking a non-null block keeps it in place, anything else gets
 * fresh space past the last allocation and a copy of the old bytes. Records every realloc call.
 */
final class TestHeap implements CanonicalMemory {

    final byte[] bytes;
    long lastAlloc;
    final List<List<Long>> reallocCalls = new ArrayList<>();

    TestHeap(int size) {
        this.bytes = new byte[size];
    }

    TestHeap(byte[] contents) {
        this.bytes = contents.clone();
    }

    static TestHeap ofUnsigned(int... contents) {
        byte[] b = new byte[contents.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) contents[i];
        }
        return new TestHeap(b);
    }

    CanonicalOptions options(StringEncoding encoding) {
        return new CanonicalOptions(encoding, this, this::realloc, false);
    }

    CanonicalContext context(StringEncoding encoding) {
        return CanonicalContext.of(options(encoding));
    }

    long realloc(long oldPtr, long oldSize, long alignment, long newSize) {
        reallocCalls.add(List.of(oldPtr, oldSize, alignment, newSize));
        if (oldPtr != 0 && newSize < oldSize) {
            return CanonicalLayout.alignTo(oldPtr, (int) alignment);
        }
        long ret = CanonicalLayout.alignTo(lastAlloc, (int) alignment);
        lastAlloc = ret + newSize;
        if (lastAlloc > bytes.length) {
            throw new IllegalStateException("test heap exhausted");
        }
        System.arraycopy(bytes, (int) oldPtr, bytes, (int) ret, (int) Math.min(oldSize, bytes.length - ret));
        return ret;
    }

    /** The allocated bytes in hex, as the spec's script prints {@code memory[:last_alloc]}. */
    String allocatedHex() {
        return HexFormat.of().formatHex(Arrays.copyOf(bytes, (int) lastAlloc));
    }

    @Override
    public long size() {
        return bytes.length;
    }

    private int at(long address, long length) {
        checkAccess(address, length);
        return (int) address;
    }

    @Override
    public byte read8(long address) {
        return bytes[at(address, 1)];
    }

    @Override
    public short read16(long address) {
        int a = at(address, 2);
        return (short) ((bytes[a] & 0xFF) | (bytes[a + 1] << 8));
    }

    @Override
    public int read32(long address) {
        int a = at(address, 4);
        return (read16(a) & 0xFFFF) | (read16(a + 2) << 16);
    }

    @Override
    public long read64(long address) {
        int a = at(address, 8);
        return (read32(a) & 0xFFFF_FFFFL) | ((long) read32(a + 4) << 32);
    }

    @Override
    public byte[] read(long address, int length) {
        int a = at(address, length);
        return Arrays.copyOfRange(bytes, a, a + length);
    }

    @Override
    public void write8(long address, byte value) {
        bytes[at(address, 1)] = value;
    }

    @Override
    public void write16(long address, short value) {
        int a = at(address, 2);
        bytes[a] = (byte) value;
        bytes[a + 1] = (byte) (value >> 8);
    }

    @Override
    public void write32(long address, int value) {
        int a = at(address, 4);
        write16(a, (short) value);
        write16(a + 2, (short) (value >> 16));
    }

    @Override
    public void write64(long address, long value) {
        int a = at(address, 8);
        write32(a, (int) value);
        write32(a + 4, (int) (value >> 32));
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        System.arraycopy(source, offset, bytes, at(address, length), length);
    }
}
