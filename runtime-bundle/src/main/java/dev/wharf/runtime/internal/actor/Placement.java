package dev.wharf.runtime.internal.actor;

import dev.wharf.api.Delivery;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Which of a component's {@link Instances} a message goes to. Messages of one sender keep their
 * order: while one of them waits or runs in an instance, the sender's next ones follow it there
 * ({@link #affinity}); a sender with nothing under way, an Invoke, a call and an HTTP request go
 * to an idle instance, else to the least loaded one (and another instance starts when allowed).
 * A synchronous caller waits a moment for an idle instance and runs its message there itself.
 * A component with one instance takes none of this: its messages go straight in.
 */
final class Placement {

    /**
     * How long a synchronous caller waits for an instance to become idle, to run its message on
     * its own thread, before it queues the message behind a busy one.
     */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The instance one sender's messages go to while some of them are under way, and how many. */
    private static final class Affinity {
        final Instance instance;
        int count = 1;

        Affinity(Instance instance) {
            this.instance = instance;
        }
    }

    private final ComponentActor actor;
    private final Instances pool;
    private final ConcurrentHashMap<Object, Affinity> affinity = new ConcurrentHashMap<>();
    // synchronous callers waiting for an idle instance
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();

    Placement(ComponentActor actor, Instances pool) {
        this.actor = actor;
        this.pool = pool;
    }

    /** Places {@code e} in one of the instances; see the class comment. */
    Delivery enqueue(Envelope e, boolean accepted) {
        Instance[] in = pool.array();
        if (in.length == 1 && actor.spec().limits().instances() == 1) {
            return in[0].admit(e, accepted); // the first instance is never given back
        }
        Object key = e instanceof Envelope.Deliver d ? d.orderKey() : null;
        if (!accepted && actor.system.turnCounterIfFree() != null && (key == null || !affinity.containsKey(key))) {
            Delivery here = runOnIdle(e, key);
            if (here != null) {
                return here;
            }
        }
        for (;;) {
            Instance target = key == null ? pick(in) : claim(key);
            Delivery d = target.admit(e, accepted);
            if (d != null) {
                if (key != null && !d.accepted()) {
                    release(key);
                }
                return d;
            }
            // it was given back just now: the message goes elsewhere
            if (key != null) {
                release(key);
            }
            in = pool.array();
        }
    }

    /**
     * A synchronous caller (it waits for the answer, in no turn) with nothing of its own under
     * way: it takes an idle instance and runs {@code e} there on its own thread, waiting at most
     * {@link #IDLE_WAIT_NANOS} for one to become idle. That saves two thread hand-offs per
     * message (to a pool thread, and back with the answer), which on a busy machine cost as much
     * as a short call. Returns {@code null} when it found none: then {@code e} is queued.
     */
    private Delivery runOnIdle(Envelope e, Object key) {
        Instance i = idleInstance();
        if (i == null) {
            i = awaitIdle();
            if (i == null) {
                return null;
            }
        }
        if (key != null && claim(key, i) != i) {
            release(key);
            return null;
        }
        Delivery d = i.admit(e, false);
        if (key != null && (d == null || !d.accepted())) {
            release(key);
        }
        return d;
    }

    private Instance idleInstance() {
        for (Instance i : pool.array()) {
            if (i.serving() && i.idle()) {
                return i;
            }
        }
        return null;
    }

    private Instance awaitIdle() {
        Instance[] in = pool.array();
        pool.grow(in.length);
        long deadline = System.nanoTime() + IDLE_WAIT_NANOS;
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            for (;;) {
                Instance i = idleInstance();
                long left = deadline - System.nanoTime();
                if (i != null || left <= 0) {
                    return i;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiters.remove(me);
        }
    }

    /** An instance has just become idle: one waiting caller may take it. */
    void idleNow() {
        Thread t = waiters.peek();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Claims {@code key} for {@code i}, unless it is under way elsewhere; returns the instance it is claimed for. */
    private Instance claim(Object key, Instance i) {
        return affinity.compute(key, (k, a) -> {
            if (a == null) {
                return new Affinity(i);
            }
            a.count++;
            return a;
        }).instance;
    }

    /** Queues {@code e}, carried from the previous runtime, in the first instance, before any other message. */
    void carry(Envelope e) {
        Instance first = pool.first();
        if (e instanceof Envelope.Deliver d && actor.spec().limits().instances() > 1) {
            affinity.compute(d.orderKey(), (k, a) -> {
                if (a == null) {
                    return new Affinity(first);
                }
                a.count++;
                return a;
            });
        }
        first.mailbox.force(e);
    }

    /** {@code e} was handled (or failed) in its instance: its sender's next message may go anywhere. */
    void done(Envelope e) {
        if (e instanceof Envelope.Deliver d && !affinity.isEmpty()) {
            release(d.orderKey());
        }
    }

    private Instance claim(Object key) {
        return affinity.compute(key, (k, a) -> {
            if (a == null) {
                return new Affinity(pick(pool.array()));
            }
            a.count++;
            return a;
        }).instance;
    }

    private void release(Object key) {
        affinity.computeIfPresent(key, (k, a) -> --a.count == 0 ? null : a);
    }

    /** An idle serving instance, by number; else the least loaded, and another one starts when allowed. */
    private Instance pick(Instance[] in) {
        Instance best = null;
        int least = Integer.MAX_VALUE;
        for (Instance i : in) {
            if (!i.serving()) {
                continue;
            }
            if (i.idle()) {
                return i;
            }
            int load = i.mailbox.depth() + (i.inTurn() ? 1 : 0);
            if (load < least) {
                best = i;
                least = load;
            }
        }
        pool.grow(in.length);
        return best != null ? best : in[0];
    }

    /** The component went back to one instance: no sender is under way in the others. */
    void forgetSenders() {
        affinity.clear();
    }
}
