package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard WASI interfaces over Wharf's capabilities, through wharf.jar: the component
 * wasi-kv (wasi:keyvalue 0.2.0-draft2, wasi:config 0.2.0-draft-2024-09-27, wasi:logging
 * 0.1.0-draft, as Spin 3 components import them) counts in its kv store across a restart of the
 * container and reads a config value an operator gives in the deploy folder; wasi-draft
 * (JavaScript, wasmCloud's versions) importing wasi:keyvalue without declaring capability kv is
 * refused at deploy, naming the interface.
 */
class WasiInterfacesIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    private static byte[] component(String name) throws IOException {
        try (InputStream in = WasiInterfacesIT.class.getResourceAsStream("/components/" + name + ".wasm")) {
            assertThat(in).as(name + " built by wasm-components").isNotNull();
            return in.readAllBytes();
        }
    }

    private static void count(Container c, int expected) throws Exception {
        c.command("wasm:invoke wasi-kv count '\"default\"' '\"visits\"'");
        c.await(l -> l.contains("[wasi-kv] counted: visits"), 10_000, "wasi:logging's line in the guest log");
        c.await(l -> l.endsWith("ok(" + expected + ")"), 10_000, "the count " + expected);
    }

    @Test
    void keyvalueCountsAcrossARestartAndConfigReadsTheOperatorsOverride() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(deploy.resolve("dev.wharf.component-wasi-kv.cfg"),
                "component.id = wasi-kv\nconfig.greeting = hello from the operator\n");
        Path staged = dir.resolve("wasi-kv.tmp");
        Files.write(staged, DeployFolderIT.bundle("test.wasi.kv", "1.0.0",
                "wasi-kv.wasm;id=wasi-kv;capabilities=\"kv,config\"", component("wasi-kv"), "wasi-kv.wasm"));
        Files.move(staged, deploy.resolve("test.wasi.kv.jar"), StandardCopyOption.ATOMIC_MOVE);
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component wasi-kv is ready"), 60_000, "wasi-kv deployed");
            count(c, 1);
            count(c, 2);
            c.command("wasm:invoke wasi-kv setting '\"greeting\"'");
            c.await(l -> l.endsWith("ok(some(\"hello from the operator\"))"), 10_000, "the operator's config value");
            c.command("wasm:invoke wasi-kv setting '\"colour\"'");
            c.await(l -> l.endsWith("ok(none)"), 10_000, "a key without a value");
            c.command("wasm:invoke wasi-kv put '\"photos\"' '\"cat\"' '\"tabby\"'");
            c.await(l -> l.endsWith("ok"), 10_000, "a value in bucket photos");
            assertThat(c.stop()).isZero();
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component wasi-kv is ready"), 60_000, "wasi-kv back after the restart");
            count(c, 3);
            c.command("wasm:invoke wasi-kv fetch '\"photos\"' '\"cat\"'");
            c.await(l -> l.endsWith("ok(some(\"tabby\"))"), 10_000, "the bucket's value after the restart");
            c.command("wasm:kv wasi-kv photos:");
            c.await(l -> l.contains("photos:cat"), 10_000, "a bucket is a prefix of the component's store");
            assertThat(c.stop()).isZero();
        }
    }

    @Test
    void aComponentImportingAnUndeclaredCapabilitysInterfaceIsRefusedAtDeploy() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.write(deploy.resolve("wasi-draft.wasm"), component("wasi-draft")); // raw: it declares no capability
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("imports 'wasi:keyvalue/store@0.2.0-draft' (served by 'wharf:kv.get'), but component "
                    + "'wasi-draft' does not declare capability 'kv' (capabilities: none); add it to the capabilities "
                    + "attribute"), 120_000, "the refusal naming the interface and what to add");
            c.command("wasm:list");
            c.await(l -> l.startsWith("wasi-draft") && l.contains("INVALID"), 10_000, "wasi-draft INVALID in wasm:list");
            assertThat(c.stop()).isZero();
        }
    }
}
