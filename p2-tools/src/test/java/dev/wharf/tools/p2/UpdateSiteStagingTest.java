package dev.wharf.tools.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features as the publisher gets them: versions made concrete, start units, plugins beside them. */
class UpdateSiteStagingTest {

    @TempDir
    Path dir;

    @Test
    void fillsInVersionsAndStartsWhatTheFeatureSays() throws IOException {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        bundle(bundles.resolve("a.jar"), "org.example.a;singleton:=true", "1.2.3.202612070800");
        bundle(bundles.resolve("b.jar"), "org.example.b", "4.5.6");
        Path features = dir.resolve("src/features");
        feature(features, "org.example", "<plugin id=\"org.example.a\" version=\"0.0.0\"/><plugin id=\"org.example.b\" version=\"0.0.0\"/>");
        feature(features, "org.example.more", "<includes id=\"org.example\" version=\"0.0.0\"/>");
        Files.writeString(features.resolve("org.example/autostart.properties"), "org.example.a = 3\n");

        Path staged = UpdateSite.stage(features, BundleIndex.of(bundles), "202612070900", dir.resolve("staged"));

        String main = Files.readString(staged.resolve("features/org.example/feature.xml"));
        assertThat(main).contains("version=\"1.0.0.202612070900\"", "id=\"org.example.a\" version=\"1.2.3.202612070800\"",
                "id=\"org.example.b\" version=\"4.5.6\"");
        assertThat(Files.readString(staged.resolve("features/org.example.more/feature.xml")))
                .contains("<includes id=\"org.example\" version=\"1.0.0.202612070900\"/>");
        String inf = Files.readString(staged.resolve("features/org.example/p2.inf"));
        assertThat(inf).contains("units.0.hostRequirements.0.name=org.example.a",
                "units.0.hostRequirements.0.range=[1.2.3.202612070800,1.2.3.202612070800]",
                "units.0.instructions.configure=setStartLevel(startLevel:3);markStarted(started:true);",
                "requires.0.range=[1.0.0.202612070900,1.0.0.202612070900]").doesNotContain("org.example.b");
        assertThat(staged.resolve("features/org.example.more/p2.inf")).doesNotExist();
        assertThat(staged.resolve("plugins/org.example.a_1.2.3.202612070800.jar")).exists();
        assertThat(staged.resolve("plugins/org.example.b_4.5.6.jar")).exists();
    }

    @Test
    void namesWhatIsMissingOrWrong() throws IOException {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        bundle(bundles.resolve("a.jar"), "org.example.a", "1.0.0");
        Path features = dir.resolve("src/features");
        feature(features, "org.example", "<plugin id=\"org.example.gone\" version=\"0.0.0\"/>");
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(bundles), "q", dir.resolve("staged")))
                .hasMessageContaining("no bundle org.example.gone among [org.example.a]");

        feature(features, "org.example", "<plugin id=\"org.example.a\" version=\"0.0.0\"/>");
        Files.writeString(features.resolve("org.example/autostart.properties"), "org.example.other = 4\n");
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(bundles), "q", dir.resolve("staged")))
                .hasMessageContaining("feature org.example starts org.example.other, which it does not list");

        Files.writeString(features.resolve("org.example/autostart.properties"), "org.example.a = soon\n");
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(bundles), "q", dir.resolve("staged")))
                .hasMessageContaining("start level of org.example.a is soon, not a number");
        Files.writeString(features.resolve("org.example/autostart.properties"), "org.example.a = 0\n");
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(bundles), "q", dir.resolve("staged")))
                .hasMessageContaining("start level of org.example.a is 0; start levels begin at 1");

        Files.createDirectories(features.resolve("org.example.empty"));
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(bundles), "q", dir.resolve("staged")))
                .hasMessageContaining("org.example.empty holds no feature.xml");
        Path none = Files.createDirectories(dir.resolve("none"));
        assertThatThrownBy(() -> UpdateSite.stage(none, BundleIndex.of(bundles), "q", dir.resolve("staged")))
                .hasMessageContaining("holds no feature: each is a folder <id> with a feature.xml");

        Files.write(bundles.resolve("plain.jar"), new byte[0]);
        assertThatThrownBy(() -> BundleIndex.of(bundles)).hasMessageContaining("plain.jar");
    }

    @Test
    void refusesAFeatureWithoutQualifierOrInTheWrongFolder() throws IOException {
        Path features = dir.resolve("src/features");
        Files.createDirectories(features.resolve("org.example"));
        Files.writeString(features.resolve("org.example/feature.xml"), "<feature id=\"org.example\" version=\"1.0.0\"/>");
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(Files.createDirectories(dir.resolve("b"))), "q",
                dir.resolve("staged"))).hasMessageContaining("version 1.0.0 of feature org.example must end in .qualifier");

        Files.writeString(features.resolve("org.example/feature.xml"), "<feature id=\"org.other\" version=\"1.0.0.qualifier\"/>");
        assertThatThrownBy(() -> UpdateSite.stage(features, BundleIndex.of(dir.resolve("b")), "q", dir.resolve("staged")))
                .hasMessageContaining("holds feature org.other: name the folder after it");
    }

    @Test
    void everyFeatureIsInACategoryAndEveryCategorizedFeatureIsBuilt() throws IOException {
        Path category = dir.resolve("category.xml");
        Files.writeString(category, "<site><category-def name=\"c\" label=\"C\"/>"
                + "<feature id=\"org.example\" version=\"0.0.0\"><category name=\"c\"/></feature></site>");
        Categories.check(category, Set.of("org.example"));
        assertThatThrownBy(() -> Categories.check(category, Set.of("org.example", "org.example.more")))
                .hasMessageContaining("puts no category on [org.example.more]");
        assertThatThrownBy(() -> Categories.check(category, Set.of()))
                .hasMessageContaining("names features that are not built: [org.example]");
        Files.writeString(category, "<site><category-def name=\"c\" label=\"C\"/>"
                + "<feature id=\"org.example\" version=\"0.0.0\"><category name=\"typo\"/></feature></site>");
        assertThatThrownBy(() -> Categories.check(category, Set.of("org.example")))
                .hasMessageContaining("puts feature org.example in category typo, which no <category-def> defines");
    }

    private static void feature(Path features, String id, String content) throws IOException {
        Path dir = Files.createDirectories(features.resolve(id));
        Files.writeString(dir.resolve("feature.xml"),
                "<?xml version=\"1.0\"?>\n<feature id=\"" + id + "\" version=\"1.0.0.qualifier\">" + content + "</feature>\n");
    }

    private static void bundle(Path jar, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
    }
}
