package dev.wharf.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.launcher.LaunchPlan.EmbeddedBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** The launcher's install, update and move of bundles, in a real Felix. */
class InstallerTest {

    @TempDir
    Path dir;

    private Framework framework;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void aBundleInstalledFromItsFileIsUpdatedByReadingTheFileAgain() throws Exception {
        LaunchPlan plan = plan("1.0.0");
        BundleFolder folder = new BundleFolder(dir.resolve("bundles"));
        folder.extract(plan.bundles(), jar());
        Bundle bundle = synchronize(plan, folder);
        assertThat(bundle.getLocation()).startsWith("file:").endsWith("/bundles/a.jar");
        assertThat(bundle.getVersion()).hasToString("1.0.0");

        Files.write(dir.resolve("bundles/a.jar"), bundleJar("1.0.1")); // the operator puts a new build there
        bundle.update(); // Gogo's update <id>
        assertThat(bundle.getVersion()).hasToString("1.0.1");
    }

    @Test
    void aFileTheOperatorReplacedStaysUntilWharfJarEmbedsAnotherBuild() throws Exception {
        LaunchPlan plan = plan("1.0.0");
        BundleFolder folder = new BundleFolder(dir.resolve("bundles"));
        folder.extract(plan.bundles(), jar());
        Files.write(dir.resolve("bundles/a.jar"), bundleJar("1.0.1"));

        folder.extract(plan.bundles(), jar()); // the same wharf.jar starts again
        assertThat(versionOf(dir.resolve("bundles/a.jar"))).isEqualTo("1.0.1");

        Files.write(dir.resolve("jar/a.jar"), bundleJar("1.0.2")); // a new wharf.jar
        folder.extract(plan.bundles(), jar());
        assertThat(versionOf(dir.resolve("bundles/a.jar"))).isEqualTo("1.0.2");
    }

    @Test
    void aBundleBndsLauncherInstalledFromInsideTheJarMovesToItsFileWithItsData() throws Exception {
        LaunchPlan plan = plan("1.0.0");
        framework = newFramework();
        framework.start();
        Bundle old = framework.getBundleContext().installBundle("jar/a.jar", new ByteArrayInputStream(bundleJar("1.0.0")));
        old.start();
        Files.writeString(old.getBundleContext().getDataFile("registry").toPath(), "kept");
        stop();

        BundleFolder folder = new BundleFolder(dir.resolve("bundles"));
        folder.extract(plan.bundles(), jar());
        Bundle moved = synchronize(plan, folder);
        framework.start();
        assertThat(moved.getBundleId()).isNotEqualTo(old.getBundleId());
        assertThat(framework.getBundleContext().getBundle("jar/a.jar")).isNull();
        assertThat(Files.readString(moved.getBundleContext().getDataFile("registry").toPath())).isEqualTo("kept");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("(jar/a.jar) is now bundle " + moved.getBundleId());
    }

    @Test
    void aPlanWhoseListsDisagreeIsRefusedSayingSo() {
        Properties p = new Properties();
        p.setProperty("launch.bundles", "jar/a.jar,jar/b.jar");
        p.setProperty("launch.runbundles.attrs", "a;version=\"1.0.0\";startlevel=3");
        assertThatThrownBy(() -> LaunchPlan.parse(p)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("2 bundles in launch.bundles but 1 in launch.runbundles.attrs");
    }

    private Bundle synchronize(LaunchPlan plan, BundleFolder folder) throws Exception {
        if (framework == null) {
            framework = newFramework();
        } else {
            framework.init();
        }
        new Installer(folder, dir.resolve("framework"), new PrintStream(log, true, StandardCharsets.UTF_8))
                .synchronize(framework.getBundleContext(), plan);
        return framework.getBundleContext().getBundle("file:" + folder.dir().resolve("a.jar").toString().replace('\\', '/'));
    }

    private Framework newFramework() throws Exception {
        Framework f = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, dir.resolve("framework").toString()));
        f.init();
        return f;
    }

    private LaunchPlan plan(String version) throws IOException {
        Files.createDirectories(dir.resolve("jar"));
        Files.write(dir.resolve("jar/a.jar"), bundleJar(version));
        return new LaunchPlan(List.of(new EmbeddedBundle("jar/a.jar", "test.a", 1)), Map.of(), 9);
    }

    private ClassLoader jar() throws IOException {
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    private static byte[] bundleJar(String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "test.a");
        main.putValue(Constants.BUNDLE_VERSION, version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JarOutputStream(out, manifest).close();
        return out.toByteArray();
    }

    private static String versionOf(Path jar) throws IOException {
        try (var in = new java.util.jar.JarFile(jar.toFile())) {
            return in.getManifest().getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        }
    }
}
