package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static dev.wharf.itest.WharfTestSupport.invokeFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.MessageDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * With Felix EventAdmin in the framework, an {@link EventHandler} for {@code dev/wharf/component/*}
 * hears a component's life: deployed and ready, a trap and its restart, an update swapped in, an
 * update refused, the stop of its bundle; an unhealthy check; too many traps, given up; each event
 * with the component's id, version and bundle.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class EventsIT {

    static final String ID = "events.calc";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    EventAdmin eventAdmin;

    final List<Event> events = new CopyOnWriteArrayList<>();
    ServiceRegistration<EventHandler> handler;
    Bundle bundle;

    static byte[] jar(String version, byte[] module) {
        return ComponentBundles.jar("test.events", version, "calc.wasm;id=" + ID, Map.of("calc.wasm", module));
    }

    /** A handler of the events of component {@code id}. */
    void listen(String id) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "dev/wharf/component/*");
        props.put(EventConstants.EVENT_FILTER, "(component.id=" + id + ")");
        handler = context.registerService(EventHandler.class, events::add, props);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (handler != null) {
            handler.unregister();
        }
        if (bundle != null && bundle.getState() != Bundle.UNINSTALLED) {
            bundle.uninstall();
        }
    }

    /** Waits for the {@code n}th event (1-based) of this component and returns it. */
    Event await(int n, String type) {
        return await(n, type, ID);
    }

    /** Waits for the {@code n}th event (1-based) of component {@code id} and returns it. */
    Event await(int n, String type, String id) {
        eventually(() -> events.size() >= n, n + " events (" + type + "), got " + topics());
        Event e = events.get(n - 1);
        assertThat(e.getTopic()).as("event " + n + " of " + topics()).isEqualTo("dev/wharf/component/" + type);
        assertThat(e.getProperty("component.id")).isEqualTo(id);
        assertThat(e.getProperty("bundle.id")).isEqualTo(bundle.getBundleId());
        assertThat(e.getProperty("bundle.symbolicName")).isEqualTo(bundle.getSymbolicName());
        assertThat(e.getProperty("timestamp")).isInstanceOf(Long.class);
        return e;
    }

    List<String> topics() {
        return events.stream().map(Event::getTopic).toList();
    }

    @Test
    void anEventHandlerHearsAComponentsLife() throws Exception {
        listen(ID);

        bundle = context.installBundle("wharf-itest:test.events", ComponentBundles.stream(jar("1.0.0", ComponentBundles.guest("calc"))));
        bundle.start();
        assertThat(await(1, "DEPLOYED").getProperty("component.version")).isEqualTo("1.0.0");
        assertThat(await(2, "READY").getProperty("component.state")).isEqualTo("READY");

        assertThat(invokeFails(dispatcher, ID, "unreachable", Args.json("[]"))).isInstanceOf(GuestTrapException.class);
        Event restarted = await(3, "RESTARTED");
        assertThat(restarted.getProperty("restart.reason")).isEqualTo("TRAP");
        assertThat((String) restarted.getProperty("restart.detail")).isNotBlank();
        assertThat(restarted.getProperty("reason")).isEqualTo(restarted.getProperty("restart.detail"));
        assertThat(restarted.getProperty("restart.count")).isEqualTo(1);
        await(4, "READY");
        assertThat(invoke(dispatcher, ID, "add", Args.json("[20, 22]")).values()).containsExactly(42);

        bundle.update(ComponentBundles.stream(jar("1.0.1", ComponentBundles.guest("calc"))));
        Event swapped = await(5, "SWAPPED");
        assertThat(swapped.getProperty("component.version")).isEqualTo("1.0.1");
        assertThat(swapped.getProperty("previous.version")).isEqualTo("1.0.0");

        bundle.update(ComponentBundles.stream(jar("1.0.2", "not a module".getBytes(StandardCharsets.UTF_8))));
        Event refused = await(6, "UPDATE_REFUSED");
        assertThat(refused.getProperty("component.version")).isEqualTo("1.0.1");
        assertThat(refused.getProperty("update.version")).isEqualTo("1.0.2");
        assertThat((String) refused.getProperty("reason")).contains("refused");
        assertThat(invoke(dispatcher, ID, "add", Args.json("[1, 2]")).values()).containsExactly(3);

        bundle.stop();
        Event undeployed = await(7, "UNDEPLOYED");
        assertThat(undeployed.getProperty("component.version")).isEqualTo("1.0.1");
        assertThat(undeployed.getProperty("component.state")).isEqualTo("STOPPED");
        Thread.sleep(200);
        assertThat(topics()).hasSize(7);
    }

    /**
     * An unhealthy check is heard once, with its reason; a component that traps more often than
     * its {@code max-restarts} allow is given up, and FAILED says why.
     */
    @Test
    void unhealthyAndFailedAreHeard() throws Exception {
        String id = "events.patient";
        listen(id);
        bundle = context.installBundle("wharf-itest:test.events.patient", ComponentBundles.stream(ComponentBundles.jar(
                "test.events.patient", "1.0.0", "patient.wasm;id=" + id + ";max-restarts=1;restart-window-ms=60000",
                Map.of("patient.wasm", ComponentBundles.guest("patient")))));
        bundle.start();
        await(1, "DEPLOYED", id);
        await(2, "READY", id);

        invoke(dispatcher, id, "set_health", Args.json("[2]"));
        HealthStatus checked = dispatcher.healthCheck(ComponentId.of(id), new ComponentMessage.HealthCheck(Optional.empty()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(checked).isInstanceOf(HealthStatus.Unhealthy.class);
        Event unhealthy = await(3, "UNHEALTHY", id);
        assertThat(unhealthy.getProperty("health.reason")).isEqualTo("_health returned 2");
        assertThat(unhealthy.getProperty("component.state")).isEqualTo("READY");

        // the first trap is restarted (max-restarts=1 in the window); the second is one too many
        assertThat(invokeFails(dispatcher, id, "trap", Args.json("[]"))).isInstanceOf(GuestTrapException.class);
        assertThat(await(4, "RESTARTED", id).getProperty("restart.reason")).isEqualTo("TRAP");
        await(5, "READY", id);
        assertThat(invokeFails(dispatcher, id, "trap", Args.json("[]"))).isInstanceOf(GuestTrapException.class);
        Event failed = await(6, "FAILED", id);
        assertThat(failed.getProperty("component.state")).isEqualTo("FAILED");
        assertThat((String) failed.getProperty("reason")).isNotBlank();
    }
}
