package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** When the lattice uses OpenTelemetry: only when wired to every package {@link TraceHeaders} needs. */
class TracingTest {

    @Test
    void theCheckedPackagesAreTheBundlesOpenTelemetryImports() throws Exception {
        // the manifest bnd wrote for this build: a package TraceHeaders starts to use must be checked too
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String imports = manifest.getMainAttributes().getValue("Import-Package");
        List<String> otel = new ArrayList<>();
        for (String clause : imports.split(",(?=[a-z])")) {
            String name = clause.split(";")[0].trim();
            if (name.startsWith("io.opentelemetry.")) {
                otel.add(name);
                assertThat(clause).as(name).contains("resolution:=optional").contains("version=\"[1.62,2)\"");
            }
        }
        assertThat(otel).containsExactlyInAnyOrderElementsOf(Tracing.PACKAGES);
    }

    @Test
    void usedOnlyWhenEveryPackageIsWired() {
        assertThat(Tracing.wired(wiring(Tracing.PACKAGES))).isTrue();
        assertThat(Tracing.wired(wiring(List.of("io.opentelemetry.context", "io.opentelemetry.api.trace")))).isFalse();
        assertThat(Tracing.wired(wiring(List.of("org.osgi.framework")))).isFalse();
        assertThat(Tracing.wired(null)).isFalse();
    }

    /** A bundle wiring with one package wire for each of {@code packages}; nothing else is asked of it. */
    static BundleWiring wiring(List<String> packages) {
        List<BundleWire> wires = packages.stream().map(TracingTest::wire).toList();
        return proxy(BundleWiring.class, (method, args) -> {
            assertThat(method).isEqualTo("getRequiredWires");
            assertThat(args[0]).isEqualTo(PackageNamespace.PACKAGE_NAMESPACE);
            return wires;
        });
    }

    static BundleWire wire(String pkg) {
        BundleCapability capability = proxy(BundleCapability.class, (method, args) -> {
            assertThat(method).isEqualTo("getAttributes");
            return Map.of(PackageNamespace.PACKAGE_NAMESPACE, pkg);
        });
        return proxy(BundleWire.class, (method, args) -> {
            assertThat(method).isEqualTo("getCapability");
            return capability;
        });
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(TracingTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> answer.answer(method.getName(), args)));
    }
}
