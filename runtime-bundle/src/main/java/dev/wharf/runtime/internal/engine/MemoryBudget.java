package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.Memory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The linear memory all guests together may hold, in 64 KiB pages: each component's own cap
 * ({@code memory-max-pages}) bounds one guest, this bounds their sum, so that many guests
 * growing at once cannot exhaust the heap the container itself needs.
 */
public final class MemoryBudget {

    /** No room for an instance's initial memory. */
    public static final class ExhaustedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExhaustedException(String message) {
            super(message);
        }
    }

    private final AtomicLong used = new AtomicLong();
    private volatile long limitPages;

    public MemoryBudget(long limitBytes) {
        limit(limitBytes);
    }

    /** Sets the budget; pages already held stay held, new ones are refused while over it. */
    public void limit(long limitBytes) {
        this.limitPages = Math.max(0, limitBytes / Memory.PAGE_SIZE);
    }

    public long limitBytes() {
        return limitPages * Memory.PAGE_SIZE;
    }

    public long usedBytes() {
        return used.get() * Memory.PAGE_SIZE;
    }

    /** Takes {@code pages} if the budget has room for them; returns whether it did. */
    public boolean tryReserve(int pages) {
        long limit = limitPages;
        long now;
        do {
            now = used.get();
            if (now + pages > limit) {
                return false;
            }
        } while (!used.compareAndSet(now, now + pages));
        return true;
    }

    /**
     * Takes {@code pages}, or says why not.
     *
     * @throws ExhaustedException naming what is used and what the budget is
     */
    public void reserve(int pages) {
        if (!tryReserve(pages)) {
            throw new ExhaustedException("the memory budget of all guests is exhausted: " + pages
                    + (pages == 1 ? " page (" : " pages (") + (long) pages * Memory.PAGE_SIZE / 1024 + " KiB) asked, " + usedBytes() / (1024 * 1024) + " of "
                    + limitBytes() / (1024 * 1024) + " MiB in use (memory-budget-mb, PID dev.wharf.engine)");
        }
    }

    public void release(int pages) {
        used.addAndGet(-pages);
    }
}
