package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The instances of one component, up to its {@code instances}, and which of them a message goes
 * to. Messages of one sender keep their order: while one of them waits or runs in an instance,
 * the sender's next ones follow it there ({@link #affinity}); a sender with nothing under way,
 * an Invoke, a call and an HTTP request go to an idle instance, else to the least loaded one.
 * The first instance lives as long as the component; when none is idle another starts (on the
 * pool, never on the sender's thread), and one that took no message for
 * {@code instance-idle-ms} is given back with its memory.
 */
final class Instances {

    /**
     * How long a synchronous caller waits for an instance to become idle, to run its message on
     * its own thread, before it queues the message behind a busy one.
     */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** How long, after the memory budget refused an instance, no other is tried. */
    private static final long GROW_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The instance one sender's messages go to while some of them are under way, and how many. */
    private static final class Affinity {
        final Instance instance;
        int count = 1;

        Affinity(Instance instance) {
            this.instance = instance;
        }
    }

    private final ComponentActor actor;
    // by number, the first first; copied on change (instances come and go rarely)
    private volatile Instance[] all;
    private final ConcurrentHashMap<Object, Affinity> affinity = new ConcurrentHashMap<>();
    private final AtomicBoolean growing = new AtomicBoolean();
    private volatile long growBlockedUntil;
    // synchronous callers waiting for an idle instance
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private boolean sweeping; // guarded by this
    private boolean closed; // guarded by this
    // the figures of instances given back, and the refusals of the component as a whole
    final ActorMetrics earlier = new ActorMetrics();

    Instances(ComponentActor actor) {
        this.actor = actor;
        this.all = new Instance[] {new Instance(actor, 1)};
    }

    Instance first() {
        return all[0];
    }

    /** The instances now, by number. */
    List<Instance> list() {
        return List.of(all);
    }

    /** Places {@code e} in one of the instances; see the class comment. */
    Delivery enqueue(Envelope e, boolean accepted) {
        Instance[] in = all;
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
            in = all;
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
        for (Instance i : all) {
            if (i.serving() && i.idle()) {
                return i;
            }
        }
        return null;
    }

    private Instance awaitIdle() {
        Instance[] in = all;
        grow(in.length);
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
        Instance first = all[0];
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
                return new Affinity(pick(all));
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
        grow(in.length);
        return best != null ? best : in[0];
    }

    /** Starts one more instance on the pool, unless there are enough, one is starting, or the budget refused one just now. */
    private void grow(int have) {
        if (have >= actor.spec().limits().instances() || growing.get() || !actor.serving()
                || System.nanoTime() - growBlockedUntil < 0 || !growing.compareAndSet(false, true)) {
            return;
        }
        actor.system.execute(this::startOne);
    }

    private void startOne() {
        try {
            Instance i;
            synchronized (this) {
                if (closed || all.length >= actor.spec().limits().instances()) {
                    return;
                }
                i = new Instance(actor, freeNumber());
            }
            actor.services.watchdog().watch(i.guard);
            if (!actor.lifecycle.startExtra(i)) {
                actor.services.watchdog().unwatch(i.guard);
                growBlockedUntil = System.nanoTime() + GROW_BACKOFF_NANOS;
                return;
            }
            if (!add(i)) {
                i.gone();
                actor.lifecycle.retire(i, i.takeGuest());
                actor.services.watchdog().unwatch(i.guard);
                return;
            }
            ActorSystem.LOG.log(Level.DEBUG, "component " + actor.id() + ": instance " + i.number + " started");
            actor.lifecycle.catchUp(i);
        } finally {
            growing.set(false);
        }
    }

    private synchronized boolean add(Instance i) {
        if (closed) {
            return false;
        }
        Instance[] next = Arrays.copyOf(all, all.length + 1);
        next[next.length - 1] = i;
        Arrays.sort(next, (a, b) -> Integer.compare(a.number, b.number));
        all = next;
        if (!sweeping) {
            sweeping = true;
            scheduleSweep();
        }
        return true;
    }

    private int freeNumber() {
        int n = 1;
        for (Instance i : all) {
            if (i.number == n) {
                n++;
            }
        }
        return n;
    }

    private void scheduleSweep() {
        actor.services.watchdog().schedule(() -> actor.system.execute(this::sweep), actor.system.instanceIdleMs());
    }

    /**
     * Gives back every instance but the first that took no message since the last sweep and is
     * idle: it leaves the routing first, then its guest's cleanup runs and it is closed. Runs
     * every {@code instance-idle-ms} while there is more than one instance.
     */
    private void sweep() {
        Instance[] in = all;
        for (int k = 1; k < in.length; k++) {
            Instance i = in[k];
            long taken = i.metrics.in.sum() + i.metrics.inHere;
            boolean quiet = taken == i.inAtSweep;
            i.inAtSweep = taken;
            if (quiet && i.serving() && i.whenIdle(() -> leave(i))) {
                giveBack(i);
            }
        }
        synchronized (this) {
            sweeping = !closed && all.length > 1;
            if (sweeping) {
                scheduleSweep();
            }
        }
    }

    /** Takes {@code i} out of the routing, in a turn of its own: a message that went in meanwhile keeps it. */
    private boolean leave(Instance i) {
        if (!i.move(Instance.Phase.READY, Instance.Phase.GONE)) {
            return false;
        }
        if (!i.mailbox.isEmpty()) {
            i.move(Instance.Phase.GONE, Instance.Phase.READY);
            return false;
        }
        return true;
    }

    private void giveBack(Instance i) {
        synchronized (this) {
            all = Arrays.stream(all).filter(x -> x != i).toArray(Instance[]::new);
        }
        actor.lifecycle.retire(i, i.takeGuest());
        actor.services.watchdog().unwatch(i.guard);
        fold(i);
        ActorSystem.LOG.log(Level.DEBUG, "component " + actor.id() + ": instance " + i.number
                + " given back after " + actor.system.instanceIdleMs() + " ms without a message");
    }

    /** Keeps the figures of an instance that goes in the component's. */
    private void fold(Instance i) {
        earlier.in.add(i.metrics.in.sum() + i.metrics.inHere);
        earlier.out.add(i.metrics.out.sum());
        earlier.failed.add(i.metrics.failed.sum());
        earlier.refused.add(i.metrics.refused.sum());
        earlier.latency.add(i.metrics.latency);
    }

    /**
     * Queues control message {@code c} in {@code i}; returns {@code false} when {@code i} was
     * given back meanwhile (then {@code c} is not queued, nor answered).
     */
    boolean control(Instance i, Envelope c) {
        i.force(c);
        return !(i.givenBack() && i.mailbox.remove(c));
    }

    /**
     * Keeps only the first instance: the others leave the routing and are returned, their guests
     * still to close (the component failed, ended or stops).
     */
    synchronized List<Instance> shrink() {
        List<Instance> others = new ArrayList<>(Arrays.asList(all).subList(1, all.length));
        all = new Instance[] {all[0]};
        others.forEach(Instance::gone);
        affinity.clear();
        return others;
    }

    /** The component stops for good: no instance starts any more; returns them all. */
    synchronized List<Instance> close() {
        closed = true;
        return List.of(all);
    }

    /** Folds the figures of {@code others}, which went, into the component's; stops watching their calls. */
    void forget(List<Instance> others) {
        for (Instance i : others) {
            actor.services.watchdog().unwatch(i.guard);
            fold(i);
        }
    }

    boolean busy() {
        for (Instance i : all) {
            if (i.guard.busy()) {
                return true;
            }
        }
        return false;
    }

    int depth() {
        int n = 0;
        for (Instance i : all) {
            n += i.mailbox.depth();
        }
        return n;
    }

    /** The component's figures: the sums of its instances' and of those given back, and each instance's. */
    ComponentStats figures(ComponentId id, int mailbox) {
        Instance[] in = all;
        ActorMetrics sum = earlier;
        long msgIn = sum.in.sum() + sum.inHere;
        long out = sum.out.sum();
        long failed = sum.failed.sum();
        long refused = sum.refused.sum();
        int depth = 0;
        LatencyHistogram latency = new LatencyHistogram();
        latency.add(sum.latency);
        for (Instance i : in) {
            msgIn += i.metrics.in.sum() + i.metrics.inHere;
            out += i.metrics.out.sum();
            failed += i.metrics.failed.sum();
            refused += i.metrics.refused.sum();
            depth += i.mailbox.depth();
            latency.add(i.metrics.latency);
        }
        return new ComponentStats(id, msgIn, out, failed, refused, depth, mailbox * in.length,
                latency.percentile(0.50), latency.percentile(0.99), stats());
    }

    List<InstanceStats> stats() {
        Instance[] in = all;
        List<InstanceStats> out = new ArrayList<>(in.length);
        for (Instance i : in) {
            out.add(i.stats());
        }
        return out;
    }
}
