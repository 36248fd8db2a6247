package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container as an operator runs it: {@code java -jar wharf.jar} in an empty directory, the
 * shell on piped standard input, components dropped into and deleted from {@code deploy/}.
 */
class DistributionIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    @Test
    void startsWithTheExamplesAndServesThem() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.command("wasm:invoke calculator add 2 3");
            c.await(l -> l.endsWith("5") && !l.contains("INFO"), 60_000, "result of calculator add 2 3");
            c.command("wasm:invoke calculator divmod 17 5");
            c.await(l -> l.endsWith("3 2"), 10_000, "result of divmod");
            c.command("wasm:invoke calculator hypot 3 4");
            c.await(l -> l.endsWith("5.0"), 10_000, "result of hypot");
            c.command("wasm:invoke counter increment");
            c.await(l -> l.endsWith("1001"), 10_000, "result of counter increment");
            c.command("wasm:invoke calculator div 1 0");
            c.await(l -> l.contains("error: ") && l.contains("divide by zero"), 10_000, "trap error line");

            // ping and pong message each other; pong answers asks
            c.command("wasm:invoke ping start 3");
            c.await(l -> l.endsWith("3"), 10_000, "pings accepted");
            c.command("wasm:ask pong '\"ping\"'");
            c.await(l -> l.endsWith("\"pong\""), 10_000, "pong's reply");
            // fan-out: one message reaches three tallies
            c.command("wasm:send fanout '{\"event\":1}'");
            c.await(l -> l.endsWith("accepted"), 10_000, "fanout accepted");
            c.command("wasm:ask fanout '1'");
            c.await(l -> l.contains("error: ") && l.contains("without replying"), 10_000, "fanout does not reply");
            // by now the first message went out to the tallies (the ask was handled after it)
            c.command("wasm:invoke tally.c count");
            c.await(l -> l.endsWith("2") || l.endsWith("1"), 10_000, "tally.c count");
            // the three pings were in pong's mailbox before the ask: it has handled four messages
            c.command("wasm:invoke pong pings");
            c.await(l -> l.endsWith("4"), 10_000, "pong's count");
            c.stop();
            // end of input stopped the framework gracefully: components were drained and closed
            c.await(l -> l.contains("component calculator stopped"), 10_000, "graceful stop");
        }
        assertThat(dir.resolve("deploy")).isDirectory();
        assertThat(dir.resolve("wharf-data")).isDirectory();
    }

    /**
     * {@code wasm:send} answers while the guest is still in the message: "accepted" comes before
     * the guest's call ends (at its timeout, 2 s later), not after as when the shell's thread ran it.
     */
    @Test
    void aSendAnswersWhileTheGuestStillWorks() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            Files.write(dir.resolve("slow.tmp"), DeployFolderIT.bundle("test.slow", "1.0.0",
                    "slow.wasm;id=slow;timeout-ms=2000", DeployFolderIT.guest("slow"), "slow.wasm"));
            Files.move(dir.resolve("slow.tmp"), dir.resolve("deploy/slow.jar"), StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component slow is ready"), 10_000, "the slow component");
            c.command("wasm:send slow '1'");
            String first = c.await(l -> l.endsWith("accepted") || l.contains("component slow: timeout"), 10_000,
                    "the send's answer or the guest's timeout");
            assertThat(first).as("the shell answered before the guest's call ended").endsWith("accepted");
            c.command("wasm:invoke calculator add 2 3");
            c.await(l -> l.endsWith("5"), 10_000, "another component, served meanwhile");
            c.await(l -> l.contains("component slow: timeout"), 10_000, "the guest's call ending at its timeout");
            c.stop();
        }
    }

    @Test
    void aJarDroppedIntoDeployComesUpAndGoesAwayWhenDeleted() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            c.command("wasm:list");
            c.await(l -> l.startsWith("counter "), 10_000, "the list");

            Path staged = dir.resolve("greeter.jar.tmp");
            Files.write(staged, componentJar());
            long dropped = System.nanoTime();
            // an atomic move, as an operator's cp into the folder is seen whole by FileInstall
            Files.move(staged, dir.resolve("deploy/greeter.jar"), StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component greeter is ready"), 10_000, "greeter deployment");
            long upMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped);
            System.out.println("greeter.jar came up " + upMs + " ms after it was dropped");
            assertThat(upMs).as("picked up within two seconds").isLessThan(2000);
            c.command("wasm:invoke greeter answer");
            c.await(l -> l.endsWith("42"), 10_000, "greeter's answer");

            Files.delete(dir.resolve("deploy/greeter.jar"));
            c.await(l -> l.contains("component greeter stopped"), 10_000, "greeter removal");
            // FileInstall stops the bundle, then uninstalls it: in between the shell says it is stopped
            String answer;
            int tries = 0;
            do {
                c.command("wasm:invoke greeter answer");
                answer = c.await(l -> l.contains("error: "), 10_000, "an error for the deleted component");
            } while (answer.contains("is stopped") && ++tries < 100);
            assertThat(answer).contains("error: unknown component 'greeter'");

            // a raw module is a component too, named after its file
            Files.write(dir.resolve("raw.wasm.tmp"), guest());
            Files.move(dir.resolve("raw.wasm.tmp"), dir.resolve("deploy/hello.wasm"), StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component hello is ready"), 10_000, "raw module deployment");
            c.command("wasm:invoke hello answer");
            c.await(l -> l.endsWith("42"), 10_000, "raw module's answer");
            Files.delete(dir.resolve("deploy/hello.wasm"));
            c.await(l -> l.contains("component hello stopped"), 10_000, "raw module removal");

            // an operator override, as a FileInstall .cfg factory configuration, applies at once
            Files.writeString(dir.resolve("override.tmp"), "component.id = calculator\ntimeout-ms = 123\nrate-limit = 7\n");
            Files.move(dir.resolve("override.tmp"), dir.resolve("deploy/dev.wharf.component-calc.cfg"),
                    StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component calculator reconfigured") && l.contains("timeoutMs=123"), 10_000,
                    "the override applied");
            c.command("wasm:info calculator");
            c.await(l -> l.contains("timeout-ms=123") && l.contains("rate-limit=7"), 10_000, "info shows the override");
            Files.delete(dir.resolve("deploy/dev.wharf.component-calc.cfg"));
            c.await(l -> l.contains("component calculator reconfigured") && l.contains("timeoutMs=250"), 10_000,
                    "back to the header's values");
            c.stop();
        }
    }

    static byte[] guest() throws IOException {
        try (InputStream in = DistributionIT.class.getResourceAsStream("/guests/greeter.wasm")) {
            return in.readAllBytes();
        }
    }

    static byte[] componentJar() throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test.greeter");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Wasm-Component", "greeter.wasm;id=greeter");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.putNextEntry(new JarEntry("greeter.wasm"));
            jar.write(guest());
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
