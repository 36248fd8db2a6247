package dev.wharf.runtime.internal.actor;

import dev.wharf.internal.config.ConfigCheck;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The runtime's one timer thread ({@code wharf-watchdog}): it checks the deadline of every
 * running call each tick, and runs the runtime's delayed work (ask timeouts, restart backoff,
 * health check timeouts). Its tasks are short; anything that calls a guest is handed to the pool.
 */
@Component(service = Watchdog.class, configurationPid = Watchdog.PID)
@Designate(ocd = WatchdogConfig.class)
public final class Watchdog {

    private final ScheduledThreadPoolExecutor timer;
    private final Set<CallGuard> guards = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> tick;

    static final String PID = "dev.wharf.watchdog";

    @Activate
    public Watchdog(WatchdogConfig config) {
        this(ConfigCheck.apply(() -> new ConfigCheck(PID).atLeast("tick-ms", config.tick$_$ms(), 1),
                ConfigCheck.defaults(WatchdogConfig.class).tick$_$ms(), true, ActorSystem.LOG));
    }

    public Watchdog(long tickMs) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "wharf-watchdog");
            t.setDaemon(true);
            return t;
        });
        // ask timeouts are cancelled far more often than they fire: do not let them pile up
        timer.setRemoveOnCancelPolicy(true);
        retick(tickMs);
    }

    @Modified
    void modified(WatchdogConfig config) {
        Long ms = ConfigCheck.apply(() -> new ConfigCheck(PID).atLeast("tick-ms", config.tick$_$ms(), 1), null, false,
                ActorSystem.LOG);
        if (ms != null) {
            retick(ms);
        }
    }

    private synchronized void retick(long ms) {
        if (tick != null) {
            tick.cancel(false);
        }
        tick = timer.scheduleAtFixedRate(this::checkDeadlines, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    public void stop() {
        timer.shutdownNow();
    }

    /** Watches the calls {@code guard} bounds, until {@link #unwatch}. */
    public void watch(CallGuard guard) {
        guards.add(guard);
    }

    public void unwatch(CallGuard guard) {
        guards.remove(guard);
    }

    /** Runs {@code task} on the timer thread after {@code delayMs}. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return timer.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the timer thread every {@code periodMs}, until cancelled. */
    public ScheduledFuture<?> every(Runnable task, long periodMs) {
        long ms = Math.max(1, periodMs);
        return timer.scheduleAtFixedRate(task, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * The calls that hold a thread for long: {@code computing} ran in the guest longer than
     * {@code guestNanos}, {@code parked} waited in a capability longer than {@code parkedNanos}.
     */
    record Load(int computing, int parked) {}

    /** The calls that hold their thread for long now. */
    Load load(long guestNanos, long parkedNanos) {
        long now = System.nanoTime();
        int computing = 0;
        int parked = 0;
        for (CallGuard g : guards) {
            if (g.parkedLongerThan(parkedNanos, now)) {
                parked++;
            } else if (g.runningLongerThan(guestNanos, now)) {
                computing++;
            }
        }
        return new Load(computing, parked);
    }

    private void checkDeadlines() {
        long now = System.nanoTime();
        for (CallGuard g : guards) {
            g.checkDeadline(now);
        }
    }
}
