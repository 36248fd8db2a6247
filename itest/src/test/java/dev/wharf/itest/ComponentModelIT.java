package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WitCase;
import dev.wharf.api.WitResource;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.Codec;
import dev.wharf.api.WasmComponent;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.SecurityPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
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
 * WebAssembly components (Component Model binaries built from WAT and C by the wasm-components
 * module, unpacked under guests/components/) in component bundles, in Felix and in Equinox:
 * called from the shell and from Java with values in WAVE, their stdout in the guest log, their
 * errors named, a component with an import Wharf does not provide refused at deploy, swapped
 * under calls, under the security policy, and restarted by their supervisor after a trap.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ComponentModelIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    AuditLog auditLog;

    ComponentBundles bundles;
    Shell shell;
    final List<Bundle> installed = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
        shell = new Shell(processor);
    }

    @AfterEach
    void tearDown() throws Exception {
        WharfTestSupport.delete(configurations);
        WharfTestSupport.uninstall(installed);
    }

    // ---- the shell ------------------------------------------------------------------------------

    @Test
    void aComponentBundleIsActiveListedAsAComponentAndEchoesThroughTheShell() {
        Bundle b = start("components/echo.wasm;id=cm-echo", "components/echo");
        assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
        component("cm-echo");
        ComponentInfo info = runtime.component(ComponentId.of("cm-echo")).orElseThrow();
        assertThat(info.kind()).contains("component");
        assertThat(info.metadata().state()).isEqualTo(ComponentState.READY);

        Optional<String> row = shell.run("wasm:list").lines().filter(l -> l.startsWith("cm-echo ")).findFirst();
        assertThat(row).get().asString().contains("READY").contains(Long.toString(b.getBundleId())).endsWith("component");
        assertThat(shell.run("wasm:info cm-echo")).contains("kind:        component")
                .contains("sha256:" + sha256(ComponentBundles.guest("components/echo")))
                .contains("  export echo: func(s: string) -> string;");

        assertThat(shell.run("wasm:invoke cm-echo echo '\"hi\"'")).isEqualTo("\"hi\"\n");
        // escapes and characters beyond ASCII and the BMP, through the guest's memory and back
        assertThat(shell.run("wasm:invoke cm-echo echo '\"tab\\there \\\"quoted\\\" gr\u00fc\u00dfe \\u{1F980}\"'"))
                .isEqualTo("\"tab\\there \\\"quoted\\\" gr\u00fc\u00dfe \uD83E\uDD80\"\n");
        assertThat(shell.run("wasm:invoke cm-echo echo '\"\"'")).isEqualTo("\"\"\n");
    }

    @Test
    void interfaceAndWorldFunctionsTakeAndGiveEveryKindOfValueInWave() {
        start("components/values.wasm;id=cm-values", "components/values");
        component("cm-values");
        Map<String, String> identities = new java.util.LinkedHashMap<>();
        identities.put("id-point", "{x: 1.5, y: -2}");
        identities.put("id-option", "some(7)");
        identities.put("id-result", "ok(42)");
        identities.put("id-shape", "circle(2.5)");
        identities.put("id-color", "blue");
        identities.put("id-perms", "{read, exec}");
        identities.put("id-strings", "[\"a\", \"b c\", \"\"]");
        identities.put("id-tuple", "(7, \"seven\")");
        identities.put("id-bytes", "[0, 1, 255]");
        identities.put("id-s64", "-9223372036854775808");
        identities.put("id-u64", "18446744073709551615");
        identities.put("id-bool", "true");
        identities.forEach((function, value) -> assertThat(
                shell.run("wasm:invoke cm-values 'wharf:test/values#" + function + "' '" + value + "'"))
                .as(function).isEqualTo(value + "\n"));
        // a char is quoted with ' in WAVE: the shell's double quotes keep them
        assertThat(shell.run("wasm:invoke cm-values 'wharf:test/values#id-char' \"'\u00e9'\"")).isEqualTo("'\u00e9'\n");
        // the version may be given; a none, an err, a case without payload, no flags
        assertThat(shell.run("wasm:invoke cm-values 'wharf:test/values@0.1.0#id-option' none")).isEqualTo("none\n");
        assertThat(shell.run("wasm:invoke cm-values 'wharf:test/values#id-result' 'err(\"no luck\")'"))
                .isEqualTo("err(\"no luck\")\n");
        assertThat(shell.run("wasm:invoke cm-values 'wharf:test/values#id-shape' 'square(4)'")).isEqualTo("square(4)\n");
        assertThat(shell.run("wasm:invoke cm-values 'wharf:test/values#id-perms' '{}'")).isEqualTo("{}\n");
        // the option shorthand: a plain value for option<u32>
        assertThat(shell.run("wasm:invoke cm-values 'wharf:test/values#id-option' 9")).isEqualTo("some(9)\n");
        // 17 parameters, more than the 16 passed flat: through the guest's memory
        StringBuilder many = new StringBuilder("wasm:invoke cm-values 'wharf:test/values#sum-many'");
        for (int i = 1; i <= 17; i++) {
            // e: s8, f: s64 and m: s8 negative
            many.append(' ').append(i == 5 || i == 6 || i == 13 ? "-" + i : Integer.toString(i));
        }
        assertThat(shell.run(many.toString())).isEqualTo((153 - 2 * (5 + 6 + 13)) + "\n");
        // the world's own functions
        assertThat(shell.run("wasm:invoke cm-values add 2 3")).isEqualTo("5\n");
        assertThat(shell.run("wasm:invoke cm-values add 2147483647 1")).as("wrapping").isEqualTo("-2147483648\n");
        assertThat(shell.run("wasm:invoke cm-values mid '{x: 0, y: 0}' '{x: 2.0, y: -4.5}'")).isEqualTo("{x: 1, y: -2.25}\n");
    }

    @Test
    void aCComponentOnWasiPrintsToTheGuestLogAndAnswersThroughLibc() {
        Logger jul = Logger.getLogger("dev.wharf.guest.cm-hello");
        GuestLogIT.Collector log = new GuestLogIT.Collector();
        jul.addHandler(log);
        try {
            start("components/hello-c.wasm;id=cm-hello", "components/hello-c");
            component("cm-hello");
            long before = System.currentTimeMillis() / 1000;
            // the shell's output is what run returns (and the guest's log line, when the call ran on the shell's thread)
            String seconds = shell.run("wasm:invoke cm-hello run").lines().findFirst().orElseThrow();
            assertThat(seconds).as("run's wall clock seconds").matches("\\d+");
            assertThat(Long.parseLong(seconds)).isBetween(before - 1, System.currentTimeMillis() / 1000 + 1);
            eventually(() -> log.lines.contains("[cm-hello] hello from C"), "hello-c's stdout in the guest log");
            assertThat(shell.run("wasm:invoke cm-hello hello '\"wharf\"'")).isEqualTo("\"hello, wharf\"\n");
            assertThat(shell.run("wasm:info cm-hello")).contains("  import wasi:cli/stdout@0.2.12: interface {")
                    .contains("  export run: func() -> u32;").contains("  export hello: func(name: string) -> string;");
            int printed = log.lines.size();
            assertThat(shell.run("wasm:invoke cm-hello run").lines().findFirst()).get().asString().matches("\\d+");
            eventually(() -> log.lines.stream().skip(printed).anyMatch("[cm-hello] hello from C"::equals), "a second line");
        } finally {
            jul.removeHandler(log);
        }
    }

    // ---- Java ------------------------------------------------------------------------------------

    @Test
    void theWasmComponentServiceTakesWaveArgumentsAsBytesAndGivesResultsOnePerLine() throws Exception {
        start("components/values.wasm;id=cm-values-java, components/echo.wasm;id=cm-echo-java",
                "components/values", "components/echo");
        WasmComponent values = component("cm-values-java");
        WasmComponent echo = component("cm-echo-java");
        assertThat(values.id()).isEqualTo(ComponentId.of("cm-values-java"));
        assertThat(text(values.call("add", wave("40", "2")))).isEqualTo("42");
        assertThat(text(values.call("mid", wave("{x: 1, y: 1}", "{x: 3, y: 5}")))).isEqualTo("{x: 2, y: 3}");
        assertThat(text(values.call("wharf:test/values#id-result", wave("err(\"e\")")))).isEqualTo("err(\"e\")");
        assertThat(text(values.call("wharf:test/values#id-strings", wave("[\"x\", \"y\"]")))).isEqualTo("[\"x\", \"y\"]");
        assertThat(text(values.call("wharf:test/values#id-char", wave("'\\u{1F980}'")))).isEqualTo("'\uD83E\uDD80'");
        assertThat(text(await(values.invoke("wharf:test/values@0.1.0#id-point", wave("{x: -0.5, y: 1e3}")))))
                .isEqualTo("{x: -0.5, y: 1000}");
        String big = "\u00e9\u4e2d\uD83E\uDD80".repeat(10_000);
        assertThat(text(echo.call("echo", wave("\"" + big + "\"")))).as("a string of 90 KB").isEqualTo("\"" + big + "\"");

        // many callers at once: each gets its own answer
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t * 1000;
                answers.add(pool.submit(() -> {
                    for (int i = first; i < first + 200; i++) {
                        if (!text(values.call("add", wave(Integer.toString(i), "1"))).equals(Integer.toString(i + 1))
                                || !text(echo.call("echo", wave("\"n" + i + "\""))).equals("\"n" + i + "\"")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : answers) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callFunctionTakesJavaValuesAndGivesThemBack() throws Exception {
        start("components/values.wasm;id=cm-values-typed", "components/values");
        WasmComponent values = component("cm-values-typed");
        String v = "wharf:test/values#";
        assertThat(values.callFunction("add", 40, 2)).containsExactly(42);
        assertThat(values.callFunction("mid", Map.of("x", 0.0, "y", 0.0), Map.of("x", 2.0, "y", -4.5)))
                .containsExactly(Map.of("x", 1.0, "y", -2.25));
        assertThat(values.callFunction(v + "id-point", Map.of("x", 1.5, "y", -2.0))).containsExactly(Map.of("x", 1.5, "y", -2.0));
        assertThat(values.callFunction(v + "id-option", Optional.of(7L))).containsExactly(Optional.of(7L));
        assertThat(values.callFunction(v + "id-option", Optional.empty())).containsExactly(Optional.empty());
        assertThat(values.callFunction(v + "id-result", WitCase.ok(42L))).containsExactly(WitCase.ok(42L));
        assertThat(values.callFunction(v + "id-result", WitCase.err("no luck"))).containsExactly(WitCase.err("no luck"));
        assertThat(values.callFunction(v + "id-shape", new WitCase("circle", 2.5))).containsExactly(new WitCase("circle", 2.5));
        assertThat(values.callFunction(v + "id-shape", WitCase.of("none"))).containsExactly(WitCase.of("none"));
        assertThat(values.callFunction(v + "id-color", "blue")).containsExactly("blue");
        assertThat(values.callFunction(v + "id-perms", Set.of("read", "exec"))).containsExactly(Set.of("read", "exec"));
        assertThat(values.callFunction(v + "id-strings", List.of("a", "b c", ""))).containsExactly(List.of("a", "b c", ""));
        assertThat(values.callFunction(v + "id-tuple", List.of(7L, "seven"))).containsExactly(List.of(7L, "seven"));
        assertThat((byte[]) values.callFunction(v + "id-bytes", (Object) new byte[] {0, 1, (byte) 255}).get(0))
                .containsExactly(0, 1, 255);
        assertThat(values.callFunction(v + "id-char", "\uD83E\uDD80")).containsExactly("\uD83E\uDD80");
        assertThat(values.callFunction(v + "id-u64", -1L)).as("u64 in its two's complement bits").containsExactly(-1L);
        assertThat(values.callFunction(v + "id-s64", Long.MIN_VALUE)).containsExactly(Long.MIN_VALUE);
        assertThat(values.callFunction(v + "id-bool", true)).containsExactly(true);
        assertThat(values.callFunction(v + "id-f32", 1.5f)).containsExactly(1.5f);
        assertThat(await(values.invokeFunction(v + "id-string", "gr\u00fc\u00dfe \u2713"))).containsExactly("gr\u00fc\u00dfe \u2713");
        Object[] many = new Object[17];
        for (int k = 0; k < 17; k++) {
            many[k] = k + 1;
        }
        assertThat(values.callFunction(v + "sum-many", many)).as("17 parameters, through memory").containsExactly(153L);

        assertThatThrownBy(() -> values.callFunction("nope"))
                .isInstanceOfSatisfying(UnknownExportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_EXPORT))
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> values.callFunction("add", 1, "two"))
                .isInstanceOfSatisfying(InvalidArgumentsException.class, e -> assertThat(e.parameter()).isEqualTo(2))
                .hasMessageContaining("argument 2 (b: s32)");
        assertThatThrownBy(() -> values.callFunction(v + "id-u8", 256)).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("argument 1 (v: u8)");
        assertThatThrownBy(() -> values.callFunction(v + "id-point", Map.of("x", 1.0)))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("missing field y");
        assertThatThrownBy(() -> values.callFunction("add", 1)).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("add takes 2 arguments, got 1");
        assertThat(values.callFunction("add", -1, -1)).as("the instance goes on").containsExactly(-2);
        assertThat(runtime.component(ComponentId.of("cm-values-typed")).orElseThrow().metadata().restartCount()).isZero();
    }

    @Test
    void aResourceIsHeldByTheHostLentPassedBackAndDroppedAndGoesWithItsInstance() {
        start("components/counter.wasm;id=cm-counter", "components/counter");
        WasmComponent counters = component("cm-counter");
        String c = "wharf:test/counters#";
        WitResource counter = (WitResource) counters.callFunction(c + "make", 5L).get(0);
        assertThat(counter.type()).isEqualTo("counter");
        assertThat(counters.callFunction(c + "[method]counter.increment", counter)).isEmpty();
        assertThat(counters.callFunction(c + "[method]counter.get", counter)).as("lent").containsExactly(6L);
        assertThat(counters.callFunction(c + "live")).containsExactly(1L);
        assertThat(counters.callFunction(c + "finish", counter)).as("passed back").containsExactly(6L);
        assertThat(counters.callFunction(c + "live")).as("its destructor ran").containsExactly(0L);
        assertThatThrownBy(() -> counters.callFunction(c + "[method]counter.get", counter))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("no live counter");

        WitResource made = (WitResource) counters.callFunction(c + "[constructor]counter", 1L).get(0);
        assertThat(counters.callFunction(c + "[resource-drop]counter", made)).isEmpty();
        assertThat(counters.callFunction(c + "live")).containsExactly(0L);

        // a resource belongs to the instance that made it: after a restart it is no longer live
        WitResource held = (WitResource) counters.callFunction(c + "make", 9L).get(0);
        assertThat(shell.run("wasm:restart cm-counter")).isEqualTo("restart of 'cm-counter' requested\n");
        eventually(() -> runtime.component(ComponentId.of("cm-counter")).filter(i -> i.metadata().restartCount() == 1
                && i.metadata().state() == ComponentState.READY).isPresent(), "cm-counter restarted");
        assertThatThrownBy(() -> counters.callFunction(c + "[method]counter.get", held))
                .isInstanceOf(InvalidArgumentsException.class);
        assertThat(counters.callFunction(c + "live")).as("a fresh instance").containsExactly(0L);
    }

    @Test
    void theHostHoldsABoundedNumberOfAnInstancesResourcesAndASwapEndsThem() throws Exception {
        String header = "counter.wasm;id=cm-counter-quota";
        Bundle b = context.installBundle("wharf-itest:test.cm-counter-quota", ComponentBundles.stream(swapJar(header, "1.0.0",
                ComponentBundles.guest("components/counter"))));
        installed.add(b);
        b.start();
        WasmComponent counters = component("cm-counter-quota");
        String c = "wharf:test/counters#";
        List<WitResource> held = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            held.add((WitResource) counters.callFunction(c + "make", (long) i).get(0));
        }
        assertThatThrownBy(() -> counters.callFunction(c + "make", 1L))
                .isInstanceOfSatisfying(WharfException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThat(counters.callFunction(c + "live")).as("the refused counter was dropped in the guest").containsExactly(4096L);
        assertThat(counters.callFunction(c + "finish", held.remove(0))).containsExactly(0L);
        held.add((WitResource) counters.callFunction(c + "make", 7L).get(0));
        assertThat(counters.callFunction(c + "[method]counter.get", held.get(held.size() - 1))).containsExactly(7L);

        // a swap to the next version: the handles of the old instance end with it
        b.update(ComponentBundles.stream(swapJar(header, "1.0.1", ComponentBundles.guest("components/counter"))));
        eventually(() -> "1.0.1".equals(versionOf("cm-counter-quota")), "1.0.1 in place");
        assertThatThrownBy(() -> counters.callFunction(c + "[method]counter.get", held.get(5)))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("no live counter");
        assertThat(counters.callFunction(c + "live")).containsExactly(0L);
        assertThat(counters.callFunction(c + "make", 1L)).hasSize(1);
    }

    @Test
    void anInvokeCarriesAComponentsValuesInJsonAndCbor() throws Exception {
        start("components/values.wasm;id=cm-values-codec", "components/values");
        WasmComponent values = component("cm-values-codec");
        String v = "wharf:test/values#";
        InvokeResult sum = await(dispatcher.invoke(ComponentId.of("cm-values-codec"),
                new ComponentMessage.Invoke("add", Args.json("[2, 3]"))));
        assertThat(sum.codec()).isEqualTo(Codec.JSON);
        assertThat(Args.jsonText(sum.payload())).isEqualTo("[5]");
        assertThat(sum.values()).as("numbers as Java numbers too").containsExactly(5);
        assertThat(values.call("add", 40, 2).values()).as("WasmComponent.call with numbers").containsExactly(42);
        assertThat(json(values, v + "id-point", "[{\"y\": 2.5, \"x\": 1.0}]")).isEqualTo("[{\"x\":1.0,\"y\":2.5}]");
        assertThat(json(values, v + "id-shape", "[{\"tag\": \"square\", \"val\": 4}]")).isEqualTo("[{\"tag\":\"square\",\"val\":4}]");
        assertThat(json(values, v + "id-result", "[{\"tag\": \"err\", \"val\": \"e\"}]"))
                .isEqualTo("[{\"tag\":\"err\",\"val\":\"e\"}]");
        assertThat(json(values, v + "id-option", "[null]")).isEqualTo("[null]");
        assertThat(json(values, v + "id-option", "[5]")).isEqualTo("[5]");
        assertThat(json(values, v + "id-perms", "[[\"write\", \"read\"]]")).isEqualTo("[[\"read\",\"write\"]]");
        assertThat(json(values, v + "id-color", "[\"blue\"]")).isEqualTo("[\"blue\"]");
        assertThat(json(values, v + "id-tuple", "[[1, \"a\"]]")).isEqualTo("[[1,\"a\"]]");
        assertThat(json(values, v + "id-u64", "[18446744073709551615]")).isEqualTo("[18446744073709551615]");
        assertThat(json(values, "mid", "[{\"x\": 0, \"y\": 0}, {\"x\": 2, \"y\": 4}]")).isEqualTo("[{\"x\":1.0,\"y\":2.0}]");
        WharfException bad = WharfTestSupport.failure(values.invoke(new ComponentMessage.Invoke("add", Args.json("[2, \"3\"]"))));
        assertThat(bad).isInstanceOfSatisfying(InvalidArgumentsException.class, e -> assertThat(e.parameter()).isEqualTo(2));
        assertThat(WharfTestSupport.failure(values.invoke(new ComponentMessage.Invoke("nope", Args.json("[]")))))
                .isInstanceOf(UnknownExportException.class).hasMessageContaining("nope");

        // CBOR: the same values, list<u8> as a byte string
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.fasterxml.jackson.dataformat.cbor.CBORFactory cbor = new com.fasterxml.jackson.dataformat.cbor.CBORFactory();
        try (com.fasterxml.jackson.core.JsonGenerator g = cbor.createGenerator(out)) {
            g.writeStartArray();
            g.writeBinary(new byte[] {9, 8, (byte) 200});
            g.writeEndArray();
        }
        InvokeResult bytes = await(values.invoke(new ComponentMessage.Invoke(v + "id-bytes", Codec.CBOR.encode(out.toByteArray()))));
        assertThat(bytes.codec()).isEqualTo(Codec.CBOR);
        try (com.fasterxml.jackson.core.JsonParser p = cbor.createParser(Codec.CBOR.body(bytes.payload()))) {
            assertThat(p.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.START_ARRAY);
            p.nextToken();
            assertThat(p.getBinaryValue()).containsExactly(9, 8, 200);
        }
        assertThat(Args.cborValues(await(values.invoke(new ComponentMessage.Invoke("add", Args.cbor(40, 2)))).payload()))
                .containsExactly(42);
        assertThat(WharfTestSupport.failure(values.invoke(new ComponentMessage.Invoke("add", Args.borsh(1, 2)))))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("Borsh");
    }

    // ---- errors ----------------------------------------------------------------------------------

    @Test
    void aMissingFunctionAndABadArgumentAreErrorsNamingThem() {
        start("components/values.wasm;id=cm-errors", "components/values");
        WasmComponent values = component("cm-errors");

        assertThatThrownBy(() -> values.call("nope", wave("1")))
                .isInstanceOfSatisfying(UnknownExportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_EXPORT))
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> values.call("wharf:test/values#id-nope", wave("1")))
                .isInstanceOf(UnknownExportException.class).hasMessageContaining("id-nope");
        assertThat(shell.run("wasm:invoke cm-errors nope 1")).startsWith("error: ").contains("nope")
                .endsWith("[unknown_export]\n");

        assertThatThrownBy(() -> values.call("add", wave("2", "x")))
                .isInstanceOfSatisfying(InvalidArgumentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENTS);
                    assertThat(e.parameter()).isEqualTo(2);
                }).hasMessageContaining("argument 2 (b: s32)");
        assertThatThrownBy(() -> values.call("wharf:test/values#id-point", wave("{x: 1.0}")))
                .isInstanceOfSatisfying(InvalidArgumentsException.class, e -> assertThat(e.parameter()).isEqualTo(1))
                .hasMessageContaining("argument 1 (v: ").hasMessageContaining("y");
        assertThatThrownBy(() -> values.call("wharf:test/values#id-u8", wave("256")))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("argument 1 (v: u8)");
        assertThatThrownBy(() -> values.call("add", wave("2")))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("add takes 2 arguments, got 1");
        assertThat(shell.run("wasm:invoke cm-errors 'wharf:test/values#id-option' 'some(-1)'"))
                .startsWith("error: argument 1 (v: option<u32>)").endsWith("[invalid_arguments]\n");
        // none of it harmed the component
        assertThat(text(values.call("add", wave("1", "1")))).isEqualTo("2");
        assertThat(runtime.component(ComponentId.of("cm-errors")).orElseThrow().metadata().restartCount()).isZero();
    }

    @Test
    void aComponentImportingWhatWharfDoesNotProvideIsADeploymentProblemNamingItAndOthersRunOn() {
        start("components/echo.wasm;id=cm-bystander", "components/echo");
        WasmComponent bystander = component("cm-bystander");
        assertThat(text(bystander.call("echo", wave("\"before\"")))).isEqualTo("\"before\"");

        // hello-c with one of its WASI imports renamed, everywhere it is written, to a package Wharf does not know
        byte[] renamed = replaceAll(ComponentBundles.guest("components/hello-c"), "wasi:clocks/wall-clock@0.2.12",
                "acme:clocks/wall-clock@0.2.12");
        Bundle b = start("unknown.wasm;id=cm-unknown-import", Map.of("unknown.wasm", renamed));
        eventually(() -> problem(b).isPresent(), "the problem reported");
        assertThat(problem(b).orElseThrow().message()).contains("acme:clocks/wall-clock@0.2.12");
        assertThat(runtime.component(ComponentId.of("cm-unknown-import")).filter(ComponentInfo::live)).isEmpty();
        assertThat(shell.run("wasm:list")).contains("Not deployed:").contains("acme:clocks/wall-clock@0.2.12");
        // liar imports a world function of its own, report: func(s: string, c: char)
        Bundle liar = start("components/liar.wasm;id=cm-liar", "components/liar");
        eventually(() -> problem(liar).isPresent(), "liar's problem reported");
        assertThat(problem(liar).orElseThrow().message()).contains("'report'");
        assertThat(liar.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(shell.run("wasm:info cm-liar")).contains("'report'");

        assertThat(text(bystander.call("echo", wave("\"after\"")))).isEqualTo("\"after\"");
        assertThat(runtime.component(ComponentId.of("cm-bystander")).orElseThrow().metadata().restartCount()).isZero();
    }

    // ---- swap ------------------------------------------------------------------------------------

    @Test
    void aBundleUpdateToAnotherComponentSwapsItUnderCallsWithNoOutage() throws Exception {
        // strings-utf16 and strings-latin1 export the same shout: func(s: string) -> string, through other string
        // encodings; echo's own update to the same bytes with a new version is a swap too
        String header = "shout.wasm;id=cm-swap";
        List<byte[]> versions = List.of(ComponentBundles.guest("components/strings-utf16"),
                ComponentBundles.guest("components/strings-latin1"));
        Bundle b = context.installBundle("wharf-itest:test.cm-swap", ComponentBundles.stream(swapJar(header, "1.0.0",
                versions.get(0))));
        installed.add(b);
        b.start();
        WasmComponent shout = component("cm-swap");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            loops.add(callers.submit(() -> {
                while (running.get()) {
                    try {
                        String out = text(shout.call("shout", wave("\"h\u00e9llo \u2713 w\u00f6rld\"")));
                        if (!out.equals("\"H\u00e9LLO \u2713 W\u00f6RLD\"")) {
                            failures.add(new AssertionError("answered " + out));
                        }
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        String last = "1.0.0";
        int lastModule = 0;
        try {
            for (int i = 1; i <= 8; i++) {
                long before = answered.get();
                last = "1.0." + i;
                lastModule = i % 2;
                b.update(ComponentBundles.stream(swapJar(header, last, versions.get(lastModule))));
                String version = last;
                eventually(() -> version.equals(versionOf("cm-swap")), "version " + version + " in place");
                // calls go on between the updates
                eventually(() -> answered.get() > before + 20 || !failures.isEmpty(), "calls answered after update " + i);
                assertThat(failures).as("calls that failed during the updates").isEmpty();
            }
        } finally {
            running.set(false);
            for (Future<?> f : loops) {
                f.get(30, TimeUnit.SECONDS);
            }
            callers.shutdownNow();
        }
        assertThat(failures).isEmpty();
        ComponentInfo info = runtime.component(ComponentId.of("cm-swap")).orElseThrow();
        assertThat(info.metadata().bundleVersion()).isEqualTo(last);
        assertThat(info.metadata().restartCount()).isZero();
        assertThat(shell.run("wasm:info cm-swap")).contains("sha256:" + sha256(versions.get(lastModule)));
        assertThat(text(shout.call("shout", wave("\"the end\"")))).isEqualTo("\"THE END\"");
        System.out.println("ComponentModelIT: " + answered.get() + " calls answered during 8 swaps");

        // the same echo under a new version is swapped in as well, with no outage
        Bundle e = context.installBundle("wharf-itest:test.cm-swap-echo", ComponentBundles.stream(swapJar(
                "echo.wasm;id=cm-swap-echo", "2.0.0", ComponentBundles.guest("components/echo"))));
        installed.add(e);
        e.start();
        WasmComponent echo = component("cm-swap-echo");
        e.update(ComponentBundles.stream(swapJar("echo.wasm;id=cm-swap-echo", "2.0.1", ComponentBundles.guest("components/echo"))));
        assertThat(text(echo.call("echo", wave("\"still\"")))).isEqualTo("\"still\"");
        eventually(() -> "2.0.1".equals(versionOf("cm-swap-echo")), "2.0.1 in place");
        assertThat(text(echo.call("echo", wave("\"new\"")))).isEqualTo("\"new\"");
    }

    @Test
    void anUpdateToAComponentThatCannotRunIsRefusedAndTheRunningVersionGoesOn() throws Exception {
        String header = "echo.wasm;id=cm-refused";
        Bundle b = context.installBundle("wharf-itest:test.cm-refused", ComponentBundles.stream(swapJar(header, "1.0.0",
                ComponentBundles.guest("components/echo"))));
        installed.add(b);
        b.start();
        WasmComponent echo = component("cm-refused");
        byte[] unknownImport = replaceAll(ComponentBundles.guest("components/hello-c"), "wasi:clocks/wall-clock@0.2.12",
                "acme:clocks/wall-clock@0.2.12");
        b.update(ComponentBundles.stream(swapJar(header, "1.0.1", unknownImport)));
        eventually(() -> problem(b).filter(p -> p.message().contains("1.0.1 refused")).isPresent(), "the update refused");
        assertThat(problem(b).orElseThrow().message()).contains("version 1.0.0 goes on")
                .contains("acme:clocks/wall-clock@0.2.12");
        assertThat(text(echo.call("echo", wave("\"still 1.0.0\"")))).isEqualTo("\"still 1.0.0\"");

        byte[] echoBytes = ComponentBundles.guest("components/echo");
        byte[] truncated = java.util.Arrays.copyOf(echoBytes, echoBytes.length / 2);
        b.update(ComponentBundles.stream(swapJar(header, "1.0.2", truncated)));
        eventually(() -> runtime.problems().stream().anyMatch(p -> p.bundleId() == b.getBundleId()
                && p.message().contains("1.0.2 refused")), "the truncated component refused");
        assertThat(text(echo.call("echo", wave("\"and on\"")))).isEqualTo("\"and on\"");
        ComponentInfo info = runtime.component(ComponentId.of("cm-refused")).orElseThrow();
        assertThat(info.metadata().bundleVersion()).isEqualTo("1.0.0");
        assertThat(info.metadata().restartCount()).isZero();
        assertThat(shell.run("wasm:info cm-refused")).contains("sha256:" + sha256(echoBytes));

        // and the next good version is swapped in
        b.update(ComponentBundles.stream(swapJar(header, "1.0.3", echoBytes)));
        eventually(() -> "1.0.3".equals(versionOf("cm-refused")), "1.0.3 in place");
        assertThat(text(echo.call("echo", wave("\"1.0.3\"")))).isEqualTo("\"1.0.3\"");
        assertThat(problem(b)).as("the refusals are history once a version is swapped in").isEmpty();
    }

    // ---- policy ----------------------------------------------------------------------------------

    @Test
    void underTheStrictPolicyAComponentIsReachedOnlyAsItsDeclarationsAllow() throws Exception {
        configure("dev.wharf.security", "mode", "strict");
        start("components/echo.wasm;id=cm-guarded;receive-from=nobody;max-message-size=64, "
                + "mailbox.wasm;id=cm-stranger;send-to=cm-guarded", Map.of("components/echo.wasm",
                        ComponentBundles.guest("components/echo"), "mailbox.wasm", ComponentBundles.guest("mailbox")));
        WasmComponent guarded = component("cm-guarded");
        // the host may always call a component; only max-message-size applies to it (at the limit: passes)
        String fits = "x".repeat(62);
        assertThat(text(guarded.call("echo", wave("\"" + fits + "\"")))).isEqualTo("\"" + fits + "\"");
        assertThat(shell.run("wasm:invoke cm-guarded echo '\"ok\"'")).isEqualTo("\"ok\"\n");
        assertThatThrownBy(() -> guarded.call("echo", wave("\"" + fits + "y\"")))
                .isInstanceOfSatisfying(DeliveryRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("65 bytes").hasMessageContaining("max-message-size 64");
        // a component it does not receive from is denied, and the denial audited
        Delivery d = dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.of("cm-stranger"),
                ComponentId.of("cm-guarded"), Args.json("\"hi\"")));
        assertThat(d).isInstanceOfSatisfying(Delivery.Refused.class,
                r -> assertThat(r.error().code()).isEqualTo(ErrorCode.DENIED));
        eventually(() -> auditLog.newest(100).stream().anyMatch(a -> !a.allowed() && a.target().equals("cm-guarded")
                && a.sender().equals(ComponentId.of("cm-stranger")) && a.reason().contains("does not receive from 'cm-stranger'")),
                "the denial audited");
        assertThat(text(guarded.call("echo", wave("\"still served\"")))).isEqualTo("\"still served\"");
        // an Invoke in JSON is held to max-message-size too
        assertThat(WharfTestSupport.failure(guarded.invoke(new ComponentMessage.Invoke("echo",
                Args.json("[\"" + "x".repeat(70) + "\"]"))))).isInstanceOfSatisfying(DeliveryRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void withoutAPolicyNoMessageReachesAComponentAndCallsFromTheHostGoOn() throws Exception {
        start("components/echo.wasm;id=cm-closed;receive-from=cm-sender, mailbox.wasm;id=cm-sender;send-to=cm-closed",
                Map.of("components/echo.wasm", ComponentBundles.guest("components/echo"), "mailbox.wasm",
                        ComponentBundles.guest("mailbox")));
        WasmComponent closed = component("cm-closed");
        Bundle security = WharfTestSupport.bundle(context, "dev.wharf.security");
        security.stop();
        try {
            eventually(() -> context.getServiceReference(SecurityPolicy.class) == null, "the policy gone");
            // fail closed: a message waits for a policy, it is not delivered meanwhile
            Delivery d = dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.of("cm-sender"),
                    ComponentId.of("cm-closed"), Args.json("\"hi\"")));
            assertThat(d.accepted()).as("accepted to wait for a policy").isTrue();
            assertThat(runtime.component(ComponentId.of("cm-closed")).orElseThrow().mailboxDepth()).isZero();
            assertThat(shell.run("wasm:deadletters 100")).doesNotContain("cm-sender -> cm-closed");
            // a call from the host does not pass the policy, as for every kind of component
            assertThat(text(closed.call("echo", wave("\"no policy\"")))).isEqualTo("\"no policy\"");
            assertThat(closed.callFunction("echo", "still")).containsExactly("still");
        } finally {
            security.start();
        }
        eventually(() -> context.getServiceReference(SecurityPolicy.class) != null, "the policy back");
        assertThat(text(closed.call("echo", wave("\"policy back\"")))).isEqualTo("\"policy back\"");
        // the message that waited is decided by the policy now: admitted, and a component takes no messages
        eventually(() -> shell.run("wasm:deadletters 100").lines().anyMatch(l -> l.contains("cm-sender -> cm-closed")
                && l.contains("handle-message")), "the waiting message handled once the policy is back");
    }

    // ---- supervision -----------------------------------------------------------------------------

    @Test
    void aComponentThatTrapsIsRestartedPerItsPolicyAndAnswersAgain() {
        // echo's cabi_realloc hits unreachable when its memory cannot grow: one page allowed, a string of 100 KB
        start("components/echo.wasm;id=cm-trap;memory-max-pages=1, "
                + "components/echo.wasm;id=cm-trap-once;memory-max-pages=1;restart=temporary", "components/echo");
        WasmComponent permanent = component("cm-trap");
        WasmComponent temporary = component("cm-trap-once");
        byte[] tooBig = wave("\"" + "z".repeat(100_000) + "\"");

        assertThatThrownBy(() -> permanent.call("echo", tooBig))
                .isInstanceOfSatisfying(GuestTrapException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRAP))
                .hasMessageContaining("echo");
        eventually(() -> answers(permanent, "again"), "cm-trap restarted");
        ComponentInfo info = runtime.component(ComponentId.of("cm-trap")).orElseThrow();
        assertThat(info.metadata().restartCount()).isEqualTo(1);
        assertThat(info.metadata().state()).isEqualTo(ComponentState.READY);
        assertThat(shell.run("wasm:list").lines().filter(l -> l.startsWith("cm-trap ")).findFirst()).get().asString()
                .contains("READY");
        // a fresh instance: it traps the same way, and comes back again
        assertThatThrownBy(() -> permanent.call("echo", tooBig)).isInstanceOf(GuestTrapException.class);
        eventually(() -> answers(permanent, "and again"), "cm-trap restarted twice");
        assertThat(runtime.component(ComponentId.of("cm-trap")).orElseThrow().metadata().restartCount()).isEqualTo(2);

        // restart=temporary: not restarted; an operator brings it back
        assertThatThrownBy(() -> temporary.call("echo", tooBig)).isInstanceOf(GuestTrapException.class);
        eventually(() -> runtime.component(ComponentId.of("cm-trap-once")).map(c -> c.metadata().state())
                .filter(s -> s != ComponentState.READY && s != ComponentState.STARTING).isPresent(), "cm-trap-once not restarted");
        assertThatThrownBy(() -> temporary.call("echo", wave("\"x\"")))
                .isInstanceOf(ComponentUnavailableException.class);
        assertThat(shell.run("wasm:restart cm-trap-once")).isEqualTo("restart of 'cm-trap-once' requested\n");
        eventually(() -> answers(temporary, "back"), "cm-trap-once restarted by the operator");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    Bundle start(String header, String... guests) {
        Bundle b = bundles.start(header, guests);
        installed.add(b);
        return b;
    }

    Bundle start(String header, Map<String, byte[]> entries) {
        Bundle b = bundles.start(header, entries);
        installed.add(b);
        return b;
    }

    /** The WasmComponent service of {@code id}, once it is registered. */
    WasmComponent component(String id) {
        return WharfTestSupport.wasmComponent(context, id);
    }

    /** The bundle version the service of {@code id} says it runs. */
    private String versionOf(String id) {
        var r = WharfTestSupport.wasmComponentReference(context, id);
        return r == null ? null : String.valueOf(r.getProperty(WasmComponent.VERSION));
    }

    private Optional<DeploymentProblem> problem(Bundle b) {
        return runtime.problems().stream().filter(p -> p.bundleId() == b.getBundleId()).findFirst();
    }

    private static boolean answers(WasmComponent echo, String word) {
        try {
            return text(echo.call("echo", wave("\"" + word + "\""))).equals("\"" + word + "\"");
        } catch (WharfException e) {
            return false;
        }
    }

    private static byte[] swapJar(String header, String version, byte[] module) {
        String path = header.substring(0, header.indexOf(';'));
        String bsn = "test." + header.substring(header.indexOf("id=") + 3);
        return ComponentBundles.jar(bsn, version, Map.of("Wasm-Component", header, "Require-Capability",
                ComponentBundles.REQUIREMENT), Map.of(path, module));
    }

    private void configure(String pid, String... keyValues) throws Exception {
        Configuration c = cm.getConfiguration(pid, "?");
        c.update(WharfTestSupport.properties(keyValues));
        configurations.add(c);
    }

    /** The JSON results of an Invoke of {@code function} with the JSON arguments {@code args}. */
    static String json(WasmComponent component, String function, String args) {
        InvokeResult r = await(component.invoke(new ComponentMessage.Invoke(function, Args.json(args))));
        assertThat(r.codec()).isEqualTo(Codec.JSON);
        return Args.jsonText(r.payload());
    }

    /** A call's input: the arguments in WAVE separated by NUL bytes. */
    static byte[] wave(String... args) {
        return String.join("\0", args).getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code bytes} with every occurrence of {@code from} replaced by {@code to}, of the same length. */
    static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        assertThat(t).hasSameSizeAs(f);
        byte[] out = bytes.clone();
        int found = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                found++;
            }
        }
        assertThat(found).as("occurrences of " + from).isPositive();
        return out;
    }
}
