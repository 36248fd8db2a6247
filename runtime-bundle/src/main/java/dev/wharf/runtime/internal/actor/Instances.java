package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The instances of one component, up to its {@code instances}; the {@link Placement} decides
 * which of them a message goes to. The first instance lives as long as the component; when none
 * is idle another starts (on the pool, never on the sender's thread), and one that took no
 * message for {@code instance-idle-ms} is given back with its memory.
 */
final class Instances {

    /** How long, after the memory budget refused an instance, no other is tried. */
    private static final long GROW_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);


    private final ComponentActor actor;
    // by number, the first first; copied on change (instances come and go rarely)
    private volatile Instance[] all;
    private final AtomicBoolean growing = new AtomicBoolean();
    private volatile long growBlockedUntil;
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

    /** The instances now, by number, first first: read, never written. */
    Instance[] array() {
        return all;
    }

    /** The instances now, by number. */
    List<Instance> list() {
        return List.of(all);
    }












    /** Starts one more instance on the pool, unless there are enough, one is starting, or the budget refused one just now. */
    void grow(int have) {
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
        actor.placement.forgetSenders();
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
