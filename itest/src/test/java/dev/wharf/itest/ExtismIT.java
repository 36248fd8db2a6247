package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.WasmComponent;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.spi.security.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Extism plugins built with Extism's PDKs (AssemblyScript, C) and in WAT, unmodified, as Wharf
 * components: the outputs are those Extism's own SDK gives for the same plugins (extism-peer's
 * KitchenPluginTest), config and vars, HTTP under http-allow, errors, traps, swaps, messages,
 * and hostile plugins that harm nothing but themselves.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ExtismIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    AuditLog auditLog;

    ComponentBundles bundles;
    final List<Configuration> configurations = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @AfterEach
    void tearDown() throws Exception {
        WharfTestSupport.delete(configurations);
    }

    @Test
    void anAssemblyScriptPluginAnswersAsOnExtismsOwnSdk() throws Exception {
        bundles.start("extism/kitchen.wasm;id=kitchen", "extism/kitchen");
        WasmComponent kitchen = component("kitchen");
        assertThat(runtime.component(ComponentId.of("kitchen")).flatMap(ComponentInfo::kind)).contains("extism");
        assertThat(kitchen.exports()).extracting(e -> e.name()).contains("greet", "count_vowels", "handle_message");

        assertThat(text(kitchen.call("greet", bytes("World")))).isEqualTo("Hello, World!");
        assertThat(text(kitchen.call("greet", bytes("Wörld ✓")))).isEqualTo("Hello, Wörld ✓!");
        assertThat(text(kitchen.call("count_vowels", bytes("Hello, World!"))))
                .isEqualTo("{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}");
        assertThat(text(await(kitchen.invoke("count_vowels", bytes("Hello, World!")))))
                .isEqualTo("{\"count\":3,\"total\":6,\"vowels\":\"aeiouAEIOU\"}");
        assertThat(text(kitchen.call("version", new byte[0]))).isEqualTo("1");

        assertThatThrownBy(() -> kitchen.call("fail", bytes("x"))).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("failed on purpose: x");
        assertThatThrownBy(() -> kitchen.call("config_get", bytes("nope"))).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("no config key 'nope'");
        assertThatThrownBy(() -> kitchen.call("greet", 1)).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("wasm:call");
    }

    @Test
    void configGetReadsTheComponentsConfigurationFreshOnEachCall() throws Exception {
        bundles.start("extism/kitchen.wasm;id=kitchen-cfg", "extism/kitchen");
        WasmComponent kitchen = component("kitchen-cfg");
        Configuration c = configure("kitchen-cfg", "config.vowels", "aeiouy");
        eventually(() -> succeeds(() -> text(kitchen.call("config_get", bytes("vowels"))).equals("aeiouy")), "the value configured");
        assertThat(text(kitchen.call("count_vowels", bytes("yay"))))
                .isEqualTo("{\"count\":3,\"total\":3,\"vowels\":\"aeiouy\"}");
        configurations.remove(c);
        c.delete();
        eventually(() -> !succeeds(() -> kitchen.call("config_get", bytes("vowels")).length > 0), "the value gone");
    }

    @Test
    void varsSurviveARestartAfterATrapAndASwapToTheNextVersion() throws Exception {
        Map<String, String> headers = Map.of("Wasm-Component", "kitchen.wasm;id=kitchen-vars", "Require-Capability",
                ComponentBundles.REQUIREMENT);
        Bundle b = context.installBundle("wharf-itest:test.extism-vars", ComponentBundles.stream(ComponentBundles.jar(
                "test.extism-vars", "1.0.1", headers, Map.of("kitchen.wasm", ComponentBundles.guest("extism/kitchen")))));
        b.start();
        WasmComponent kitchen = component("kitchen-vars");
        assertThat(text(kitchen.call("var_count", new byte[0]))).isEqualTo("1");
        assertThat(text(kitchen.call("var_count", new byte[0]))).isEqualTo("2");

        assertThatThrownBy(() -> kitchen.call("trap", new byte[0])).isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("trap");
        eventually(() -> succeeds(() -> text(kitchen.call("greet", bytes("again"))).equals("Hello, again!")), "restarted");
        assertThat(runtime.component(ComponentId.of("kitchen-vars")).orElseThrow().metadata().restartCount()).isEqualTo(1);
        assertThat(text(kitchen.call("var_count", new byte[0]))).as("the vars outlive the instance").isEqualTo("3");

        b.update(ComponentBundles.stream(ComponentBundles.jar("test.extism-vars", "1.0.2", headers,
                Map.of("kitchen.wasm", ComponentBundles.guest("extism/kitchen-v2")))));
        eventually(() -> succeeds(() -> text(kitchen.call("version", new byte[0])).equals("2")), "version 2 swapped in");
        assertThat(text(kitchen.call("var_count", new byte[0]))).as("handed to the new version").isEqualTo("4");
    }

    @Test
    void aMessageAndAnAskReachHandleMessageAndTheOutputIsTheReply() {
        bundles.start("extism/kitchen.wasm;id=kitchen-msg", "extism/kitchen");
        component("kitchen-msg");
        byte[] reply = await(dispatcher.ask(fromHost("kitchen-msg", Args.json("\"hi\"")), Duration.ofSeconds(10)));
        assertThat(Args.jsonText(reply)).isEqualTo("{\"plugin\":\"kitchen\",\"got\":\"hi\"}");
        assertThat(dispatcher.tell(fromHost("kitchen-msg", Args.json("{\"a\":1}"))).accepted()).isTrue();
    }

    @Test
    void aWharfComponentAsksAPluginUnderTheSamePolicy() throws Exception {
        // asker.wat relays each request to 'javasink' with wharf.ask and replies with the answer
        bundles.start("asker.wasm;id=asker;send-to=javasink", "asker");
        Bundle closed = bundles.start("extism/kitchen.wasm;id=javasink", "extism/kitchen");
        component("javasink");
        WharfException denied = WharfTestSupport.failure(dispatcher.ask(fromHost("asker", Args.json("{\"q\":1}")),
                Duration.ofSeconds(10)));
        assertThat(denied).as("the plugin receives from nobody but the host").isInstanceOfSatisfying(GuestErrorException.class,
                g -> assertThat(g.guestCode()).isEqualTo(ErrorCode.DENIED.code()));
        closed.uninstall();

        bundles.start("extism/kitchen.wasm;id=javasink;receive-from=asker", "extism/kitchen");
        eventually(() -> runtime.component(ComponentId.of("javasink")).filter(ComponentInfo::live).isPresent(), "redeployed");
        byte[] reply = await(dispatcher.ask(fromHost("asker", Args.json("{\"q\":1}")), Duration.ofSeconds(10)));
        assertThat(Args.jsonText(reply)).isEqualTo("{\"plugin\":\"kitchen\",\"got\":{\"q\":1}}");
    }

    @Test
    void httpReachesAnAllowedHostAndADeniedOneFailsTheCallAndIsAudited() throws Exception {
        try (LoopbackServer server = new LoopbackServer("hi there")) {
            bundles.start("extism/fetch.wasm;id=fetch;capabilities=http;http-allow=127.0.0.1;timeout-ms=5000", "extism/fetch");
            WasmComponent fetch = component("fetch");
            assertThat(text(fetch.call("http_get", bytes("http://127.0.0.1:" + server.port() + "/hello"))))
                    .isEqualTo("200 hi there");
            assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r).startsWith("GET /hello HTTP/1.1"));

            assertThatThrownBy(() -> fetch.call("http_get", bytes("http://localhost:" + server.port() + "/secret")))
                    .isInstanceOfSatisfying(DeliveryRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DENIED))
                    .hasMessageContaining("is not allowed");
            assertThat(server.requests()).as("nothing reached the network").hasSize(1);
            eventually(() -> auditLog.newest(50).stream().anyMatch(a -> !a.allowed()
                    && a.target().equals("wharf:http.request") && a.reason().contains("localhost:" + server.port())),
                    "the denial audited");

            bundles.start("extism/fetch.wasm;id=fetch-none", "extism/fetch");
            WasmComponent none = component("fetch-none");
            assertThatThrownBy(() -> none.call("http_get", bytes("http://127.0.0.1:" + server.port() + "/x")))
                    .as("no capability declared: denied").isInstanceOf(DeliveryRefusedException.class)
                    .hasMessageContaining("is not allowed");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aCPluginWrittenAgainstTheTeamsHeaderRuns() {
        bundles.start("extism/cplugin.wasm;id=cplugin", "extism/cplugin");
        WasmComponent c = component("cplugin");
        assertThat(text(c.call("greet", bytes("C")))).isEqualTo("Hello, C!");
        assertThat(text(c.call("reverse", bytes("abc")))).isEqualTo("cba");
        assertThatThrownBy(() -> c.call("fail", new byte[0])).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("c plugin failed");
    }

    @Test
    void hostilePluginsTrapOrFailThemselvesAndNothingElse() {
        bundles.start("extism/kitchen.wasm;id=bystander", "extism/kitchen");
        bundles.start("extism/hostile.wasm;id=hostile;timeout-ms=500;max-restarts=100", "extism/hostile");
        WasmComponent bystander = component("bystander");
        WasmComponent hostile = component("hostile");
        for (String f : List.of("load_outside", "store_outside", "output_outside", "output_too_big")) {
            assertThatThrownBy(() -> hostile.call(f, new byte[0])).as(f).isInstanceOf(GuestTrapException.class)
                    .hasMessageContaining("outside the plugin's kernel memory");
            eventually(() -> succeeds(() -> text(hostile.call("ok", new byte[0])).equals("ok")), "restarted after " + f);
        }
        assertThatThrownBy(() -> hostile.call("spin", new byte[0])).isInstanceOf(CallTimeoutException.class);
        assertThatThrownBy(() -> hostile.call("huge_var", new byte[0]))
                .isInstanceOfSatisfying(DeliveryRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("max-var-bytes");
        eventually(() -> succeeds(() -> text(hostile.call("ok", new byte[0])).equals("ok")), "it goes on");
        assertThat(text(bystander.call("greet", bytes("still here")))).isEqualTo("Hello, still here!");
    }

    @Test
    void aPluginImportingUserHostFunctionsIsRefusedNamingEach() {
        Bundle b = bundles.start("extism/user-import.wasm;id=user-import", "extism/user-import");
        eventually(() -> runtime.problems().stream().anyMatch(p -> p.bundleId() == b.getBundleId()), "the problem reported");
        assertThat(runtime.problems().stream().filter(p -> p.bundleId() == b.getBundleId()).findFirst().orElseThrow().message())
                .contains("extism:host/user.frobnicate").contains("extism:host/user.zap");
        assertThat(runtime.component(ComponentId.of("user-import")).filter(ComponentInfo::live)).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The WasmComponent service of {@code id}, once it is registered. */
    WasmComponent component(String id) {
        return WharfTestSupport.wasmComponent(context, id);
    }

    Configuration configure(String componentId, String key, String value) throws Exception {
        Configuration c = WharfTestSupport.configureComponent(cm, componentId, key, value);
        configurations.add(c);
        return c;
    }

    static boolean succeeds(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
