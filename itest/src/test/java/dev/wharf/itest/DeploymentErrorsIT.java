package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.MessageDispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Bad component bundles: the component does not start, the shell says exactly why, and the
 * bundle itself and every other component are unaffected.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DeploymentErrorsIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRegistry registry;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    ComponentBundles bundles;
    Shell shell;

    @BeforeEach
    void deployBystander() {
        bundles = new ComponentBundles(context);
        shell = new Shell(processor);
        bundles.start("calc.wasm;id=bystander", "calc");
    }

    /** Deploys {@code header} and checks the rejection is explained and harmless. */
    private Bundle rejected(String header, Map<String, byte[]> entries, String id, String... explanation) {
        Bundle b = bundles.start(header, entries);
        assertThat(b.getState()).as("the bundle itself stays active").isEqualTo(Bundle.ACTIVE);
        if (id != null) {
            assertThat(registry.lookup(ComponentId.of(id))).isEmpty();
        }
        String list = shell.run("wasm:list");
        assertThat(list).contains("INVALID").contains("bundle " + b.getBundleId());
        for (String e : explanation) {
            assertThat(list).contains(e);
        }
        if (id != null) {
            String info = shell.run("wasm:info " + id);
            assertThat(info).contains("INVALID");
            for (String e : explanation) {
                assertThat(info).contains(e);
            }
        }
        // everything else keeps working
        assertThat(invoke(dispatcher, "bystander", "add", Args.json("[1, 2]")).values()).containsExactly(3);
        return b;
    }

    private static Map<String, byte[]> entries(String name, byte[] bytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(name, bytes);
        return m;
    }

    private static Map<String, byte[]> guest(String name) {
        return entries(name + ".wasm", ComponentBundles.guest(name));
    }

    @Test
    void malformedHeader() {
        rejected("calc.wasm;id=\"broken", guest("calc"), null, "malformed Wasm-Component header", "unbalanced quote");
    }

    @Test
    void unknownAttribute() {
        rejected("calc.wasm;id=c1;colour=blue", guest("calc"), "c1", "unknown attribute 'colour'");
    }

    @Test
    void malformedValues() {
        rejected("calc.wasm;id=c2;timeout-ms=soon", guest("calc"), "c2", "timeout-ms", "'soon'");
        rejected("calc.wasm;id=c3;restart=sometimes", guest("calc"), "c3", "restart", "'sometimes'");
        rejected("calc.wasm;id=c4;receive-from=\"bad pattern\"", guest("calc"), "c4", "receive-from", "'bad pattern'");
        rejected("calc.wasm;id=Calc", guest("calc"), null, "attribute 'id' has invalid value 'Calc'");
        rejected("calc.wasm;id=c5;mailbox=0", guest("calc"), "c5", "mailbox", "positive");
    }

    @Test
    void missingModule() {
        rejected("absent.wasm;id=absent", guest("calc"), "absent", "'absent.wasm'", "does not contain");
    }

    @Test
    void bytesThatAreNotWebAssembly() {
        rejected("junk.wasm;id=junk", entries("junk.wasm", "not a module".getBytes()), "junk",
                "is not a valid WebAssembly module");
    }

    @Test
    void moduleThatFailsValidation() {
        // one function declared () -> i32 whose body leaves nothing on the stack
        byte[] module = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
            0x03, 0x02, 0x01, 0x00,
            0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b
        };
        rejected("invalid.wasm;id=invalid", entries("invalid.wasm", module), "invalid", "is not a valid WebAssembly module");
    }

    @Test
    void importsTheHostDoesNotProvide() {
        rejected("import-env.wasm;id=env", guest("import-env"), "env", "'env.foo'", "unknown module");
        rejected("import-unknown-wharf.wasm;id=spawn", guest("import-unknown-wharf"), "spawn", "'wharf.spawn'",
                "does not provide");
        rejected("import-bad-signature.wasm;id=badsig", guest("import-bad-signature"), "badsig", "'wharf.send'",
                "with signature (i32) -> (i32)");
        rejected("import-memory.wasm;id=mem", guest("import-memory"), "mem", "imports memory 'wharf.memory'");
    }

    @Test
    void memoryBeyondItsCap() {
        rejected("big-memory.wasm;id=big", guest("big-memory"), "big", "needs 300 pages", "memory-max-pages 256");
        // with a cap that fits, the same module deploys
        bundles.start("big-memory.wasm;id=big2;memory-max-pages=300", "big-memory");
        assertThat(invoke(dispatcher, "big2", "ok", Args.json("[]")).values()).containsExactly(1);
    }

    @Test
    void initializeThatTraps() {
        rejected("init-trap.wasm;id=inittrap", guest("init-trap"), "inittrap", "trapped in '_initialize'");
    }

    @Test
    void duplicateIdLeavesTheFirstServing() {
        Bundle first = context.getBundles()[context.getBundles().length - 1];
        rejected("calc.wasm;id=bystander", guest("calc"), null, "id 'bystander' is a duplicate", "already provided by bundle "
                + first.getBundleId());
        assertThat(registry.lookup(ComponentId.of("bystander"))).get()
                .extracting(m -> m.bundleId()).isEqualTo(first.getBundleId());
    }

    @Test
    void aBadClauseDoesNotStopTheGoodOnesOfTheSameBundle() {
        Map<String, byte[]> both = new LinkedHashMap<>(guest("calc"));
        both.putAll(guest("import-env"));
        rejected("import-env.wasm;id=bad1, calc.wasm;id=good1", both, "bad1", "'env.foo'");
        assertThat(invoke(dispatcher, "good1", "add", Args.json("[5, 5]")).values()).containsExactly(10);
    }

    @Test
    void problemsGoAwayWithTheirBundle() throws Exception {
        Bundle b = rejected("import-env.wasm;id=gone", guest("import-env"), "gone", "'env.foo'");
        b.uninstall();
        assertThat(shell.run("wasm:list")).doesNotContain("'env.foo'");
        assertThat(shell.run("wasm:info gone")).startsWith("error: unknown component 'gone'");
    }
}
