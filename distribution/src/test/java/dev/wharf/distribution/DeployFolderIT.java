package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy folder at scale and across restarts, through wharf.jar as an operator runs it. */
class DeployFolderIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    /** The operator's files, byte for byte. */
    static final Map<String, String> FILES = Map.of(
            "dev.wharf.security.cfg", "mode = strict\naudit = true\n",
            "dev.wharf.health.cfg", "interval-ms = 200\nfailure-threshold = 2\n",
            "dev.wharf.component-calc.cfg", "component.id = calculator\ntimeout-ms = 123\n");

    @Test
    void operatorFilesAreNeverRewrittenAcrossTwentyStarts() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            Files.writeString(deploy.resolve(f.getKey()), f.getValue());
        }
        for (int start = 1; start <= 20; start++) {
            if (start % 2 == 0) {
                // every other start from an empty state, as on a new machine
                deleteTree(dir.resolve("wharf-data"));
            }
            try (Container c = new Container(JAR, dir)) {
                c.await(l -> l.contains("component counter is ready"), 60_000, "start-up " + start);
                // the override applies (ConfigAdmin delivers it on its own thread, maybe after start-up)
                try {
                    awaitRow(c, "wasm:info calculator", "limits:", "timeout-ms=123", "calculator's override at start " + start);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n" + state() + "\n== output\n" + c.transcript(), e);
                }
                // audit = true: a grant between components is recorded
                c.command("wasm:invoke ping start 1");
                c.await(l -> l.endsWith("1"), 10_000, "ping at start " + start);
                c.command("wasm:audit 50");
                c.await(l -> l.contains("ping -> pong") && l.contains("ALLOW"), 10_000, "an audited grant at start " + start);
                // interval-ms = 200 and failure-threshold = 2 applied: the monitor has checked within a second
                awaitRow(c, "wasm:health calculator", "calculator ", "Z ", "the monitor's 200 ms interval at start " + start);
                c.stop();
            }
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                assertThat(deploy.resolve(f.getKey())).as(f.getKey() + " after start " + start).hasContent(f.getValue());
            }
        }
    }

    @Test
    void aThousandJarsCopiedAtOnceAllComeUp() throws Exception {
        byte[] guest = DistributionIT.guest();
        Path staging = Files.createDirectories(dir.resolve("staging"));
        for (int i = 0; i < 1000; i++) {
            Files.write(staging.resolve("g" + i + ".jar"), jar("test.many.g" + i, "g" + i, guest));
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                Files.move(staging.resolve("g" + i + ".jar"), dir.resolve("deploy/g" + i + ".jar"), StandardCopyOption.ATOMIC_MOVE);
            }
            Set<String> ready = new HashSet<>();
            Pattern readyLine = Pattern.compile(".*component (g\\d+) is ready.*");
            while (ready.size() < 1000) {
                String line = c.await(l -> readyLine.matcher(l).matches(), 240_000, "component " + ready.size() + " of 1000");
                Matcher m = readyLine.matcher(line);
                if (m.matches()) {
                    ready.add(m.group(1));
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("DeployFolderIT: 1000 jars copied at once were all ready " + ms + " ms later");
            c.command("wasm:invoke g999 answer");
            c.await(l -> l.endsWith("42"), 10_000, "the last one's answer");
            c.stop();
        }
    }

    /**
     * A thousand modules that are not WebAssembly: each is refused once with its reason, and the
     * stop of the container (a thousand bundles stopping) tries none of them again.
     */
    @Test
    void aThousandInvalidModulesAreReportedOnceEachAlsoWhenTheContainerStops() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        for (int i = 0; i < 1000; i++) {
            byte[] broken = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, (byte) 0x7f, (byte) i, (byte) (i >> 8)};
            Files.write(staging.resolve("bad" + i + ".wasm"), broken);
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            for (int i = 0; i < 1000; i++) {
                Files.move(staging.resolve("bad" + i + ".wasm"), dir.resolve("deploy/bad" + i + ".wasm"),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Set<String> reported = new HashSet<>();
            Pattern refused = Pattern.compile(".*cannot deploy component '(bad\\d+)'.*is not a valid WebAssembly module.*");
            while (reported.size() < 1000) {
                String line = c.await(l -> refused.matcher(l).matches(), 240_000, "refusal " + reported.size() + " of 1000");
                Matcher m = refused.matcher(line);
                if (m.matches()) {
                    reported.add(m.group(1));
                }
            }
            c.command("wasm:invoke calculator add 2 3");
            c.await(l -> l.endsWith("5"), 10_000, "the calculator, unaffected");
            c.stop();
            long again = c.rest().stream().filter(l -> l.contains("cannot deploy")).count();
            long total = c.transcript().lines().filter(l -> l.contains("cannot deploy")).count();
            System.out.println("DeployFolderIT: 1000 invalid modules, " + total + " 'cannot deploy' lines in all, "
                    + again + " of them during the stop");
            assertThat(again).as("problems logged again while the container stopped").isZero();
            assertThat(total).isEqualTo(1000);
        }
    }

    @Test
    void aFileThatIsNotABundleIsReportedOnceAndTakenWhenItBecomesOne() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Files.write(staging.resolve("empty.jar"), new byte[0]);
        Files.write(staging.resolve("garbage.jar"), "not a jar at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Manifest plain = new Manifest();
        plain.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JarOutputStream(out, plain).close();
        Files.write(staging.resolve("plain.jar"), out.toByteArray());
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            for (String f : List.of("empty.jar", "garbage.jar", "plain.jar")) {
                Files.move(staging.resolve(f), dir.resolve("deploy/" + f), StandardCopyOption.ATOMIC_MOVE);
            }
            c.await(l -> l.contains("cannot deploy") && l.contains("empty.jar is empty"), 10_000, "the empty file reported");
            c.await(l -> l.contains("cannot deploy") && l.contains("garbage.jar is not a jar"), 10_000, "the garbage reported");
            c.await(l -> l.contains("cannot deploy") && l.contains("plain.jar is not a bundle: its manifest has no "
                    + "Bundle-SymbolicName"), 10_000, "the plain jar reported");
            c.command("wasm:list");
            c.await(l -> l.startsWith("plain.jar ") && l.contains("INVALID"), 10_000, "wasm:list row");
            c.await(l -> l.contains("Not deployed:"), 10_000, "wasm:list reasons");
            // the file becomes a bundle: it is deployed, the problem is gone
            Files.write(staging.resolve("plain.jar"), jar("test.plain", "plain", DistributionIT.guest()));
            Files.move(staging.resolve("plain.jar"), dir.resolve("deploy/plain.jar"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component plain is ready"), 10_000, "the jar, now a bundle, deployed");
            c.command("wasm:invoke plain answer");
            c.await(l -> l.endsWith("42"), 10_000, "its answer");
            c.command("wasm:list");
            String last = c.await(l -> l.startsWith("tally.c ") || l.startsWith("plain.jar "), 10_000, "the list again");
            assertThat(last).doesNotStartWith("plain.jar ");
            // reported once each, not at every poll of the folder
            assertThat(c.transcript().lines().filter(l -> l.contains("cannot deploy") && l.contains("empty.jar"))).hasSize(1);
            assertThat(c.transcript().lines().filter(l -> l.contains("cannot deploy") && l.contains("garbage.jar"))).hasSize(1);
            c.stop();
        }
    }

    @Test
    void aJarCopiedOverTheOldOneSwapsOnceAndKeepsTheState() throws Exception {
        byte[] keeper;
        try (java.io.InputStream in = DeployFolderIT.class.getResourceAsStream("/guests/keeper.wasm")) {
            keeper = in.readAllBytes();
        }
        Path staging = Files.createDirectories(dir.resolve("staging"));
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            Files.write(staging.resolve("keeper.jar"), jar("test.keeper", "1.0.0", "keeper", keeper, "keeper.wasm"));
            Files.move(staging.resolve("keeper.jar"), dir.resolve("deploy/keeper.jar"), StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component keeper is ready"), 10_000, "keeper 1.0.0");
            for (int i = 1; i <= 3; i++) {
                c.command("wasm:invoke keeper inc");
                int n = i;
                c.await(l -> l.endsWith(Integer.toString(n)), 10_000, "inc " + i);
            }
            // a new version copied over the old file: swapped once, the count goes on
            Files.write(staging.resolve("keeper.jar"), jar("test.keeper", "1.1.0", "keeper", keeper, "keeper.wasm"));
            Files.move(staging.resolve("keeper.jar"), dir.resolve("deploy/keeper.jar"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component keeper updated 1.0.0 -> 1.1.0"), 10_000, "the swap");
            c.command("wasm:invoke keeper inc");
            c.await(l -> l.endsWith("4"), 10_000, "the count kept across the swap");
            // a bad update is refused and 1.1.0 goes on
            Files.write(staging.resolve("keeper.jar"), jar("test.keeper", "1.2.0", "keeper",
                    "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8), "keeper.wasm"));
            Files.move(staging.resolve("keeper.jar"), dir.resolve("deploy/keeper.jar"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("update to 1.2.0 refused, version 1.1.0 goes on"), 10_000, "the bad update refused");
            c.command("wasm:invoke keeper inc");
            c.await(l -> l.endsWith("5"), 10_000, "1.1.0 still counting");
            String transcript = c.transcript();
            assertThat(transcript.lines().filter(l -> l.contains("component keeper updated"))).hasSize(1);
            assertThat(transcript).doesNotContain("component keeper stopped");
            assertThat(transcript.lines().filter(l -> l.contains("component keeper is ready"))).hasSize(1);
            c.stop();
        }
    }

    /**
     * Update after update of one bundle through the deploy folder, while another component sends
     * to it as fast as it can: versions that take the state, versions whose module is garbage,
     * versions that refuse the state, in turn. Each is a swap or a refusal, never a stop and a
     * fresh start, and the count of messages handled comes through all of them whole.
     */
    @Test
    void everyUpdateUnderLoadIsASwapOrARefusalAndNoMessageIsLost() throws Exception {
        byte[] good = guest("recv");
        byte[] refusing = guest("recv-refuse");
        byte[] garbage = "not a module".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path staging = Files.createDirectories(dir.resolve("staging"));
        int rounds = 15;
        int burst = 200_000;
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            Files.write(staging.resolve("producer.jar"), bundle("test.producer", "1.0.0",
                    // a burst of 200,000 sends may take more than the default second on a loaded machine (30 s: the ceiling)
                    "producer.wasm;id=producer;send-to=xrecv;timeout-ms=30000", guest("producer"), "producer.wasm"));
            Files.move(staging.resolve("producer.jar"), dir.resolve("deploy/producer.jar"), StandardCopyOption.ATOMIC_MOVE);
            Files.write(staging.resolve("xrecv.jar"), recv("1.0.0", good));
            Files.move(staging.resolve("xrecv.jar"), dir.resolve("deploy/xrecv.jar"), StandardCopyOption.ATOMIC_MOVE);
            Set<String> ready = new HashSet<>();
            while (ready.size() < 2) {
                String line = c.await(l -> l.contains("component xrecv is ready") || l.contains("component producer is ready"),
                        10_000, "xrecv 1.0.0 and the producer");
                ready.add(line.contains("xrecv") ? "xrecv" : "producer");
            }
            String running = "1.0.0";
            for (int i = 1; i <= rounds; i++) {
                // the burst runs on the shell's thread while FileInstall updates the bundle
                c.command("wasm:invoke producer burst " + burst);
                String version = "1.0." + i;
                byte[] module = i % 3 == 1 ? good : i % 3 == 2 ? garbage : refusing;
                Files.write(staging.resolve("xrecv.jar"), recv(version, module));
                Files.move(staging.resolve("xrecv.jar"), dir.resolve("deploy/xrecv.jar"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                String from = running;
                String line = c.await(l -> l.contains("component xrecv updated " + from + " -> " + version)
                        || l.contains("update to " + version + " refused, version " + from + " goes on")
                        || l.contains("component xrecv stopped"), 60_000, "the update to " + version);
                assertThat(line).as("the update to " + version).doesNotContain("stopped");
                if (module == good) {
                    assertThat(line).contains("updated");
                    running = version;
                } else {
                    assertThat(line).contains("refused");
                }
            }
            // every burst sent all its messages; ask until the receiver has counted them all
            String expected = Integer.toString(rounds * burst);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String count;
            do {
                c.command("wasm:invoke xrecv count");
                count = c.await(l -> l.matches("(\\S+ )?\\d+") && !l.endsWith(" " + burst) && !l.equals(Integer.toString(burst)),
                        60_000, "the count").replaceFirst("^\\S+ ", "");
            } while (!count.equals(expected) && System.nanoTime() < end);
            String transcript = c.transcript();
            assertThat(transcript.lines().filter(l -> l.matches("(\\S+ )?" + burst))).as("bursts sent whole, in:\n"
                    + String.join("\n", transcript.lines().filter(l -> l.matches("(\\S+ )?\\d+") || l.contains("xrecv")).toList()))
                    .hasSize(rounds);
            assertThat(count).as("messages counted through all the updates").isEqualTo(expected);
            assertThat(transcript).doesNotContain("component xrecv stopped");
            assertThat(transcript.lines().filter(l -> l.contains("component xrecv is ready"))).hasSize(1);
            System.out.println("DeployFolderIT: " + rounds + " updates of xrecv while another component sent " + expected
                    + " messages: " + transcript.lines().filter(l -> l.contains("component xrecv updated")).count()
                    + " swaps, " + transcript.lines().filter(l -> l.contains("update to") && l.contains("refused")).count()
                    + " refusal lines, 0 stops");
            c.stop();
        }
    }

    private static byte[] recv(String version, byte[] module) throws IOException {
        return bundle("test.xrecv", version, "xrecv.wasm;id=xrecv;receive-from=producer;mailbox=100000;rate-limit=100000000", module, "xrecv.wasm");
    }

    /**
     * Repeats {@code command} until the line of its output that starts with {@code row} contains
     * {@code expected}, for at most 10 s.
     */
    static void awaitRow(Container c, String command, String row, String expected, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            c.command(command);
            String line = c.await(l -> l.contains(row), 10_000, what);
            if (line.contains(expected)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + ": " + line);
            }
        }
    }

    static byte[] jar(String bsn, String id, byte[] guest) throws IOException {
        return jar(bsn, id, guest, "greeter.wasm");
    }

    static byte[] jar(String bsn, String id, byte[] guest, String module) throws IOException {
        return jar(bsn, "1.0.0", id, guest, module);
    }

    static byte[] jar(String bsn, String version, String id, byte[] guest, String module) throws IOException {
        return bundle(bsn, version, module + ";id=" + id, guest, module);
    }

    /** A component bundle whose {@code Wasm-Component} header is {@code header}, holding {@code guest} as {@code module}. */
    static byte[] bundle(String bsn, String version, String header, byte[] guest, String module) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Wasm-Component", header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, mf)) {
            j.putNextEntry(new JarEntry(module));
            j.write(guest);
            j.closeEntry();
        }
        return out.toByteArray();
    }

    /** The bytes of test guest {@code name} (compiled from src/test/wat/{name}.wat). */
    static byte[] guest(String name) throws IOException {
        try (InputStream in = DeployFolderIT.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            return in.readAllBytes();
        }
    }

    /**
     * Drops a component bundle into {@code dir}'s deploy folder as {@code <bsn>.jar}, written
     * aside and moved in at once (FileInstall never sees half a jar); a jar of that name is
     * replaced, which FileInstall takes as an update.
     *
     * @param header the {@code Wasm-Component} header; its first clause names the module
     */
    static void drop(Path dir, String bsn, String version, String header, String guest) throws IOException {
        String module = header.substring(0, header.indexOf(';'));
        Path staged = dir.resolve(bsn + ".tmp");
        Files.write(staged, bundle(bsn, version, header, guest(guest), module));
        Files.move(staged, dir.resolve("deploy/" + bsn + ".jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The operator's files and ConfigAdmin's stored configurations, for a failure message. */
    String state() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cfg") || f.toString().endsWith(".config")).toList()) {
                sb.append("== ").append(dir.relativize(p)).append('\n').append(Files.readString(p)).append('\n');
            }
        }
        return sb.toString();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
