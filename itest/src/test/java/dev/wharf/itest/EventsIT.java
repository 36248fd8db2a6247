package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static dev.wharf.itest.WharfTestSupport.invokeFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.GuestTrapException;
import dev.wharf.api.MessageDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * update refused, the stop of its bundle; each event with the component's id, version and bundle.
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
        eventually(() -> events.size() >= n, n + " events (" + type + "), got " + topics());
        Event e = events.get(n - 1);
        assertThat(e.getTopic()).as("event " + n + " of " + topics()).isEqualTo("dev/wharf/component/" + type);
        assertThat(e.getProperty("component.id")).isEqualTo(ID);
        assertThat(e.getProperty("bundle.id")).isEqualTo(bundle.getBundleId());
        assertThat(e.getProperty("bundle.symbolicName")).isEqualTo("test.events");
        assertThat(e.getProperty("timestamp")).isInstanceOf(Long.class);
        return e;
    }

    List<String> topics() {
        return events.stream().map(Event::getTopic).toList();
    }

    @Test
    void anEventHandlerHearsAComponentsLife() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "dev/wharf/component/*");
        props.put(EventConstants.EVENT_FILTER, "(component.id=" + ID + ")");
        handler = context.registerService(EventHandler.class, events::add, props);

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
}
