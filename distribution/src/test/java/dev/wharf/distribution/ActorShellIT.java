package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An actor component (wharf:actor) dropped raw into {@code wharf.jar}'s deploy folder takes
 * messages from the shell: {@code wasm:send} and {@code wasm:ask} reach its handle-message,
 * {@code wasm:health} shows its own check, its own error is printed with its text.
 */
class ActorShellIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    @Test
    void anActorComponentIsToldAndAskedFromTheShell() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        try (InputStream in = ActorShellIT.class.getResourceAsStream("/components/wat-actor.wasm")) {
            assertThat(in).as("wat-actor built by wasm-components").isNotNull();
            Files.copy(in, deploy.resolve("wat-actor.wasm"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component wat-actor is ready"), 60_000, "wat-actor deployed");
            c.command("wasm:send wat-actor '\"c\"'");
            c.command("wasm:ask wat-actor '\"c\"'");
            c.await(l -> l.matches("(g! )*2"), 10_000, "the count after a told and an asked message");
            c.command("wasm:ask wat-actor '\"anobody\"'");
            c.await(l -> l.endsWith("{\"refused\":0}"), 10_000, "its ask of an unknown component: unknown-target");
            c.command("wasm:ask wat-actor '\"f\"'");
            c.await(l -> l.contains("error:") && l.contains("asked to fail"), 10_000, "its own error, with its text");
            c.command("wasm:health wat-actor");
            c.await(l -> l.startsWith("wat-actor ") && l.contains("healthy"), 10_000, "its own health check");
            c.command("wasm:list");
            c.await(l -> l.startsWith("wat-actor ") && l.endsWith("component"), 10_000, "the kind in wasm:list");
            assertThat(c.stop()).isZero();
        }
    }
}
