package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.spi.security.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Actor components (wharf:actor) in component bundles, in Felix and in Equinox: wat-actor (built
 * from WAT by module wasm-components, world stateful-actor) asked by a core module of Wharf's own
 * ABI and asking one back, held to the security policy with itself as the sender (denials
 * refused and audited), and swapped by bundle updates under a stream of asks with its count
 * handed over and no message lost; js-actor (JavaScript) taking messages, giving its own health
 * verdict to wasm:health and handing its state to its next version.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ActorComponentIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    AuditLog auditLog;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    ComponentBundles bundles;
    final List<Bundle> installed = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bundles = new ComponentBundles(context);
        Configuration c = cm.getConfiguration("dev.wharf.security", "?");
        c.update(WharfTestSupport.properties("mode", "strict"));
        configurations.add(c);
    }

    @AfterEach
    void tearDown() throws Exception {
        WharfTestSupport.uninstall(installed);
        WharfTestSupport.delete(configurations);
    }

    Bundle start(String header, Map<String, byte[]> entries) {
        Bundle b = bundles.start(header, entries);
        installed.add(b);
        return b;
    }

    /**
     * One bundle of three: the core relay cm-relay (sending to the actor), the actor component
     * cm-actor with {@code actorAttributes} (who it receives from, sends to) and the core mailbox
     * cm-echo-core (receiving from the actor); back once all three are registered.
     */
    void startRelayActorAndMailbox(String actorAttributes) {
        start("actor-relay.wasm;id=cm-relay;send-to=cm-actor, "
                + "components/wat-actor.wasm;id=cm-actor;" + actorAttributes + ", "
                + "mailbox.wasm;id=cm-echo-core;receive-from=cm-actor",
                Map.of("actor-relay.wasm", ComponentBundles.guest("actor-relay"),
                        "components/wat-actor.wasm", ComponentBundles.guest("components/wat-actor"),
                        "mailbox.wasm", ComponentBundles.guest("mailbox")));
        WharfTestSupport.wasmComponent(context, "cm-actor");
        WharfTestSupport.wasmComponent(context, "cm-echo-core");
        WharfTestSupport.wasmComponent(context, "cm-relay");
    }

    String ask(String to, String json) {
        return Args.jsonText(await(dispatcher.ask(fromHost(to, Args.json(json)), WAIT)));
    }

    @Test
    void aCoreModuleAsksAnActorComponentWhichAsksACoreModuleBack() {
        startRelayActorAndMailbox("receive-from=cm-relay;send-to=cm-echo-core");
        // host -> core relay -> actor component: it counts and replies
        assertThat(ask("cm-relay", "\"c\"")).isEqualTo("1");
        assertThat(ask("cm-relay", "\"c\"")).isEqualTo("2");
        // host -> core relay -> actor component -> core mailbox (echoes) -> back along the same way
        assertThat(ask("cm-relay", "\"acm-echo-core\"")).isEqualTo("\"e-back\"");
        // the host reaches the actor directly too
        assertThat(ask("cm-actor", "\"g\"")).isEqualTo("2");
        ComponentInfo info = runtime.component(ComponentId.of("cm-actor")).orElseThrow();
        assertThat(info.kind()).contains("component");
        // its own error: the asker gets GUEST_ERROR with its text, through the relay as its code
        WharfException own = WharfTestSupport.failure(dispatcher.ask(fromHost("cm-actor", Args.json("\"f\"")), WAIT));
        assertThat(own).isInstanceOf(GuestErrorException.class).hasMessageContaining("asked to fail");
        WharfException relayed = WharfTestSupport.failure(dispatcher.ask(fromHost("cm-relay", Args.json("\"f\"")), WAIT));
        assertThat(relayed.code()).isEqualTo(ErrorCode.GUEST_ERROR);
        assertThat(ask("cm-relay", "\"g\"")).as("it goes on").isEqualTo("2");
    }

    @Test
    void itsMessagesAreHeldToThePolicyWithItselfAsSenderAndDenialsAreAudited() {
        startRelayActorAndMailbox("receive-from=cm-nobody");
        // the actor may not send to the mailbox (no send-to): its ask and its send are refused as denied (case 1)
        assertThat(ask("cm-actor", "\"acm-echo-core\"")).isEqualTo("{\"refused\":1}");
        assertThat(ask("cm-actor", "\"scm-echo-core\"")).isEqualTo("{\"refused\":1}");
        eventually(() -> auditLog.newest(200).stream().filter(a -> !a.allowed() && a.target().equals("cm-echo-core")
                && a.sender().equals(ComponentId.of("cm-actor")) && a.reason().contains("cm-echo-core")).count() >= 2,
                "the actor's two denials audited with the actor as the sender");
        // the relay may send to the actor, but the actor does not receive from it: the relay's ask is denied
        WharfException denied = WharfTestSupport.failure(dispatcher.ask(fromHost("cm-relay", Args.json("\"c\"")), WAIT));
        assertThat(denied).isInstanceOfSatisfying(GuestErrorException.class,
                e -> assertThat(e.guestCode()).isEqualTo(ErrorCode.DENIED.code()));
        eventually(() -> auditLog.newest(200).stream().anyMatch(a -> !a.allowed() && a.target().equals("cm-actor")
                && a.sender().equals(ComponentId.of("cm-relay")) && a.reason().contains("does not receive from 'cm-relay'")),
                "the relay's denial audited");
        // a core module it does not receive from is refused at once
        Delivery d = dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.of("cm-echo-core"),
                ComponentId.of("cm-actor"), Args.json("\"c\"")));
        assertThat(d).isInstanceOfSatisfying(Delivery.Refused.class,
                r -> assertThat(r.error().code()).isEqualTo(ErrorCode.DENIED));
        assertThat(ask("cm-actor", "\"g\"")).as("nothing denied was counted").isEqualTo("0");
    }

    @Test
    void aSwapUnderLoadCarriesItsCountAndLosesNoMessage() throws Exception {
        String header = "components/wat-actor.wasm;id=cm-count;rate-limit=1000000";
        byte[] actor = ComponentBundles.guest("components/wat-actor");
        Bundle b = context.installBundle("wharf-itest:test.cm-count", ComponentBundles.stream(jar(header, "1.0.0", actor)));
        installed.add(b);
        b.start();
        WharfTestSupport.wasmComponent(context, "cm-count");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            loops.add(senders.submit(() -> {
                long last = 0;
                while (running.get()) {
                    // each ask counts one and answers the count: it only grows, across every swap
                    try {
                        long count = Long.parseLong(ask("cm-count", "\"c\""));
                        if (count <= last) {
                            failures.add(new AssertionError("count " + count + " after " + last));
                        }
                        last = count;
                        answered.incrementAndGet();
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                    }
                }
            }));
        }
        try {
            for (int i = 1; i <= 5; i++) {
                long before = answered.get();
                String version = "1.0." + i;
                b.update(ComponentBundles.stream(jar(header, version, actor)));
                eventually(() -> version.equals(runtime.component(ComponentId.of("cm-count")).orElseThrow()
                        .metadata().bundleVersion()), "version " + version + " in place");
                eventually(() -> answered.get() > before + 50 || !failures.isEmpty(), "asks answered after update " + i);
                assertThat(failures).as("asks that failed during the updates").isEmpty();
            }
        } finally {
            running.set(false);
            for (Future<?> f : loops) {
                f.get(30, TimeUnit.SECONDS);
            }
            senders.shutdownNow();
        }
        // every ask answered was counted once, by one instance or the next
        assertThat(Long.parseLong(ask("cm-count", "\"g\""))).isEqualTo(answered.get());
        ComponentInfo info = runtime.component(ComponentId.of("cm-count")).orElseThrow();
        assertThat(info.metadata().restartCount()).isZero();
        System.out.println("ActorComponentIT: " + answered.get() + " asks counted across 5 swaps");
    }

    @Test
    void aJavaScriptActorTakesMessagesChecksItsOwnHealthAndKeepsItsStateAcrossAnUpdate() throws Exception {
        // js-actor (QuickJS): its messages, its replies through its imports, its health and its state
        String header = "components/js-actor.wasm;id=cm-js;memory-max-pages=256;timeout-ms=5000";
        byte[] js = ComponentBundles.guest("components/js-actor");
        Bundle b = context.installBundle("wharf-itest:test.cm-js", ComponentBundles.stream(ComponentBundles.jar(
                "test.cm-js", "1.0.0", Map.of("Wasm-Component", header, "Require-Capability", ComponentBundles.REQUIREMENT),
                Map.of("components/js-actor.wasm", js))));
        installed.add(b);
        b.start();
        WharfTestSupport.wasmComponent(context, "cm-js");
        Shell shell = new Shell(processor);
        assertThat(shell.run("wasm:info cm-js")).contains("export wharf:actor/handler@1.0.0: interface {")
                .contains("import wharf:actor/messaging@1.0.0: interface {");
        for (int i = 0; i < 3; i++) {
            assertThat(dispatcher.tell(fromHost("cm-js", Args.json("{\"op\":\"count\"}"))).accepted()).isTrue();
        }
        assertThat(new String(dispatcher.askAndWait(fromHost("cm-js", Args.json("{\"op\":\"get\"}")), WAIT),
                StandardCharsets.UTF_8)).contains("\"count\":3,\"from\":\"host\"");
        // an ask it handles without a reply, and its own error
        assertThat(WharfTestSupport.failure(dispatcher.ask(fromHost("cm-js", Args.json("{\"op\":\"silent\"}")), WAIT))
                .code()).isEqualTo(ErrorCode.NO_REPLY);
        assertThat(WharfTestSupport.failure(dispatcher.ask(fromHost("cm-js", Args.json("{\"op\":\"fail\"}")), WAIT)))
                .isInstanceOf(GuestErrorException.class).hasMessageContaining("asked to fail");
        assertThat(healthRow(shell, "cm-js")).contains("healthy");
        // sick only until its verdict is seen once: failure-threshold unhealthy checks in a row would restart it
        dispatcher.tell(fromHost("cm-js", Args.json("{\"op\":\"sick\"}")));
        eventually(() -> healthRow(shell, "cm-js").contains("told to be sick"), "its own verdict: unhealthy");
        dispatcher.askAndWait(fromHost("cm-js", Args.json("{\"op\":\"well\"}")), WAIT);
        // the update hands {"v":1,"count":3} over: restore-state takes only that layout (anything else refuses
        // the update, and 1.0.1 would not be in place); the sick flag is not state
        b.update(ComponentBundles.stream(ComponentBundles.jar("test.cm-js", "1.0.1", Map.of("Wasm-Component", header,
                "Require-Capability", ComponentBundles.REQUIREMENT), Map.of("components/js-actor.wasm", js))));
        eventually(() -> "1.0.1".equals(runtime.component(ComponentId.of("cm-js")).orElseThrow().metadata().bundleVersion()),
                "1.0.1 in place");
        assertThat(new String(dispatcher.askAndWait(fromHost("cm-js", Args.json("{\"op\":\"get\"}")), WAIT),
                StandardCharsets.UTF_8)).as("the count handed over").contains("\"count\":3");
        assertThat(healthRow(shell, "cm-js")).contains("healthy");
    }

    private static String healthRow(Shell shell, String id) {
        return shell.run("wasm:health " + id).lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse("");
    }

    private static byte[] jar(String header, String version, byte[] module) {
        String path = header.substring(0, header.indexOf(';'));
        return ComponentBundles.jar("test.cm-count", version, Map.of("Wasm-Component", header, "Require-Capability",
                ComponentBundles.REQUIREMENT), Map.of(path, module));
    }
}
