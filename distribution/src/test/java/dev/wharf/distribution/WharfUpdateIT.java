package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wharf's own bundles updated in wharf.jar as an operator does it: a plain {@code update <id>}. */
class WharfUpdateIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));
    static final List<String> WHARF_BUNDLES = List.of("dev.wharf.registry", "dev.wharf.security",
            "dev.wharf.capabilities", "dev.wharf.runtime", "dev.wharf.lattice");
    private static final Pattern BUNDLE_ROW = Pattern.compile("^(?:g! )?\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(\\S+) \\(([^)]*)\\)");

    @TempDir
    Path dir;

    @Test
    void eachWharfBundleIsUpdatedWithAPlainUpdateAndANewBuildPutInPlaceIsTakenIn() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            Map<String, Row> before = bundles(c);
            String installed = installed(c);
            assertThat(before.keySet()).containsAll(WHARF_BUNDLES);
            // a new build of the registry, put in place of its file
            Path registryFile = dir.resolve("wharf-data/bundles/registry-bundle-0.1.0-SNAPSHOT.jar");
            Path staged = dir.resolve("registry.tmp");
            Files.write(staged, withVersion(Files.readAllBytes(registryFile), "0.1.1.upgrade"));
            Files.move(staged, registryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            for (String name : WHARF_BUNDLES) {
                c.command("update " + before.get(name).id());
                if (name.equals("dev.wharf.runtime")) {
                    c.await(l -> l.contains("component calculator is ready"), 60_000, "the runtime back after its update");
                }
            }
            Map<String, Row> after = bundles(c);
            for (String name : WHARF_BUNDLES) {
                assertThat(after.get(name)).as(name + " after its update").isEqualTo(name.equals("dev.wharf.registry")
                        ? new Row(before.get(name).id(), "Active", "0.1.1.upgrade") : before.get(name));
            }
            assertThat(c.transcript()).doesNotContain("MalformedURLException").doesNotContain("SEVERE");
            c.command("wasm:invoke calculator add 2 3");
            c.await(l -> l.endsWith("5"), 10_000, "the calculator after the updates");
            assertThat(installed(c)).as("the calculator's history, kept by the registry through the updates").isEqualTo(installed);
            assertThat(c.stop()).isZero();
        }
    }

    /**
     * Under load (a pump sending to a counting receiver, an intruder trying to send to it without
     * permission), each Wharf bundle is updated in turn: the receiver counts exactly what the pump
     * was told was accepted (nothing lost, nothing of the intruder's admitted), and across the
     * runtime's update both keep their counts and the messages queued then.
     */
    @Test
    void underLoadEachUpdateLosesNothingAdmitsNothingAndTheRuntimeHandsEveryComponentOver() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            DeployFolderIT.drop(dir, "test.xrecv", "1.0.0",
                    "xrecv.wasm;id=xrecv;receive-from=pump;mailbox=10000;rate-limit=100000000", "tarry");
            // a turn of the pump retries sends to a full mailbox: while a bundle is updated and on a
            // busy machine it may last longer than the default second, and a restart would lose its count
            DeployFolderIT.drop(dir, "test.pump", "1.0.0",
                    "pump.wasm;id=pump;send-to=\"xrecv,pump\";receive-from=pump;timeout-ms=30000", "pump");
            DeployFolderIT.drop(dir, "test.intruder", "1.0.0", "pump.wasm;id=intruder;send-to=xrecv", "pump");
            java.util.Set<String> ready = new java.util.HashSet<>();
            while (ready.size() < 3) {
                String line = c.await(l -> l.matches(".*component (xrecv|pump|intruder) is ready.*"), 30_000, "the three");
                ready.add(line.replaceFirst(".*component (\\S+) is ready.*", "$1"));
            }
            Map<String, Row> ids = bundles(c);
            long sentBeforeRuntime = 0;
            String takeover = null;
            for (String name : WHARF_BUNDLES) {
                if (name.equals("dev.wharf.runtime")) {
                    sentBeforeRuntime = number(c, "wasm:invoke pump sent");
                }
                c.command("wasm:invoke pump start 100"); // 100,000 messages, in the pump's turns, faster than xrecv takes them
                c.command("wasm:send intruder 1");
                c.command("update " + ids.get(name).id());
                if (name.equals("dev.wharf.runtime")) {
                    takeover = c.await(l -> l.contains("took over") && l.contains("components from runtime"), 60_000,
                            "the new runtime taking over");
                }
                c.command("wasm:send intruder 1");
            }
            c.command("wasm:invoke pump start 0");
            long sent;
            long counted;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                sent = number(c, "wasm:invoke pump sent");
                counted = number(c, "wasm:invoke xrecv count");
            } while ((sent != counted || number(c, "wasm:invoke pump left") != 0) && System.nanoTime() < end);
            String transcript = c.transcript();
            assertThat(transcript.lines().filter(l -> (l.contains("component pump: ") || l.contains("component xrecv: "))
                    && l.contains("; restart in ")))
                    .as("restarts of the pump or the receiver, which lose their counts").isEmpty();
            assertThat(counted).as("what xrecv counted against what the pump was told was accepted (more: an "
                    + "intruder's message admitted; fewer: messages lost)").isEqualTo(sent);
            assertThat(sent).as("the pump's count, kept across the runtime's update").isGreaterThan(sentBeforeRuntime);
            long refused = number(c, "wasm:invoke pump refused");
            String xrecv = transcript.lines().filter(l -> l.contains("component xrecv is ready") && l.contains("taken over"))
                    .findFirst().orElseThrow(() -> new AssertionError("xrecv was not taken over:\n" + transcript));
            assertThat(xrecv).contains("with 8 bytes of state");
            assertThat(Long.parseLong(xrecv.replaceFirst(".* and (\\d+) queued messages.*", "$1")))
                    .as("messages queued for xrecv, carried to the new runtime").isPositive();
            assertThat(transcript).doesNotContain("component xrecv stopped").doesNotContain("component pump stopped");
            System.out.println("WharfUpdateIT: " + String.join(", ", WHARF_BUNDLES) + " updated under load: " + sent
                    + " messages sent and counted (" + refused + " refused to the pump); " + takeover.replaceFirst("^.*took over", "took over"));
            System.out.println("WharfUpdateIT: " + xrecv.replaceFirst("^.*taken over", "xrecv taken over"));
            assertThat(c.stop()).isZero();
        }
    }

    /**
     * The number {@code command} prints: the last number before an echo that follows it (the
     * output of commands no one waited for comes before).
     */
    private static long number(Container c, String command) throws Exception {
        String marker = "after-" + System.nanoTime();
        c.command(command);
        c.command("echo " + marker);
        String number = null;
        while (true) {
            String line = c.await(l -> l.matches("^(g! )*-?\\d+$") || l.contains(marker), 30_000, command);
            if (line.contains(marker)) {
                if (number == null) {
                    throw new AssertionError(command + " printed no number:\n" + c.transcript());
                }
                return Long.parseLong(number.substring(number.lastIndexOf(' ') + 1));
            }
            number = line;
        }
    }

    record Row(long id, String state, String version) {}

    /** When the calculator was first installed, as the registry keeps it. */
    private static String installed(Container c) throws Exception {
        c.command("wasm:info calculator");
        return c.await(l -> l.contains("installed:"), 10_000, "the calculator's info").replaceFirst("^.*installed:\\s*", "");
    }

    /** The Wharf bundles, by symbolic name, from {@code lb -s}. */
    static Map<String, Row> bundles(Container c) throws Exception {
        c.command("lb -s dev.wharf");
        c.command("echo end-of-lb");
        Map<String, Row> rows = new LinkedHashMap<>();
        while (true) {
            String line = c.await(l -> BUNDLE_ROW.matcher(l).find() || l.contains("end-of-lb"), 10_000, "lb");
            Matcher m = BUNDLE_ROW.matcher(line);
            if (!m.find()) {
                return rows;
            }
            rows.put(m.group(3), new Row(Long.parseLong(m.group(1)), m.group(2), m.group(4)));
        }
    }

    /** {@code jar} with another Bundle-Version: a new build, as far as the framework can tell. */
    static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream j = new JarOutputStream(out, manifest)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    j.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(j);
                    j.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
