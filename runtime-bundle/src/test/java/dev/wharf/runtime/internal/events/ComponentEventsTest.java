package dev.wharf.runtime.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** State changes to topics and properties, posted to a fake EventAdmin. */
class ComponentEventsTest {

    /** Records what is posted; refuses a send, which the runtime must never use. */
    static final class FakeEventAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("sendEvent blocks the runtime's thread: " + event);
        }

        List<String> topics() {
            return posted.stream().map(Event::getTopic).toList();
        }

        Event last() {
            return posted.get(posted.size() - 1);
        }
    }

    final FakeEventAdmin admin = new FakeEventAdmin();
    final ComponentEvents events = new ComponentEvents(new EventAdminPoster(admin), () -> 1234L);
    final Object actor = new Object();
    // what the component shows now; the tests change it between the calls
    ComponentMetadata now = metadata(ComponentState.READY, null, HealthStatus.HEALTHY, List.of());

    static ComponentMetadata metadata(ComponentState state, String reason, HealthStatus health, List<RestartRecord> restarts) {
        ComponentSpec spec = new ComponentSpec(ComponentId.of("echo"), "echo.wasm", List.of(), List.of(),
                ComponentLimits.DEFAULTS, EnumSet.noneOf(ComponentAttribute.class), List.of(), Map.of());
        return new ComponentMetadata(spec, 7, "demo.bundle", "1.2.3", "00", List.of(), state, Instant.now(),
                Optional.ofNullable(reason), health, restarts.size(), Instant.EPOCH, restarts);
    }

    static String topic(ComponentEvents.Type type) {
        return "dev/wharf/component/" + type.name();
    }

    @Test
    void aDeployOfAReadyComponentIsDeployedThenReadyWithItsIdVersionAndBundle() {
        events.deployed(actor, () -> now);
        assertThat(admin.topics()).containsExactly(topic(ComponentEvents.Type.DEPLOYED), topic(ComponentEvents.Type.READY));
        Event e = admin.posted.get(0);
        assertThat(e.getProperty("component.id")).isEqualTo("echo");
        assertThat(e.getProperty("component.version")).isEqualTo("1.2.3");
        assertThat(e.getProperty("component.state")).isEqualTo("READY");
        assertThat(e.getProperty("bundle.symbolicName")).isEqualTo("demo.bundle");
        assertThat(e.getProperty("bundle.id")).isEqualTo(7L);
        assertThat(e.getProperty("bundle.version")).isEqualTo(new Version(1, 2, 3));
        assertThat(e.getProperty("timestamp")).isEqualTo(1234L);
        assertThat(e.containsProperty("reason")).isFalse();
    }

    @Test
    void changesBeforeTheDeployAreNotToldAndAWaitingComponentIsReadyWhenItStarts() {
        events.changed(actor, () -> now);
        assertThat(admin.posted).isEmpty();
        now = metadata(ComponentState.STARTING, "waiting for capability kv", new HealthStatus.Degraded("waiting"), List.of());
        events.deployed(actor, () -> now);
        assertThat(admin.topics()).containsExactly(topic(ComponentEvents.Type.DEPLOYED));
        assertThat(admin.last().getProperty("reason")).isEqualTo("waiting for capability kv");
        now = metadata(ComponentState.READY, null, HealthStatus.HEALTHY, List.of());
        events.changed(actor, () -> now);
        assertThat(admin.last().getTopic()).isEqualTo(topic(ComponentEvents.Type.READY));
    }

    @Test
    void aTrapAndItsRestartAreRestartedWithTheReasonAndDetailThenReady() {
        events.deployed(actor, () -> now);
        admin.posted.clear();
        now = metadata(ComponentState.STARTING, "restarting in 100 ms after trap: unreachable", HealthStatus.HEALTHY, List.of());
        events.changed(actor, () -> now);
        assertThat(admin.posted).isEmpty();
        now = metadata(ComponentState.READY, null, HealthStatus.HEALTHY,
                List.of(new RestartRecord(Instant.now(), RestartRecord.Reason.TRAP, "unreachable")));
        events.changed(actor, () -> now);
        assertThat(admin.topics()).containsExactly(topic(ComponentEvents.Type.RESTARTED), topic(ComponentEvents.Type.READY));
        Event e = admin.posted.get(0);
        assertThat(e.getProperty("restart.reason")).isEqualTo("TRAP");
        assertThat(e.getProperty("restart.detail")).isEqualTo("unreachable");
        assertThat(e.getProperty("restart.count")).isEqualTo(1);
        assertThat(e.getProperty("reason")).isEqualTo("unreachable");
    }

    @Test
    void aComponentThatGivesUpIsFailedWithItsReason() {
        events.deployed(actor, () -> now);
        now = metadata(ComponentState.FAILED, "restarted 5 times within 60000 ms, then failed again: trap",
                new HealthStatus.Unhealthy("failed"), List.of());
        events.changed(actor, () -> now);
        assertThat(admin.last().getTopic()).isEqualTo(topic(ComponentEvents.Type.FAILED));
        assertThat(admin.last().getProperty("reason")).isEqualTo("restarted 5 times within 60000 ms, then failed again: trap");
        assertThat(admin.last().getProperty("component.state")).isEqualTo("FAILED");
    }

    @Test
    void unhealthyIsToldOnceUntilTheComponentIsHealthyAgain() {
        events.deployed(actor, () -> now);
        admin.posted.clear();
        now = metadata(ComponentState.READY, null, new HealthStatus.Unhealthy("_health returned 2"), List.of());
        events.changed(actor, () -> now);
        events.changed(actor, () -> now);
        assertThat(admin.topics()).containsExactly(topic(ComponentEvents.Type.UNHEALTHY));
        assertThat(admin.last().getProperty("health.reason")).isEqualTo("_health returned 2");
        now = metadata(ComponentState.READY, null, new HealthStatus.Degraded("slow"), List.of());
        events.changed(actor, () -> now);
        now = metadata(ComponentState.READY, null, new HealthStatus.Unhealthy("_health trapped"), List.of());
        events.changed(actor, () -> now);
        assertThat(admin.topics()).hasSize(2);
        assertThat(admin.last().getProperty("health.reason")).isEqualTo("_health trapped");
    }

    @Test
    void aChangeThatIsNoTransitionPostsNothing() {
        events.deployed(actor, () -> now);
        admin.posted.clear();
        now = metadata(ComponentState.READY, "updated 1.2.2 -> 1.2.3", HealthStatus.HEALTHY, List.of());
        events.changed(actor, () -> now);
        now = metadata(ComponentState.STOPPING, null, new HealthStatus.Degraded("stopping"), List.of());
        events.changed(actor, () -> now);
        assertThat(admin.posted).isEmpty();
    }

    @Test
    void withoutEventAdminNothingIsPostedAndNothingFails() {
        ComponentEvents none = new ComponentEvents();
        none.deployed(actor, () -> now);
        now = metadata(ComponentState.FAILED, "gone", new HealthStatus.Unhealthy("gone"), List.of());
        none.changed(actor, () -> now);
        assertThat(admin.posted).isEmpty();
    }

    @Test
    void anEventAdminThatThrowsIsLoggedAndTheRuntimeGoesOn() {
        List<String> tried = new ArrayList<>();
        ComponentEvents failing = new ComponentEvents((topic, p) -> {
            tried.add(topic);
            throw new IllegalStateException("EventAdmin is stopping");
        }, () -> 0L);
        failing.deployed(actor, () -> now);
        assertThat(tried).containsExactly(topic(ComponentEvents.Type.DEPLOYED), topic(ComponentEvents.Type.READY));
    }

    @Test
    void eachTopicIsUpperCaseUnderTheWharfPrefix() {
        assertThat(ComponentEvents.Type.UPDATE_REFUSED.topic()).isEqualTo("dev/wharf/component/UPDATE_REFUSED");
        for (ComponentEvents.Type t : ComponentEvents.Type.values()) {
            new Event(t.topic(), Map.of()); // a valid topic, or the constructor throws
        }
    }
}
