package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** Health checks and the supervisor, with real guests that answer, trap, loop and crash. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HealthIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRegistry registry;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    ComponentBundles bundles;
    final List<Configuration> configurations = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bundles = new ComponentBundles(context);
        // tests drive the checks themselves: no periodic check in between
        configureMonitor("interval-ms", "3600000", "failure-threshold", "3", "timeout-ms", "1000");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    private void configureMonitor(String... keyValues) throws Exception {
        Configuration c = cm.getConfiguration("dev.wharf.health", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
        if (!configurations.contains(c)) {
            configurations.add(c);
        }
        String filter = "(&(component.name=dev.wharf.health)(" + keyValues[0] + "=" + keyValues[1] + "))";
        eventually(() -> {
            try {
                return context.getServiceReferences((String) null, filter) != null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        }, "health monitor configured");
    }

    ComponentRuntime runtime() {
        return context.getService(context.getServiceReference(ComponentRuntime.class));
    }


    int call(String id, String function) {
        return (Integer) invoke(dispatcher, id, function, Args.json("[]")).values().get(0);
    }

    void setHealth(String id, int code) {
        invoke(dispatcher, id, "set_health", Args.json("[" + code + "]"));
    }

    HealthStatus adHoc(String id) {
        return await(dispatcher.healthCheck(ComponentId.of(id), new ComponentMessage.HealthCheck(Optional.empty())));
    }

    HealthStatus monitored(String id) {
        return await(runtime().checkHealth(ComponentId.of(id))).status();
    }

    ComponentMetadata entry(String id) {
        return WharfTestSupport.settled(registry, runtime(), ComponentId.of(id)).orElseThrow();
    }

    // ---- the health codes -------------------------------------------------------------------------

    @Test
    void healthCodesMapToStatuses() {
        bundles.start("patient.wasm;id=p1", "patient");
        assertThat(adHoc("p1")).isEqualTo(HealthStatus.HEALTHY);
        setHealth("p1", 1);
        assertThat(adHoc("p1")).isEqualTo(new HealthStatus.Degraded("_health returned 1"));
        setHealth("p1", 2);
        assertThat(adHoc("p1")).isEqualTo(new HealthStatus.Unhealthy("_health returned 2"));
        setHealth("p1", 7);
        assertThat(adHoc("p1")).isEqualTo(new HealthStatus.Unhealthy("invalid health code 7"));
        // health changes reach the registry
        assertThat(entry("p1").health()).isEqualTo(new HealthStatus.Unhealthy("invalid health code 7"));
        // ad hoc checks do not count towards a restart
        assertThat(entry("p1").restartCount()).isZero();
    }

    @Test
    void aComponentWithoutHealthFollowsItsState() {
        bundles.start("calc.wasm;id=plain", "calc");
        assertThat(adHoc("plain")).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aTrappingHealthCheckIsUnhealthyAndRestarts() {
        bundles.start("patient.wasm;id=p2", "patient");
        call("p2", "inc");
        setHealth("p2", 99);
        HealthStatus h = adHoc("p2");
        assertThat(h).isInstanceOf(HealthStatus.Unhealthy.class);
        assertThat(((HealthStatus.Unhealthy) h).reason()).startsWith("health check trapped: ").contains("unreachable");
        // the restarted instance is fresh
        assertThat(call("p2", "inc")).isEqualTo(1);
        assertThat(entry("p2").restartCount()).isEqualTo(1);
        assertThat(entry("p2").restarts()).singleElement().extracting(RestartRecord::reason).isEqualTo(RestartRecord.Reason.TRAP);
    }

    @Test
    void aHealthCheckThatLoopsTimesOutAndRestarts() {
        bundles.start("patient.wasm;id=p3;timeout-ms=200", "patient");
        setHealth("p3", 98);
        HealthStatus h = adHoc("p3");
        assertThat(((HealthStatus.Unhealthy) h).reason()).startsWith("health check timed out");
        assertThat(call("p3", "inc")).isEqualTo(1);
        assertThat(entry("p3").restarts()).singleElement().extracting(RestartRecord::reason).isEqualTo(RestartRecord.Reason.TIMEOUT);
    }

    // ---- the threshold -------------------------------------------------------------------------------

    @Test
    void unhealthyAtTheThresholdRestartsAndAHealthyResultResetsTheCount() {
        bundles.start("patient.wasm;id=p4", "patient");
        setHealth("p4", 2);
        monitored("p4");
        monitored("p4");
        setHealth("p4", 0);
        assertThat(monitored("p4")).isEqualTo(HealthStatus.HEALTHY);
        setHealth("p4", 2);
        monitored("p4");
        monitored("p4");
        assertThat(entry("p4").restartCount()).as("two in a row are not three").isZero();
        assertThat(call("p4", "inc")).isEqualTo(1);
        monitored("p4");
        // the third in a row: restarted, with a fresh instance whose _health answers 0
        assertThat(call("p4", "inc")).isEqualTo(1);
        assertThat(entry("p4").restarts()).singleElement().extracting(RestartRecord::reason)
                .isEqualTo(RestartRecord.Reason.UNHEALTHY);
        assertThat(monitored("p4")).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void thePeriodicMonitorRestartsAnUnhealthyComponent() throws Exception {
        bundles.start("patient.wasm;id=p5", "patient");
        setHealth("p5", 2);
        configureMonitor("interval-ms", "50", "failure-threshold", "2", "timeout-ms", "1000");
        eventually(() -> entry("p5").restartCount() >= 1, "restarted by the monitor");
        assertThat(entry("p5").state()).isIn(ComponentState.READY, ComponentState.STARTING);
        eventually(() -> adHoc("p5").equals(HealthStatus.HEALTHY), "healthy after the restart");
    }

    // ---- traps, timeouts, memory ----------------------------------------------------------------

    @Test
    void aTrapInHandleMessageRestartsWithFreshStateAndQueuedMessagesAreStillDelivered() {
        bundles.start("patient.wasm;id=p6", "patient");
        call("p6", "inc");
        CompletableFuture<byte[]> trapped = dispatcher.ask(new ComponentMessage.InterComponent(ComponentId.HOST,
                ComponentId.of("p6"), Args.json("\"xplode\"")), Duration.ofSeconds(10)).toCompletableFuture();
        List<Delivery> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("p6"),
                    Args.json("1"))));
        }
        // the sender of the message that trapped gets the trap
        assertThat(failure(trapped)).isInstanceOf(GuestTrapException.class).hasMessageContaining("unreachable");
        assertThat(queued).allMatch(Delivery::accepted);
        // the messages that waited were delivered to the fresh instance
        assertThat(call("p6", "count")).isEqualTo(5);
        assertThat(call("p6", "inc")).isEqualTo(1);
        assertThat(entry("p6").restartCount()).isEqualTo(1);
    }

    @Test
    void anInfiniteLoopEndsInATimeoutAndARestart() {
        bundles.start("patient.wasm;id=p7;timeout-ms=200", "patient");
        call("p7", "inc");
        long start = System.nanoTime();
        assertThat(failure(dispatcher.invoke(ComponentId.of("p7"), new ComponentMessage.Invoke("spin", Args.json("[]")))))
                .isInstanceOf(CallTimeoutException.class);
        // queued behind the restart, served by the fresh instance
        assertThat(call("p7", "inc")).isEqualTo(1);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("loop -> timeout (200 ms) -> restart -> serving again: " + ms + " ms");
        assertThat(entry("p7").restarts()).singleElement().extracting(RestartRecord::reason).isEqualTo(RestartRecord.Reason.TIMEOUT);
    }

    @Test
    void trapToServingAgain() {
        bundles.start("patient.wasm;id=p8", "patient");
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            failure(dispatcher.invoke(ComponentId.of("p8"), new ComponentMessage.Invoke("trap", Args.json("[]"))));
            assertThat(call("p8", "inc")).isEqualTo(1);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.println("trap -> restarted and serving again: " + TimeUnit.NANOSECONDS.toMicros(best) + " us (best of 3)");
    }

    @Test
    void aMemoryBombStaysWithinItsCap() {
        bundles.start("patient.wasm;id=bomb;memory-max-pages=4", "patient");
        // memory.grow answers -1 at the cap
        assertThat(call("bomb", "grow")).isEqualTo(4);
        assertThat(call("bomb", "grow")).isEqualTo(4);
        // one that traps on it is restarted
        assertThat(failure(dispatcher.invoke(ComponentId.of("bomb"), new ComponentMessage.Invoke("bomb", Args.json("[]")))))
                .isInstanceOf(GuestTrapException.class);
        assertThat(call("bomb", "inc")).isEqualTo(1);
        assertThat(entry("bomb").restartCount()).isEqualTo(1);
    }

    // ---- restart policies and intensity ------------------------------------------------------------

    WharfException trap(String id) {
        return failure(dispatcher.invoke(ComponentId.of(id), new ComponentMessage.Invoke("trap", Args.json("[]"))));
    }

    @Test
    void crashingTooOftenEndsFailedAndAnOperatorBringsItBack() {
        bundles.start("patient.wasm;id=p9;max-restarts=2;restart-window-ms=60000", "patient");
        trap("p9");
        assertThat(call("p9", "inc")).isEqualTo(1);
        trap("p9");
        assertThat(call("p9", "inc")).isEqualTo(1);
        trap("p9");
        // the third failure within the window is one too many
        eventually(() -> entry("p9").state() == ComponentState.FAILED, "failed");
        assertThat(entry("p9").reason()).get().asString().contains("restarted 2 times within 60000 ms");
        assertThat(failure(dispatcher.invoke(ComponentId.of("p9"), new ComponentMessage.Invoke("inc", Args.json("[]")))))
                .isInstanceOf(ComponentUnavailableException.class).hasMessageContaining("failed");
        assertThat(entry("p9").health()).isInstanceOf(HealthStatus.Unhealthy.class);

        String out = new Shell(processor).run("wasm:restart p9");
        assertThat(out).startsWith("restart of 'p9' requested");
        eventually(() -> entry("p9").state() == ComponentState.READY, "ready again");
        assertThat(call("p9", "inc")).isEqualTo(1);
        assertThat(entry("p9").restarts()).last().extracting(RestartRecord::reason).isEqualTo(RestartRecord.Reason.OPERATOR);
    }

    @Test
    void temporaryIsNeverRestartedTransientIsAfterAFailure() {
        bundles.start("patient.wasm;id=temp;restart=temporary, patient.wasm;id=trans;restart=transient", "patient");
        trap("temp");
        eventually(() -> entry("temp").state() == ComponentState.FAILED, "temporary component failed");
        assertThat(entry("temp").reason()).get().asString().contains("restart policy temporary");
        assertThat(entry("temp").restartCount()).isZero();
        trap("trans");
        assertThat(call("trans", "inc")).isEqualTo(1);
        assertThat(entry("trans").restartCount()).isEqualTo(1);
    }

    @Test
    void aNormalExitRestartsOnlyPermanentComponents() {
        bundles.start("exiter.wasm;id=perm, exiter.wasm;id=trans;restart=transient, exiter.wasm;id=temp;restart=temporary",
                "exiter");
        for (String id : List.of("perm", "trans", "temp")) {
            call(id, "inc");
            assertThat(failure(dispatcher.invoke(ComponentId.of(id), new ComponentMessage.Invoke("exit", Args.json("[0]")))))
                    .isInstanceOf(GuestTrapException.class).hasMessageContaining("exited with code 0");
        }
        // permanent: back with a fresh instance
        assertThat(call("perm", "inc")).isEqualTo(1);
        assertThat(entry("perm").restarts()).singleElement().extracting(RestartRecord::reason)
                .isEqualTo(RestartRecord.Reason.EXIT);
        // transient and temporary: a normal end is not a failure, so they stay stopped
        for (String id : List.of("trans", "temp")) {
            eventually(() -> entry(id).state() == ComponentState.STOPPED, id + " stopped");
            assertThat(entry(id).reason()).get().asString().contains("exited normally");
            assertThat(entry(id).restartCount()).isZero();
        }
        assertThat(failure(dispatcher.invoke(ComponentId.of("trans"), new ComponentMessage.Invoke("inc", Args.json("[]")))))
                .isInstanceOf(ComponentUnavailableException.class).hasMessageContaining("stopped");
        // an operator brings it back
        assertThat(new Shell(processor).run("wasm:restart trans")).startsWith("restart of 'trans' requested");
        eventually(() -> entry("trans").state() == ComponentState.READY, "transient back");
        // a non-zero exit is a failure: transient comes back from it on its own
        assertThat(failure(dispatcher.invoke(ComponentId.of("trans"), new ComponentMessage.Invoke("exit", Args.json("[3]")))))
                .hasMessageContaining("exited with code 3");
        assertThat(call("trans", "inc")).isEqualTo(1);
        assertThat(entry("trans").restarts()).last().extracting(RestartRecord::reason).isEqualTo(RestartRecord.Reason.TRAP);
    }

    @Test
    void operatorRestartOfAReadyComponentWaitsForTheQueuedMessages() {
        bundles.start("patient.wasm;id=p10", "patient");
        call("p10", "inc");
        assertThat(new Shell(processor).run("wasm:restart p10")).startsWith("restart of 'p10' requested");
        assertThat(call("p10", "inc")).isEqualTo(1);
        assertThat(entry("p10").restarts()).singleElement().extracting(RestartRecord::reason)
                .isEqualTo(RestartRecord.Reason.OPERATOR);
        assertThat(new Shell(processor).run("wasm:restart nobody")).startsWith("error: unknown component 'nobody'");
    }

    @Test
    void healthCommandShowsStatusReasonFailuresAndLastCheck() {
        bundles.start("patient.wasm;id=p11", "patient");
        setHealth("p11", 2);
        monitored("p11");
        String out = new Shell(processor).run("wasm:health p11");
        assertThat(out).contains("FAILURES").contains("LAST-CHECK");
        assertThat(out.lines().filter(l -> l.startsWith("p11 ")).findFirst()).get().asString()
                .contains("unhealthy").contains("_health returned 2");
        assertThat(new Shell(processor).run("wasm:health nobody")).startsWith("error: unknown component 'nobody'");
    }

    // ---- hot swap of the monitor ---------------------------------------------------------------------

    @Test
    void replacingTheMonitorLosesNoComponentAndNoMessage() throws Exception {
        bundles.start("patient.wasm;id=p12;mailbox=100000", "patient");
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        ComponentDescriptionDTO monitor = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals("dev.wharf.health")).findFirst().orElseThrow();
        configureMonitor("interval-ms", "20", "failure-threshold", "3", "timeout-ms", "1000");
        int accepted = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 2000; i++) {
                if (dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("p12"),
                        Args.json("1"))).accepted()) {
                    accepted++;
                }
            }
            scr.disableComponent(monitor).getValue();
            scr.enableComponent(monitor).getValue();
            configureMonitor("interval-ms", Integer.toString(20 + round), "failure-threshold", "3", "timeout-ms", "1000");
        }
        assertThat(call("p12", "count")).isEqualTo(accepted);
        assertThat(entry("p12").state()).isEqualTo(ComponentState.READY);
        assertThat(entry("p12").restartCount()).isZero();
    }

    @Test
    void memoryCapIsAppliedToEachFreshInstance() {
        bundles.start("patient.wasm;id=p13;memory-max-pages=2", "patient");
        assertThat(call("p13", "grow")).isEqualTo(2);
        trap("p13");
        assertThat(call("p13", "grow")).isEqualTo(2);
        InvokeResult r = invoke(dispatcher, "p13", "inc", Args.json("[]"));
        assertThat(r.values()).containsExactly(1);
    }
}
