package dev.wharf.runtime.internal.component;

import java.util.Arrays;

/** A growing array of flat values, for lowering. */
final class FlatWriter {

    private long[] values;
    private int size;

    FlatWriter() {
        this(8);
    }

    /** A writer for about {@code expected} values: when exactly that many come, {@link #toArray()} copies nothing. */
    FlatWriter(int expected) {
        values = new long[Math.max(1, expected)];
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    long get(int i) {
        return values[i];
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }
}
