package dev.wharf.runtime.internal.component;

/**
 * The flat values of a core call, as Chicory passes them, read front to back. Too few values is
 * the host's mistake (the core signature fixes how many there are), not the guest's.
 */
public final class FlatReader implements FlatSource {

    private final long[] values;
    private int position;

    public FlatReader(long... values) {
        this.values = values;
    }

    @Override
    public long next(CoreType type) {
        if (position >= values.length) {
            throw new IllegalArgumentException("expected a " + type + " flat value after the " + values.length + " given");
        }
        return values[position++];
    }

    /** How many values have been read. */
    public int position() {
        return position;
    }

    public boolean done() {
        return position == values.length;
    }
}
