package dev.wharf.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What {@code wharf.jar} runs: the bundles embedded in it, in install order with their start
 * levels, and the framework properties. Read from the {@code launcher.properties} that bnd's
 * exporter writes from {@code distribution/wharf.bndrun}, so the bndrun stays the one place that
 * says what the container is made of.
 *
 * @param bundles the embedded bundles, in install order
 * @param properties the framework properties (every key not starting with {@code launch.})
 * @param defaultStartLevel the start level of bundles installed later (those of {@code deploy/})
 */
record LaunchPlan(List<EmbeddedBundle> bundles, Map<String, String> properties, int defaultStartLevel) {

    static final String RESOURCE = "launcher.properties";

    /**
     * @param path its path inside {@code wharf.jar} ({@code jar/runtime-bundle-0.1.0-SNAPSHOT.jar})
     * @param symbolicName the {@code Bundle-SymbolicName} it must carry
     * @param startLevel its start level
     */
    record EmbeddedBundle(String path, String symbolicName, int startLevel) {

        /** The file name it is extracted to. */
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    LaunchPlan {
        bundles = List.copyOf(bundles);
        properties = Map.copyOf(properties);
    }

    /** Reads the plan from {@value #RESOURCE} on {@code loader}'s class path. */
    static LaunchPlan read(ClassLoader loader) throws LaunchException {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LaunchException(RESOURCE + " is missing: this jar was not built as wharf.jar");
            }
            Properties p = new Properties();
            p.load(in);
            return parse(p);
        } catch (IOException e) {
            throw new LaunchException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code launch.bundles} lists the jars, {@code launch.runbundles.attrs} their symbolic names
     * and start levels ({@code bsn;version="1.0";startlevel=3}), in the same order.
     */
    static LaunchPlan parse(Properties p) throws LaunchException {
        List<String> paths = list(p, "launch.bundles");
        List<String> attributes = list(p, "launch.runbundles.attrs");
        if (paths.size() != attributes.size()) {
            throw new LaunchException(RESOURCE + " names " + paths.size() + " bundles in launch.bundles but "
                    + attributes.size() + " in launch.runbundles.attrs");
        }
        int defaultLevel = number(p.getProperty("launch.startlevel.default", "1"), "launch.startlevel.default");
        List<EmbeddedBundle> bundles = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            bundles.add(bundle(paths.get(i), attributes.get(i), defaultLevel));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("launch.")) {
                properties.put(key, p.getProperty(key));
            }
        }
        return new LaunchPlan(bundles, properties, defaultLevel);
    }

    private static EmbeddedBundle bundle(String path, String attributes, int defaultLevel) throws LaunchException {
        String[] parts = attributes.split(";");
        int level = defaultLevel;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.startsWith("startlevel=")) {
                level = number(part.substring("startlevel=".length()), "the start level of " + path);
            }
        }
        return new EmbeddedBundle(path, parts[0].trim(), level);
    }

    private static List<String> list(Properties p, String key) throws LaunchException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new LaunchException(RESOURCE + " has no " + key);
        }
        List<String> out = new ArrayList<>();
        for (String item : value.split(",")) {
            out.add(item.trim());
        }
        return out;
    }

    private static int number(String text, String what) throws LaunchException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new LaunchException(what + " is not a number: " + text, e);
        }
    }
}
