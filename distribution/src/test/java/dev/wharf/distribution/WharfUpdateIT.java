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
