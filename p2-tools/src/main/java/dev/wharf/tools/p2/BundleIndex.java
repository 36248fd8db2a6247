package dev.wharf.tools.p2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The OSGi bundles of a folder of jars, by symbolic name: what a feature's {@code 0.0.0} plugin
 * versions are resolved against, as PDE and Tycho resolve them against a target platform.
 */
public final class BundleIndex {

    /** One bundle jar: its symbolic name (directives stripped), its version and its file. */
    public record Bundle(String symbolicName, String version, Path jar) {}

    private final Map<String, Bundle> bySymbolicName;

    private BundleIndex(Map<String, Bundle> bySymbolicName) {
        this.bySymbolicName = Map.copyOf(bySymbolicName);
    }

    /**
     * Reads the manifest of every {@code *.jar} directly in {@code folder}.
     *
     * @throws IllegalArgumentException if a jar is no bundle, or two jars are the same bundle
     */
    public static BundleIndex of(Path folder) throws IOException {
        Map<String, Bundle> bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Bundle bundle = read(jar);
                Bundle other = bundles.putIfAbsent(bundle.symbolicName(), bundle);
                if (other != null) {
                    throw new IllegalArgumentException("two jars are bundle " + bundle.symbolicName() + ": "
                            + other.jar().getFileName() + " and " + jar.getFileName() + "; keep one");
                }
            }
        }
        return new BundleIndex(bundles);
    }

    /** The bundle named {@code symbolicName}, or an error naming the folder's bundles. */
    public Bundle get(String symbolicName) {
        Bundle bundle = bySymbolicName.get(symbolicName);
        if (bundle == null) {
            throw new IllegalArgumentException("no bundle " + symbolicName + " among " + bySymbolicName.keySet());
        }
        return bundle;
    }

    /** Every bundle, by symbolic name. */
    public Collection<Bundle> all() {
        return new TreeMap<>(bySymbolicName).values();
    }

    static Bundle read(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String name = main.getValue("Bundle-SymbolicName");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(jar.getFileName() + " is no OSGi bundle: its manifest has no Bundle-SymbolicName");
            }
            String version = main.getValue("Bundle-Version");
            return new Bundle(name.split(";", 2)[0].trim(), version == null ? "0.0.0" : version.trim(), jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
