package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A component given {@code instances=2} by an operator's override in {@code wharf.jar}'s deploy
 * folder: {@code wasm:info} shows its instances, live over the most, one line each, and
 * {@code wasm:stats <id>} a row per instance below the component's.
 */
class InstancesIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    @Test
    void theShellShowsTheInstancesOfAComponent() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        try (InputStream in = InstancesIT.class.getResourceAsStream("/components/echo.wasm")) {
            assertThat(in).as("echo built by wasm-components").isNotNull();
            Files.copy(in, deploy.resolve("echo.wasm"));
        }
        Files.writeString(deploy.resolve("dev.wharf.component-echo.cfg"), "component.id = echo\ninstances = 2\n");
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component echo is ready"), 60_000, "echo deployed");
            c.command("wasm:invoke echo echo '\"hello\"'");
            c.await(l -> l.endsWith("\"hello\""), 10_000, "the echo");
            // the override applies (ConfigAdmin delivers it on its own thread, maybe after start-up)
            DeployFolderIT.awaitRow(c, "wasm:info echo", "instances:", "instances:   1/2", "one instance of two at rest");
            c.command("wasm:info echo");
            c.await(l -> l.contains("  #1 READY idle mailbox=0/1000 in="), 10_000, "the first instance's line");
            c.command("wasm:stats echo");
            c.await(l -> l.matches("(g! )*echo#1 +[0-9]+ +0 +0 +- +0/1000 .*"), 10_000, "the first instance's row");
            c.command("wasm:list");
            c.await(l -> l.startsWith("echo ") && l.endsWith("component"), 10_000, "wasm:list as before");
            assertThat(c.stop()).isZero();
        }
    }
}
