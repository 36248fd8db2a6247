package dev.wharf.eclipse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.tools.p2.Folders;
import dev.wharf.tools.p2.P2Runtime;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Eclipse user's path, end to end: p2's director installs Wharf's features from the update
 * site (the zip eclipse-repository builds, read in place) into an Equinox product, which then
 * runs a component bundle dropped into its deploy folder and answers through the Gogo shell.
 */
class EclipseP2IT {

    private static final Path WORK = Path.of(System.getProperty("eclipse.work", "target/eclipse"));
    private static final Path PLATFORM = Path.of(System.getProperty("eclipse.platform", "target/platform"));
    private static final Path SITE = file("eclipse.site");
    private static final Path COMPONENT = file("eclipse.component");
    private static final Duration P2_TIMEOUT = Duration.ofMinutes(3);
    private static final String PRODUCT = "dev.wharf.itest.product";
    private static final String DIRECTOR = "org.eclipse.equinox.p2.director";

    private static P2Runtime p2;

    /**
     * Publishes the product's bundles and its definition into a repository, as a Tycho build of
     * the product would; and a second product of Equinox alone, without SCR.
     */
    @BeforeAll
    static void publishTheProducts() throws Exception {
        Folders.delete(WORK);
        p2 = P2Runtime.install(WORK.resolve("p2"));
        publishProduct(PLATFORM, "equinox.product", WORK.resolve("platform-repository"));
        Path bare = Files.createDirectories(WORK.resolve("bare-platform"));
        try (Stream<Path> jars = Files.list(PLATFORM)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.(osgi|equinox\\.launcher|equinox\\.simpleconfigurator)-.*")).toList()) {
                Files.copy(jar, bare.resolve(jar.getFileName()));
            }
        }
        publishProduct(bare, "bare.product", WORK.resolve("bare-repository"));
    }

    private static void publishProduct(Path bundles, String productFile, Path repository) throws Exception {
        String uri = repository.toUri().toString();
        p2.run("org.eclipse.equinox.p2.publisher.FeaturesAndBundlesPublisher", P2_TIMEOUT, List.of(
                "-metadataRepository", uri, "-artifactRepository", uri,
                "-bundles", bundles.toAbsolutePath().toString(), "-publishArtifacts"));
        p2.run("org.eclipse.equinox.p2.publisher.ProductPublisher", P2_TIMEOUT, List.of(
                "-metadataRepository", uri, "-artifactRepository", uri, "-append",
                "-publishArtifacts", "-productFile", resource(productFile).toString(),
                "-flavor", "tooling", "-configs", Environment.current().configs()));
    }

    @Test
    void installsWharfWithTheDirectorRunsADroppedComponentAndAddsTheExamplesLater() throws Exception {
        Path product = materialize("product");
        p2.run(DIRECTOR, P2_TIMEOUT, List.of("-repository", updateSite(),
                "-installIU", "dev.wharf.feature.group,dev.wharf.capabilities.feature.group,dev.wharf.lattice.feature.group,"
                        + "dev.wharf.opentelemetry.feature.group,dev.wharf.deploy.feature.group",
                "-destination", product.toString(), "-profile", PRODUCT));

        String bundles = Files.readString(product.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"));
        assertThat(bundles.lines()).anyMatch(l -> l.startsWith("dev.wharf.runtime,") && l.endsWith(",4,true"))
                .anyMatch(l -> l.startsWith("dev.wharf.registry,") && l.endsWith(",3,true"))
                .anyMatch(l -> l.startsWith("dev.wharf.capabilities,") && l.endsWith(",3,true"))
                .anyMatch(l -> l.startsWith("dev.wharf.lattice,") && l.endsWith(",4,true"))
                .anyMatch(l -> l.startsWith("dev.wharf.otel,") && l.endsWith(",4,true"))
                .anyMatch(l -> l.startsWith("org.apache.felix.fileinstall,") && l.endsWith(",5,true"))
                .anyMatch(l -> l.startsWith("com.h2database.mvstore,") && l.endsWith(",4,false"));
        assertThat(product.resolve("features")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("dev.wharf.deploy_"));

        Path dropped = Files.createDirectories(product.resolve("deploy")).resolve("example-calculator.jar");
        try (Product running = start(product)) {
            running.await(l -> l.contains("Wharf runtime") && l.contains("serves components"), 60_000, "the runtime");
            running.command("lb");
            running.await(l -> l.matches(".*\\|Active +\\| +3\\|Wharf capabilities .*"), 10_000, "the capabilities active");
            running.await(l -> l.matches(".*\\|Active +\\| +4\\|Wharf lattice .*"), 10_000, "the lattice active");
            running.await(l -> l.matches(".*\\|Active +\\| +4\\|Wharf OpenTelemetry exporter .*"), 10_000, "the exporter active");
            // whole or not at all: FileInstall must not see half a jar
            Path staged = Files.copy(COMPONENT, product.resolve("example-calculator.jar"));
            Files.move(staged, dropped, StandardCopyOption.ATOMIC_MOVE);
            running.await(l -> l.contains("component calculator is ready"), 60_000, "the deployed calculator");
            running.command("wasm:invoke calculator add 2 3");
            running.await(l -> l.matches("(g! )*5"), 30_000, "the calculator's answer");
            Files.delete(dropped);
            running.await(l -> l.contains("component calculator stopped"), 30_000, "the calculator taken out");
            assertThat(running.stop()).isZero();
        }

        // later, into the same product (its profile), as an Eclipse user adds software
        p2.run(DIRECTOR, P2_TIMEOUT, List.of("-repository", updateSite(), "-installIU", "dev.wharf.examples.feature.group",
                "-destination", product.toString(), "-profile", PRODUCT));
        try (Product running = start(product)) {
            running.await(l -> l.contains("component counter is ready"), 60_000, "the counter, with its kv capability");
            running.command("wasm:invoke calculator add 40 2");
            running.await(l -> l.matches("(g! )*42"), 30_000, "the installed calculator's answer");
            running.command("wasm:ask pong '{\"q\":1}'");
            running.await(l -> l.matches("(g! )*\"pong\""), 30_000, "pong's reply");
            assertThat(running.stop()).isZero();
        }
    }

    /**
     * Starts the product. {@code gosh.args} given (empty): Gogo reads commands from standard input
     * and stops the framework at its end; {@code felix.fileinstall.dir}: the deploy folder.
     */
    private static Product start(Path product) throws IOException {
        return new Product(product, "-Dgosh.args=", "-Dfelix.fileinstall.dir=deploy", "-Dfelix.fileinstall.poll=200");
    }

    @Test
    void refusesToInstallWharfWhereNothingRunsItsComponents() throws Exception {
        // the update site carries no SCR: Eclipse products have one, and p2 must not install Wharf without
        Path bare = WORK.resolve("bare");
        String repositories = WORK.resolve("bare-repository").toUri() + "," + updateSite();
        assertThatThrownBy(() -> p2.run(DIRECTOR, P2_TIMEOUT,
                directorInstall(repositories, "dev.wharf.itest.bare,dev.wharf.feature.group", bare)))
                .hasMessageContaining("Cannot complete the install")
                .hasMessageContaining("requires 'osgi.extender; (&(osgi.extender=osgi.component)");
        assertThat(bare.resolve("plugins")).doesNotExist();
    }

    /** A fresh copy of the product, installed by the director from the platform repository. */
    private static Path materialize(String name) throws IOException, InterruptedException {
        Path home = WORK.resolve(name).toAbsolutePath();
        p2.run(DIRECTOR, P2_TIMEOUT, directorInstall(WORK.resolve("platform-repository").toUri().toString(), PRODUCT, home));
        return home;
    }

    private static List<String> directorInstall(String repository, String units, Path destination) {
        Environment env = Environment.current();
        List<String> args = new ArrayList<>(List.of("-repository", repository, "-installIU", units,
                "-destination", destination.toAbsolutePath().toString(), "-bundlepool", destination.toAbsolutePath().toString(),
                "-profile", PRODUCT, "-roaming", "-p2.os", env.os(), "-p2.ws", env.ws(), "-p2.arch", env.arch(),
                "-profileProperties", "org.eclipse.update.install.features=true"));
        return args;
    }

    /** The zip as a p2 repository, read in place: what a user adds in Install New Software. */
    private static String updateSite() {
        return "jar:" + SITE.toAbsolutePath().toUri() + "!/";
    }

    /** A file the build names in a system property (the pom sets them; an IDE run must too). */
    private static Path file(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven (mvn verify -pl eclipse-itest)");
        }
        return Path.of(path);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EclipseP2IT.class.getClassLoader().getResource(name).toURI());
    }
}
