package dev.wharf.runtime.internal.health;

import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Watchdog;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Checks every ready component every {@code interval-ms}, through its mailbox (PID and component
 * name {@code dev.wharf.health}). The results and the count of unhealthy ones in a row live with
 * the components, not here, so replacing or reconfiguring the monitor loses nothing.
 */
@Component(name = PeriodicHealthMonitor.PID, service = PeriodicHealthMonitor.class, immediate = true)
@Designate(ocd = HealthConfig.class)
public final class PeriodicHealthMonitor {

    public static final String PID = "dev.wharf.health";

    private final ActorSystem system;
    private final HealthChecks checks;
    private final ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> task;
    private volatile int threshold;
    private volatile long timeoutMs;

    @Activate
    public PeriodicHealthMonitor(@Reference ActorSystem system, @Reference Watchdog watchdog, HealthConfig config) {
        this.system = system;
        this.checks = new HealthChecks(watchdog);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "wharf-health");
            t.setDaemon(true);
            return t;
        });
        configure(config);
    }

    @Modified
    void modified(HealthConfig config) {
        configure(config);
    }

    private synchronized void configure(HealthConfig config) {
        threshold = Math.max(1, config.failure$_$threshold());
        timeoutMs = Math.max(1, config.timeout$_$ms());
        long interval = Math.max(10, config.interval$_$ms());
        if (task != null) {
            task.cancel(false);
        }
        task = timer.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void checkAll() {
        for (ComponentActor a : system.actors()) {
            if (a.state() == ComponentState.READY) {
                checks.check(a, threshold, timeoutMs);
            }
        }
    }

    /** Checks {@code actor} now, as the periodic checks do: the result counts towards the threshold. */
    public CompletionStage<HealthStatus> check(ComponentActor actor) {
        return checks.check(actor, threshold, timeoutMs);
    }
}
