package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.ValueType;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityFunction;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Host capabilities from real guests: the built-in kv and config of the capabilities bundle, and
 * a capability this test provides itself, which comes, goes and is replaced while guests call it.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CapabilityIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    @InjectService(timeout = 10_000)
    AuditLog auditLog;

    ComponentBundles bundles;
    final List<Configuration> configurations = new ArrayList<>();
    final List<ServiceRegistration<?>> providers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @AfterEach
    void tearDown() throws Exception {
        WharfTestSupport.delete(configurations);
        for (ServiceRegistration<?> r : providers) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // unregistered by the test
            }
        }
    }

    int call(String id, String function, Object... args) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append(args[i]);
        }
        return ((Number) invoke(dispatcher, id, function, Args.json(json.append(']').toString())).values().get(0)).intValue();
    }

    Configuration configure(String componentId, String... keyValues) throws Exception {
        Configuration c = WharfTestSupport.configureComponent(cm, componentId, keyValues);
        configurations.add(c);
        return c;
    }

    /** Registers a provider of 'testcap' whose twice(x) answers x * factor. */
    ServiceRegistration<Capability> provide(int factor) {
        Capability c = () -> List.of(new CapabilityFunction("twice", List.of(ValueType.I32), ValueType.I32,
                (call, args) -> (int) args[0] * factor));
        ServiceRegistration<Capability> r = context.registerService(Capability.class, c,
                new Hashtable<>(Map.of(Capability.NAME, "testcap")));
        providers.add(r);
        return r;
    }

    ComponentState state(String id) {
        return runtime.component(ComponentId.of(id)).orElseThrow().metadata().state();
    }

    @Test
    void kvKeepsAComponentsKeysAcrossRestartsAndSwapsWithinItsQuota() throws Exception {
        Bundle b = bundles.start("kv.wasm;id=kv-a;capabilities=kv;kv-max-bytes=1000", "kv");
        bundles.start("kv.wasm;id=kv-b;capabilities=kv", "kv");
        assertThat(call("kv-a", "count")).isZero();
        assertThat(call("kv-a", "incr")).isEqualTo(1);
        assertThat(call("kv-a", "incr")).isEqualTo(2);
        assertThat(call("kv-a", "incr")).isEqualTo(3);
        assertThat(call("kv-b", "count")).as("another component sees only its own keys").isZero();
        assertThat(call("kv-a", "keys")).isEqualTo(1);

        // the quota counts key + value bytes: "count" (5 + 4) and "big" (3 + n)
        assertThat(call("kv-a", "fill", 988)).as("exactly the quota").isZero();
        assertThat(call("kv-a", "fill", 989)).isEqualTo(-ErrorCode.QUOTA_EXCEEDED.code());
        assertThat(call("kv-a", "keys")).isEqualTo(2);

        // bad pointers are a negative result, never a trap
        assertThat(call("kv-a", "bad_key")).isEqualTo(-7);
        assertThat(call("kv-a", "bad_out")).isEqualTo(-7);
        assertThat(state("kv-a")).isEqualTo(ComponentState.READY);
        assertThat(runtime.component(ComponentId.of("kv-a")).orElseThrow().metadata().restartCount()).isZero();

        runtime.restart(ComponentId.of("kv-a"));
        eventually(() -> runtime.component(ComponentId.of("kv-a")).orElseThrow().metadata().restartCount() == 1
                && state("kv-a") == ComponentState.READY, "restarted");
        assertThat(call("kv-a", "count")).as("a restart keeps the store").isEqualTo(3);

        b.update(ComponentBundles.stream(ComponentBundles.jar(b.getSymbolicName(), "2.0.0",
                "kv.wasm;id=kv-a;capabilities=kv;kv-max-bytes=1000", Map.of("kv.wasm", ComponentBundles.guest("kv")))));
        eventually(() -> "2.0.0".equals(runtime.component(ComponentId.of("kv-a")).orElseThrow().metadata().bundleVersion()),
                "swapped to 2.0.0");
        assertThat(call("kv-a", "incr")).as("a swap keeps the store").isEqualTo(4);

        String shown = new Shell(processor).run("wasm:kv kv-a");
        assertThat(shown).contains("count\t0x04000000").contains("2 entries");
        System.out.println("CapabilityIT: wasm:kv kv-a ->\n" + shown);
    }

    @Test
    void anImportOfAnUndeclaredCapabilityIsADeployErrorNamingIt() {
        Bundle b = bundles.start("kv.wasm;id=kv-undeclared", "kv");
        DeploymentProblem p = runtime.problems().stream().filter(x -> x.bundleId() == b.getBundleId()).findFirst()
                .orElseThrow();
        assertThat(p.message()).contains("imports 'wharf:kv.get'").contains("does not declare capability 'kv'");
        assertThat(runtime.component(ComponentId.of("kv-undeclared"))).isEmpty();

        Bundle bad = bundles.start("kv.wasm;id=kv-badallow;capabilities=kv,http;http-allow=\"exa mple.com\"", "kv");
        assertThat(runtime.problems().stream().filter(x -> x.bundleId() == bad.getBundleId()).findFirst().orElseThrow()
                .message()).contains("http-allow").contains("exa mple.com");
    }

    @Test
    void aComponentWaitsForItsProviderAndFollowsItWhenItGoesAndIsReplaced() {
        bundles.start("cap-echo.wasm;id=echo-wait;capabilities=testcap", "cap-echo");
        assertThat(state("echo-wait")).isEqualTo(ComponentState.STARTING);
        assertThat(new Shell(processor).run("wasm:list")).contains("Starting:")
                .contains("echo-wait: waiting for capability 'testcap'");

        ServiceRegistration<Capability> first = provide(2);
        eventually(() -> state("echo-wait") == ComponentState.READY, "started once the provider came");
        assertThat(call("echo-wait", "twice", 21)).isEqualTo(42);

        first.unregister();
        assertThat(call("echo-wait", "twice", 21)).as("no provider").isEqualTo(-ErrorCode.CAPABILITY_UNAVAILABLE.code());
        assertThat(state("echo-wait")).isEqualTo(ComponentState.READY);

        provide(3);
        assertThat(call("echo-wait", "twice", 21)).as("the new provider, without a restart").isEqualTo(63);
        assertThat(runtime.component(ComponentId.of("echo-wait")).orElseThrow().metadata().restartCount()).isZero();
    }

    @Test
    void providersStoppedAndStartedUnderLoadLoseNoCall() throws Exception {
        bundles.start("cap-echo.wasm;id=echo-load;capabilities=testcap;mailbox=100000", "cap-echo");
        ServiceRegistration<Capability> current = provide(2);
        eventually(() -> state("echo-load") == ComponentState.READY, "ready");
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> results = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread s = new Thread(() -> {
                while (running.get()) {
                    try {
                        int r = call("echo-load", "twice", 5);
                        results.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                    } catch (AssertionError | RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "capability-load-" + t);
            s.start();
            senders.add(s);
        }
        for (int i = 0; i < 20; i++) {
            Thread.onSpinWait();
            current.unregister();
            current = provide(i % 2 == 0 ? 3 : 2);
        }
        running.set(false);
        for (Thread s : senders) {
            s.join(10_000);
        }
        int total = results.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("CapabilityIT: under load, 20 provider changes: " + total + " calls, results " + results);
        assertThat(failures.get()).as("every call completed").isZero();
        assertThat(results.keySet()).isSubsetOf(10, 15, -ErrorCode.CAPABILITY_UNAVAILABLE.code());
        assertThat(total).isPositive();
        assertThat(state("echo-load")).isEqualTo(ComponentState.READY);
    }

    @Test
    void aProviderThatThrowsAnswersANegativeResultAndTheComponentGoesOn() {
        ServiceRegistration<Capability> r = context.registerService(Capability.class,
                () -> List.of(CapabilityFunction.i32("twice", 1, (call, args) -> {
                    throw new IllegalStateException("provider bug");
                })), new Hashtable<>(Map.of(Capability.NAME, "testcap")));
        providers.add(r);
        bundles.start("cap-echo.wasm;id=echo-throw;capabilities=testcap", "cap-echo");
        assertThat(call("echo-throw", "twice", 1)).isEqualTo(-ErrorCode.CAPABILITY_FAILED.code());
        assertThat(call("echo-throw", "twice", 1)).isEqualTo(-ErrorCode.CAPABILITY_FAILED.code());
        assertThat(state("echo-throw")).isEqualTo(ComponentState.READY);
    }

    @Test
    void thePolicyDecidesEveryCallAndAuditsTheDenial() throws Exception {
        provide(2);
        bundles.start("cap-echo.wasm;id=echo-policy;capabilities=testcap", "cap-echo");
        assertThat(call("echo-policy", "twice", 4)).isEqualTo(8);
        // the operator takes the capability away: the next call is denied, without a redeploy
        Configuration c = configure("echo-policy", "capabilities", "kv");
        eventually(() -> call("echo-policy", "twice", 4) == -ErrorCode.DENIED.code(), "denied after the override");
        eventually(() -> auditLog.newest(50).stream().anyMatch(a -> !a.allowed()
                && a.target().equals("wharf:testcap.twice") && a.sender().equals(ComponentId.of("echo-policy"))),
                "the denial audited");
        AuditRecord denial = auditLog.newest(50).stream().filter(a -> a.target().equals("wharf:testcap.twice"))
                .reduce((x, y) -> y).orElseThrow();
        assertThat(denial.reason()).contains("does not declare capability 'testcap'");
        configurations.remove(c);
        c.delete();
        eventually(() -> call("echo-policy", "twice", 4) == 8, "allowed again");
    }

    @Test
    void configValuesComeFromTheComponentsConfigurationAndChangesShowAtTheNextCall() throws Exception {
        bundles.start("config.wasm;id=greeter-cfg;capabilities=config", "config");
        assertThat(call("greeter-cfg", "greeting_len")).isEqualTo(-ErrorCode.NOT_FOUND.code());
        Configuration c = configure("greeter-cfg", "config.greeting", "\"hello\"");
        eventually(() -> call("greeter-cfg", "greeting_len") == 7, "the value configured");
        byte[] reply = await(dispatcher.ask(fromHost("greeter-cfg", Args.json("{}")), Duration.ofSeconds(5)));
        assertThat(Args.jsonText(reply)).isEqualTo("\"hello\"");
        WharfTestSupport.updateComponent(c, "greeter-cfg", "config.greeting", "\"good evening\"");
        eventually(() -> call("greeter-cfg", "greeting_len") == 14, "the changed value");
        reply = await(dispatcher.ask(fromHost("greeter-cfg", Args.json("{}")), Duration.ofSeconds(5)));
        assertThat(Args.jsonText(reply)).isEqualTo("\"good evening\"");
    }

    @Test
    void httpReachesAnAllowedLoopbackServerAndADeniedHostIsRefusedAndAudited() throws Exception {
        try (LoopbackServer server = new LoopbackServer("hi there")) {
            bundles.start("http.wasm;id=fetcher;capabilities=http;http-allow=127.0.0.1;timeout-ms=5000", "http");
            byte[] reply = await(dispatcher.ask(fromHost("fetcher", Args.json("\"http://127.0.0.1:" + server.port() + "/hello\"")),
                    Duration.ofSeconds(10)));
            assertThat(Args.jsonText(reply)).isEqualTo("[200,\"hi there\"]");
            assertThat(server.requests()).singleElement().satisfies(r -> {
                assertThat(r).startsWith("GET /hello HTTP/1.1");
                assertThat(r.toLowerCase(java.util.Locale.ROOT)).contains("x-wharf-test: yes");
            });

            WharfException denied = failure(dispatcher.ask(fromHost("fetcher", Args.json("\"http://localhost:" + server.port() + "/secret\"")),
                    Duration.ofSeconds(10)));
            assertThat(denied).isInstanceOfSatisfying(GuestErrorException.class,
                    g -> assertThat(g.guestCode()).as("handle-message returned the negated -2").isEqualTo(2));
            assertThat(server.requests()).as("nothing reached the network").hasSize(1);
            eventually(() -> auditLog.newest(50).stream().anyMatch(a -> !a.allowed()
                    && a.target().equals("wharf:http.request") && a.reason().contains("localhost")), "the denial audited");
        }
    }
}
