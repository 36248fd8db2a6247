package dev.wharf.runtime.internal.deploy;

import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.events.ComponentEvents;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deployer tells {@link ComponentEvents} of deploys, restarts, updates, refused updates and undeploys. */
class DeployerEventsTest {

    record Posted(String topic, Map<String, Object> properties) {
        String type() {
            return topic.substring(ComponentEvents.TOPIC_PREFIX.length());
        }
    }

    final TestDeployer t = new TestDeployer();
    final List<Posted> posted = new CopyOnWriteArrayList<>();
    final Map<String, FakeModule> modules = new ConcurrentHashMap<>();
    final Deployer deployer = new Deployer(null, t.system, new WasmEngine(false, 30_000), (bytes, pages, origin) -> {
        FakeModule m = modules.get(new String(bytes, StandardCharsets.UTF_8));
        if (m == null) {
            throw new InvalidComponentException(origin + " is not a module");
        }
        return m;
    }, t.router, t.gate, t.publisher, t.watchdog, t.capabilities, a -> { },
            new ComponentEvents((topic, p) -> posted.add(new Posted(topic, p)), System::currentTimeMillis));

    @AfterEach
    void close() {
        deployer.deactivate();
        t.close();
    }

    byte[] module(String name) {
        modules.put(name, new FakeModule(name));
        return name.getBytes(StandardCharsets.UTF_8);
    }

    List<String> types() {
        return posted.stream().map(Posted::type).toList();
    }

    Posted last() {
        return posted.get(posted.size() - 1);
    }

    @Test
    void aComponentsLifeIsToldInOrder() throws InterruptedException {
        Origin v1 = new Origin(3, "demo", "1.0.0");
        Origin v2 = new Origin(3, "demo", "2.0.0");
        ComponentActor a = deployer.deploy(TestDeployer.spec("c"), Map.of("id", "c"), module("m1"), v1);
        assertThat(types()).containsExactly("DEPLOYED", "READY");
        assertThat(posted.get(0).properties()).containsEntry("component.id", "c").containsEntry("component.version", "1.0.0")
                .containsEntry("bundle.id", 3L).containsEntry("bundle.symbolicName", "demo").containsKey("timestamp");

        a.requestRestart(RestartRecord.Reason.OPERATOR, "asked by a test");
        assertThat(eventually(() -> types().size() == 4)).isTrue();
        assertThat(types()).endsWith("RESTARTED", "READY");
        assertThat(posted.get(2).properties()).containsEntry("restart.reason", "OPERATOR")
                .containsEntry("restart.detail", "asked by a test").containsEntry("restart.count", 1);

        deployer.swap(a, TestDeployer.spec("c"), Map.of("id", "c"), module("m2"), v2);
        assertThat(last().type()).isEqualTo("SWAPPED");
        assertThat(last().properties()).containsEntry("component.version", "2.0.0")
                .containsEntry("previous.version", "1.0.0").containsEntry("reason", "updated 1.0.0 -> 2.0.0");

        deployer.updateRefused(a, new Origin(3, "demo", "3.0.0"), "update to 3.0.0 refused, version 2.0.0 goes on: traps");
        assertThat(last().type()).isEqualTo("UPDATE_REFUSED");
        assertThat(last().properties()).containsEntry("component.version", "2.0.0").containsEntry("update.version", "3.0.0")
                .containsEntry("reason", "update to 3.0.0 refused, version 2.0.0 goes on: traps");

        deployer.undeploy(a);
        assertThat(types()).containsExactly("DEPLOYED", "READY", "RESTARTED", "READY", "SWAPPED", "UPDATE_REFUSED",
                "UNDEPLOYED");
        assertThat(last().properties()).containsEntry("component.state", "STOPPED");
    }
}
