package dev.wharf.runtime.internal.component.wasi;

/**
 * Bytes the host holds for a component instance (a body), counted against its
 * {@link HostObjects} budget until {@link #release()}d. They pass from object to object (an
 * incoming response to its body, the body to its stream); whichever holds them last gives them
 * back when it is freed.
 */
public final class HeldBytes {

    private final HostObjects budget;
    private final byte[] data;
    private boolean released;

    private HeldBytes(HostObjects budget, byte[] data) {
        this.budget = budget;
        this.data = data;
    }

    /** {@code data}, counted against {@code budget} (a trap when it does not fit). */
    public static HeldBytes charge(HostObjects budget, byte[] data) {
        budget.charge(data.length);
        return new HeldBytes(budget, data);
    }

    /** The bytes themselves, not copied: callers only read them. */
    public byte[] data() {
        return data;
    }

    /** Gives the bytes back to the budget, once. */
    public void release() {
        if (!released) {
            released = true;
            budget.release(data.length);
        }
    }
}
