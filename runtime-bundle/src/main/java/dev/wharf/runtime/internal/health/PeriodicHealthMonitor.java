package dev.wharf.runtime.internal.health;

import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.internal.config.ConfigCheck;
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
    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private final ActorSystem system;
    private final HealthChecks checks;
    private final ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> task;
    private volatile Settings settings;

    /** The settings of PID {@code dev.wharf.health}, checked. */
    record Settings(long intervalMs, int threshold, long timeoutMs) {
        /** @throws IllegalArgumentException naming the property that is out of range */
        static Settings of(HealthConfig c) {
            ConfigCheck check = new ConfigCheck(PID);
            return new Settings(check.atLeast("interval-ms", c.interval$_$ms(), 10),
                    check.atLeast("failure-threshold", c.failure$_$threshold(), 1), check.atLeast("timeout-ms", c.timeout$_$ms(), 1));
        }
    }

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
        Settings before = settings;
        Settings s = ConfigCheck.apply(() -> Settings.of(config), before != null ? before
                : Settings.of(ConfigCheck.defaults(HealthConfig.class)), before == null, LOG);
        settings = s;
        if (task != null) {
            task.cancel(false);
        }
        task = timer.scheduleWithFixedDelay(this::checkAll, s.intervalMs(), s.intervalMs(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void checkAll() {
        Settings s = settings;
        for (ComponentActor a : system.actors()) {
            if (a.state() == ComponentState.READY) {
                checks.check(a, s.threshold(), s.timeoutMs());
            }
        }
    }

    /** Checks {@code actor} now, as the periodic checks do: the result counts towards the threshold. */
    public CompletionStage<HealthStatus> check(ComponentActor actor) {
        Settings s = settings;
        return checks.check(actor, s.threshold(), s.timeoutMs());
    }
}
