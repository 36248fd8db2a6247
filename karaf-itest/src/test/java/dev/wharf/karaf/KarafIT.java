package dev.wharf.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Wharf in a real Apache Karaf: the feature repository added and its features installed from the
 * console, components deployed through Karaf's {@code deploy/} folder and configured through
 * its {@code etc/} folder, then a clean shutdown.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/karaf and bin/client, the shell scripts")
class KarafIT {

    private static final String VERSION = System.getProperty("wharf.version", "0.1.0-SNAPSHOT");
    private static final Path DIST = Path.of(System.getProperty("karaf.dist", "target/karaf/apache-karaf-4.4.10"));
    private static final Path REPO = Path.of(System.getProperty("karaf.repo", "target/karaf-repo"));
    private static final Path RUN = Path.of(System.getProperty("karaf.run", "target/karaf-run"));
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");

    @Test
    void installsDeploysConfiguresAndStops() throws Exception {
        try (Karaf karaf = new Karaf(DIST, RUN, REPO)) {
            // a component waiting in deploy/ before Wharf is there: FileInstall installs it at
            // once and starts it when the runtime's extender appears
            karaf.drop(example("example-counter"), "deploy", "example-counter.jar");
            karaf.start();

            // the console is up when the boot features are in and the start level is reached
            karaf.await("system:start-level", r -> r.ok() && r.output().contains("Level 100"), 90_000, "Karaf console");

            Karaf.Result added = karaf.run("feature:repo-add mvn:dev.wharf/karaf-features/" + VERSION + "/xml/features");
            assertThat(added.ok()).as("%s", added).isTrue();

            long before = System.currentTimeMillis();
            Karaf.Result installed = karaf.run("feature:install wharf wharf-capabilities");
            long after = System.currentTimeMillis();
            assertThat(installed.ok()).as("%s", installed).isTrue();
            long readyAt = logTime(karaf.awaitLog(l -> l.contains("component counter is ready"), 30_000, "counter ready"));
            long receivedAt = logTime(karaf.awaitLog(l -> l.contains("Adding features: wharf/"), 1_000, "the install"));
            System.out.println("KarafIT: feature:install wharf -> first component ready in " + (readyAt - before) + " ms ("
                    + (readyAt - receivedAt) + " ms from Karaf logging the install, the rest is bin/client starting;"
                    + " the command itself returned after " + (after - before) + " ms)");

            Karaf.Result features = karaf.run("feature:list -i");
            assertThat(features.output()).as("%s", features).contains("wharf ", "wharf-capabilities", "scr ");
            karaf.await("wasm:list", r -> row(r, "counter").contains("READY"), 10_000, "counter READY in wasm:list");

            // components dropped into deploy/ while Wharf runs
            karaf.drop(example("example-calculator"), "deploy", "example-calculator.jar");
            karaf.drop(example("example-ping-pong"), "deploy", "example-ping-pong.jar");
            karaf.await("wasm:list", r -> row(r, "calculator").contains("READY") && row(r, "pong").contains("READY"),
                    30_000, "calculator and pong READY in wasm:list");

            Karaf.Result sum = karaf.run("wasm:invoke calculator add 2 3");
            assertThat(sum.output()).as("%s", sum).isEqualTo("5");
            Karaf.Result reply = karaf.run("wasm:ask pong '{\"q\":1}'");
            assertThat(reply.output()).as("%s", reply).isEqualTo("\"pong\"");

            // configuration through etc/: a plain PID and a factory configuration of a component
            karaf.drop("interval-ms = 2000\n", "etc", "dev.wharf.health.cfg");
            karaf.drop("component.id = calculator\nrate-limit = 50\n", "etc", "dev.wharf.component-calc.cfg");
            karaf.await("config:property-list --pid dev.wharf.health",
                    r -> r.output().lines().anyMatch(l -> l.strip().equals("interval-ms = 2000")), 15_000, "dev.wharf.health in ConfigAdmin");
            karaf.await("wasm:info calculator",
                    r -> r.output().lines().anyMatch(l -> l.startsWith("limits:") && l.contains(" rate-limit=50 ")), 15_000,
                    "rate-limit=50 in wasm:info calculator");
            // still serving after the change
            assertThat(karaf.run("wasm:invoke calculator add 40 2").output()).isEqualTo("42");

            // the lattice feature, configured through etc/ with a NATS server that is not there:
            // the node keeps trying, says so, and local messaging is not affected
            Karaf.Result lattice = karaf.run("feature:install wharf-lattice");
            assertThat(lattice.exit()).as("%s", lattice).isZero();
            int port = Karaf.freePort();
            karaf.drop("servers = nats://127.0.0.1:" + port + "\nlattice = karaf\nnode = k1\n", "etc", "dev.wharf.lattice.cfg");
            karaf.await("wasm:lattice", r -> r.output().lines().anyMatch(l -> l.equals("lattice karaf: node k1, not connected"
                    + " (servers nats://127.0.0.1:" + port + ")")), 20_000, "wasm:lattice: k1 not connected");
            assertThat(karaf.run("wasm:ask pong '{\"q\":2}'").output()).isEqualTo("\"pong\"");

            int exit = karaf.stop(60_000);
            assertThat(exit).as("Karaf's exit code\n%s", karaf.report()).isZero();
            assertThat(Files.readString(karaf.home().resolve("data/log/karaf.log")))
                    .as("graceful stop of the components").contains("component calculator stopped");
        }
    }

    /** The time of a line of karaf.log, which Karaf writes in local time to the millisecond. */
    private static long logTime(String line) {
        return LocalDateTime.parse(line.substring(0, line.indexOf(' ')), LOG_TIME)
                .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    /** An example bundle as this build made it, from the repository the build filled for Karaf. */
    private static Path example(String artifactId) {
        Path jar = REPO.resolve("dev/wharf/" + artifactId + "/" + VERSION + "/" + artifactId + "-" + VERSION + ".jar");
        assertThat(jar).exists();
        return jar;
    }

    /** The line of {@code wasm:list} for component {@code id}, or "". */
    private static String row(Karaf.Result list, String id) {
        return list.output().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse("");
    }
}
