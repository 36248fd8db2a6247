package dev.wharf.runtime.internal.component;

import java.util.ArrayList;
import java.util.List;

/**
 * One synchronous call's bookkeeping of borrows, both directions of it:
 * <ul>
 *   <li>when the host calls into a guest (the spec's {@code Task}), the borrow handles lowered
 *       into the guest's table for its arguments: the guest must drop every one before it
 *       returns, checked by {@link #checkBorrowsDropped()};</li>
 *   <li>when a guest calls the host (the spec's {@code Subtask}), the guest's handles lifted as
 *       borrow arguments: each is lent until the call returns ({@link #endLending()}), and
 *       meanwhile may be neither dropped nor moved out as an own.</li>
 * </ul>
 */
public final class CallScope {

    private final List<ResourceHandle> lenders = new ArrayList<>();
    private int borrows;
    private boolean lendingEnded;

    /** The number of borrow handles lowered for this call and not yet dropped. */
    public int borrows() {
        return borrows;
    }

    void addBorrow() {
        borrows++;
    }

    void dropBorrow() {
        borrows--;
    }

    /** Lends {@code handle} to this call: it stays put until {@link #endLending()}. */
    void lend(ResourceHandle handle) {
        if (lendingEnded) {
            throw new IllegalStateException("the call has returned; it cannot borrow any more");
        }
        handle.lend();
        lenders.add(handle);
    }

    /** The call into the host returned: every handle lent to it is the guest's to drop or move again. */
    public void endLending() {
        if (!lendingEnded) {
            lenders.forEach(ResourceHandle::endLend);
            lenders.clear();
            lendingEnded = true;
        }
    }

    /** The guest returned: traps when it still holds a borrow handle lent for this call. */
    public void checkBorrowsDropped() {
        if (borrows > 0) {
            throw CanonicalAbiTrap.of("the call returned while %d borrow handle%s lent to it %s not dropped",
                    borrows, borrows == 1 ? "" : "s", borrows == 1 ? "was" : "were");
        }
    }
}
