package dev.wharf.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** Builds component bundles in memory from the test guests compiled during the build. */
final class ComponentBundles {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final BundleContext context;

    ComponentBundles(BundleContext context) {
        this.context = context;
    }

    /** The bytes of test guest {@code name} (compiled from src/test/wat/{name}.wat). */
    static byte[] guest(String name) {
        try (InputStream in = ComponentBundles.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no test guest " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requirement component bundles carry. */
    static final String REQUIREMENT =
            "osgi.extender;filter:=\"(&(osgi.extender=dev.wharf.component)(version>=1.0)(!(version>=2.0)))\"";

    /** A bundle jar with the given header and entries. */
    static byte[] jar(String symbolicName, String version, String header, Map<String, byte[]> entries) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (header != null) {
            headers.put("Wasm-Component", header);
        }
        headers.put("Require-Capability", REQUIREMENT);
        return jar(symbolicName, version, headers, entries);
    }

    /** A bundle jar with the given manifest headers and entries. */
    static byte[] jar(String symbolicName, String version, Map<String, String> headers, Map<String, byte[]> entries) {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        headers.forEach(a::putValue);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Installs and starts a bundle carrying test guest {@code guest} under {@code header}. */
    Bundle start(String header, String... guests) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String g : guests) {
            entries.put(g + ".wasm", guest(g));
        }
        return start(header, entries);
    }

    Bundle start(String header, Map<String, byte[]> entries) {
        Bundle b = install(header, entries);
        try {
            b.start();
        } catch (BundleException e) {
            throw new IllegalStateException(e);
        }
        return b;
    }

    Bundle install(String header, Map<String, byte[]> entries) {
        int n = SEQUENCE.incrementAndGet();
        String bsn = "test.component" + n;
        try {
            return context.installBundle("wharf-itest:" + bsn, new ByteArrayInputStream(jar(bsn, "1.0." + n, header, entries)));
        } catch (BundleException e) {
            throw new IllegalStateException(e);
        }
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
