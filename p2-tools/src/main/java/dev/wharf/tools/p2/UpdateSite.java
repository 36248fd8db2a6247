package dev.wharf.tools.p2;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build step that publishes a p2 repository (an update site) of features with p2's own
 * publisher, as PDE and Tycho would from the same {@code feature.xml} files.
 *
 * <p>Usage: {@code UpdateSite <source> <bundles> <qualifier> <name> <repository> <work>}. The
 * source folder holds {@code category.xml} and {@code features/<id>/feature.xml}, each with an
 * optional {@code autostart.properties} ({@code <bundle> = <start level>} for the bundles to
 * start); {@code bundles} holds the jars the features list. The repository is written anew,
 * compressed ({@code content.jar}, {@code artifacts.jar}); {@code work} is scratch space.
 */
public final class UpdateSite {

    private static final Duration PUBLISHER_TIMEOUT = Duration.ofMinutes(5);
    private static final String CATEGORY_QUALIFIER = "dev.wharf.category";

    private UpdateSite() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: UpdateSite <source> <bundles> <qualifier> <name> <repository> <work>");
        }
        Path source = Path.of(args[0]);
        BundleIndex bundles = BundleIndex.of(Path.of(args[1]));
        Path repository = Path.of(args[4]).toAbsolutePath();
        Path work = Path.of(args[5]).toAbsolutePath();
        Path staged = stage(source.resolve("features"), bundles, args[2], work.resolve("source"));
        Categories.check(source.resolve("category.xml"), featureIds(staged));
        P2Runtime p2 = P2Runtime.install(work.resolve("p2"));
        Folders.delete(repository);
        String uri = repository.toUri().toString();
        p2.run("org.eclipse.equinox.p2.publisher.FeaturesAndBundlesPublisher", PUBLISHER_TIMEOUT, List.of(
                "-metadataRepository", uri, "-artifactRepository", uri,
                "-metadataRepositoryName", args[3], "-artifactRepositoryName", args[3],
                "-source", staged.toString(), "-publishArtifacts", "-compress"));
        p2.run("org.eclipse.equinox.p2.publisher.CategoryPublisher", PUBLISHER_TIMEOUT, List.of(
                "-metadataRepository", uri,
                "-categoryDefinition", source.resolve("category.xml").toAbsolutePath().toUri().toString(),
                "-categoryQualifier", CATEGORY_QUALIFIER, "-compress"));
        for (String index : List.of("content.jar", "artifacts.jar")) {
            if (!Files.isRegularFile(repository.resolve(index))) {
                throw new IllegalStateException("p2's publisher wrote no " + index + " in " + repository);
            }
        }
        System.out.println("[p2] update site " + repository);
    }

    /**
     * Writes the concrete features, their {@code p2.inf} and the plugins they list into
     * {@code staging} ({@code features/}, {@code plugins/}), the publisher's {@code -source}.
     */
    static Path stage(Path features, BundleIndex bundles, String qualifier, Path staging) throws IOException {
        Folders.delete(staging);
        Map<String, FeatureTemplate> templates = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(features)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!Files.isRegularFile(dir.resolve("feature.xml"))) {
                    throw new IllegalArgumentException(dir + " holds no feature.xml");
                }
                FeatureTemplate template = FeatureTemplate.read(dir.resolve("feature.xml"));
                if (!template.id().equals(dir.getFileName().toString())) {
                    throw new IllegalArgumentException(dir + " holds feature " + template.id() + ": name the folder after it");
                }
                templates.put(template.id(), template);
            }
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException(features + " holds no feature: each is a folder <id> with a feature.xml");
        }
        Map<String, String> versions = new TreeMap<>();
        templates.forEach((id, template) -> versions.put(id, template.concreteVersion(qualifier)));
        Path plugins = Files.createDirectories(staging.resolve("plugins"));
        for (FeatureTemplate template : templates.values()) {
            Path dir = staging.resolve("features").resolve(template.id());
            template.writeConcrete(dir.resolve("feature.xml"), versions.get(template.id()), bundles, versions);
            Map<String, Integer> starts = autostart(features.resolve(template.id()).resolve("autostart.properties"));
            for (String bundle : starts.keySet()) {
                if (!template.plugins().contains(bundle)) {
                    throw new IllegalArgumentException("feature " + template.id() + " starts " + bundle + ", which it does not list");
                }
            }
            if (!starts.isEmpty()) {
                Files.writeString(dir.resolve("p2.inf"),
                        StartUnits.p2Inf(template.id(), versions.get(template.id()), starts, bundles), StandardCharsets.ISO_8859_1);
            }
            for (String plugin : template.plugins()) {
                BundleIndex.Bundle bundle = bundles.get(plugin);
                Files.copy(bundle.jar(), plugins.resolve(plugin + "_" + bundle.version() + ".jar"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return staging;
    }

    private static Set<String> featureIds(Path staged) throws IOException {
        try (Stream<Path> dirs = Files.list(staged.resolve("features"))) {
            return dirs.map(d -> d.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Map<String, Integer> autostart(Path file) throws IOException {
        Map<String, Integer> levels = new TreeMap<>();
        if (!Files.exists(file)) {
            return levels;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        for (String bundle : properties.stringPropertyNames()) {
            String level = properties.getProperty(bundle).strip();
            int parsed;
            try {
                parsed = Integer.parseInt(level);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": start level of " + bundle + " is " + level + ", not a number", e);
            }
            if (parsed < 1) {
                throw new IllegalArgumentException(file + ": start level of " + bundle + " is " + level + "; start levels begin at 1");
            }
            levels.put(bundle, parsed);
        }
        return levels;
    }
}
