package dev.wharf.runtime.internal.actor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run actor turns. One FIFO run queue shared by all workers keeps turns fair
 * between components. One idle worker at a time spins for {@code spinNanos} before it parks, so
 * a message that arrives shortly after the last one is picked up in well under a microsecond
 * instead of paying for a thread wake-up (tens of microseconds on a loaded machine); the other
 * idle workers park at once so they do not steal CPU from the ones working, and a pool that
 * stays idle longer than that costs no CPU at all.
 *
 * <p>A worker held by a guest call longer than {@code blockedNanos} no longer counts as one of
 * the {@code threads} workers: {@link #compensate(int, int)} starts an extra worker for it, up
 * to {@code maxThreads} in all, so the other components keep being served (the managed blocking
 * of a {@code ForkJoinPool}). An extra worker ends after {@link #KEEP_ALIVE_NANOS} without work.
 * Past {@code maxThreads}, new turns wait in the queue until a call ends (each within its
 * {@code timeout-ms}).
 */
final class DispatcherPool {

    static final long KEEP_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    // copy-on-write: execute() scans an array snapshot, and workers start or end rarely
    private final CopyOnWriteArrayList<Worker> workers = new CopyOnWriteArrayList<>();
    private final String name;
    private final int threads;
    private final int maxThreads;
    private final long blockedNanos;
    private final long spinNanos;
    private final java.util.concurrent.atomic.AtomicInteger spinners = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean running = true;

    DispatcherPool(String name, int threads, long spinNanos) {
        this(name, threads, threads, Long.MAX_VALUE, spinNanos);
    }

    /**
     * @param threads workers that are always there
     * @param maxThreads the most workers, extra ones included
     * @param blockedNanos how long a turn runs before its worker is replaced by an extra one
     */
    DispatcherPool(String name, int threads, int maxThreads, long blockedNanos, long spinNanos) {
        this.name = name;
        this.threads = threads;
        this.maxThreads = Math.max(threads, maxThreads);
        this.blockedNanos = blockedNanos;
        this.spinNanos = spinNanos;
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(name + "-" + sequence.incrementAndGet(), true);
            workers.add(w);
            w.start();
        }
    }

    int size() {
        return threads;
    }

    int maxThreads() {
        return maxThreads;
    }

    long blockedNanos() {
        return blockedNanos;
    }

    long spinNanos() {
        return spinNanos;
    }

    /** Workers now, extra ones included. */
    int workers() {
        return workers.size();
    }

    /**
     * Starts extra workers while fewer than {@code threads} workers are free of a long call;
     * called on the watchdog's ticks with the number of calls that have computed in their guest
     * longer than {@code blockedNanos} ({@code blocked}) and of those that wait in a capability
     * ({@code parked}). Workers held by computing calls count against {@code maxThreads}, parked
     * ones do not: the container bounds them itself (a capability call beyond
     * {@code max-capability-calls} is answered at once).
     */
    void compensate(int blocked, int parked) {
        if (!running) {
            return;
        }
        while (workers.size() - blocked - parked < threads && workers.size() - parked < maxThreads && running) {
            Worker w = new Worker(name + "-" + sequence.incrementAndGet(), false);
            workers.add(w);
            w.start();
        }
    }

    void execute(Runnable task) {
        if (!running) {
            throw new java.util.concurrent.RejectedExecutionException("dispatcher pool is shut down");
        }
        queue.offer(task);
        if (spinners.get() > 0) {
            return; // the spinning worker takes it, or sees it when it re-checks before parking
        }
        // wake one parked worker: a flag per worker, taken by CAS (a shared deque of parked workers,
        // with its removals, cost more than the turn it woke a worker for)
        for (Worker w : workers) {
            if (w.parked.get() && w.parked.compareAndSet(true, false)) {
                LockSupport.unpark(w);
                return;
            }
        }
    }

    /** Lets queued turns finish, then stops the workers; waits at most {@code timeoutMs}. */
    boolean shutdown(long timeoutMs) {
        running = false;
        java.util.List<Worker> all = java.util.List.copyOf(workers);
        for (Worker w : all) {
            LockSupport.unpark(w);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean stopped = true;
        for (Worker w : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.isAlive()) {
                w.interrupt();
                stopped = false;
            }
        }
        return stopped;
    }

    private final class Worker extends Thread {

        private final boolean core;
        // set while it parks; whoever takes it back (by CAS) unparks it
        final java.util.concurrent.atomic.AtomicBoolean parked = new java.util.concurrent.atomic.AtomicBoolean();

        Worker(String name, boolean core) {
            super(name);
            this.core = core;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                work();
            } finally {
                workers.remove(this);
            }
        }

        private void work() {
            while (true) {
                Runnable task = queue.poll();
                if (task != null) {
                    runTask(task);
                    continue;
                }
                if (!running) {
                    return;
                }
                if (spinNanos > 0 && spinners.compareAndSet(0, 1)) {
                    boolean found = spinFor(spinNanos);
                    spinners.decrementAndGet();
                    if (found) {
                        continue;
                    }
                }
                parked.set(true);
                // re-check after publishing ourselves: a task queued in between must not wait
                if (!queue.isEmpty() || !running) {
                    parked.set(false);
                    continue;
                }
                if (core) {
                    LockSupport.park(this);
                    parked.set(false);
                } else {
                    long idleFrom = System.nanoTime();
                    LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
                    parked.set(false);
                    if (queue.isEmpty() && System.nanoTime() - idleFrom >= KEEP_ALIVE_NANOS) {
                        return; // an extra worker that found no work for a while ends
                    }
                }
            }
        }

        /** Spins until work shows up (true) or the time is over (false). */
        private boolean spinFor(long nanos) {
            long end = System.nanoTime() + nanos;
            int i = 0;
            while (queue.isEmpty()) {
                Thread.onSpinWait();
                if ((++i & 63) == 0 && System.nanoTime() - end > 0) {
                    return false;
                }
            }
            return true;
        }

        private void runTask(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                System.getLogger("dev.wharf.runtime").log(System.Logger.Level.ERROR,
                        "dispatcher task failed on " + getName(), e);
            }
            // a guest call interrupted by the watchdog has cleared its flag; never leak one
            Thread.interrupted();
        }
    }
}
