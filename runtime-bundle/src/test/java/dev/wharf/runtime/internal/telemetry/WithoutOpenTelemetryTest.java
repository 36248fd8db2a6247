package dev.wharf.runtime.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The runtime on a platform without the OpenTelemetry API (an optional import): its classes that
 * trace load, verify and trace nothing, and only the two that use the API need it. Checked with
 * the runtime's classes in a loader that cannot see {@code io.opentelemetry.*}, as a framework
 * that did not wire the import.
 */
class WithoutOpenTelemetryTest {

    /** The runtime's own classes, loaded here; {@code io.opentelemetry.*} missing; the rest from the test's loader. */
    static final class WithoutApi extends URLClassLoader {
        WithoutApi() {
            super(new URL[] {Telemetry.class.getProtectionDomain().getCodeSource().getLocation()},
                    WithoutOpenTelemetryTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.opentelemetry.")) {
                throw new ClassNotFoundException(name + " (no OpenTelemetry API here)");
            }
            if (!name.startsWith("dev.wharf.runtime.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }

    @Test
    void everyClassThatTracesLoadsAndTracesNothing() throws Exception {
        try (WithoutApi loader = new WithoutApi()) {
            for (String name : new String[] {"telemetry.Telemetry", "actor.ActorSystem", "actor.Lane", "actor.Instance",
                    "actor.JavaActor", "actor.ActorHost", "actor.Envelope$Deliver", "dispatch.MessageRouter",
                    "dispatch.ActorRoute", "dispatch.HttpRouter"}) {
                // initialised, so verified: a reference to an API type it would need fails here
                Class<?> c = Class.forName("dev.wharf.runtime.internal." + name, true, loader);
                assertThat(c.getClassLoader()).isSameAs(loader);
            }
            Class<?> telemetry = Class.forName("dev.wharf.runtime.internal.telemetry.Telemetry", true, loader);
            Object off = telemetry.getConstructor().newInstance();
            assertThat(telemetry.getMethod("tracing").invoke(off)).isEqualTo(false);
            Object none = Class.forName("dev.wharf.runtime.internal.telemetry.TraceParent", true, loader).getField("NONE")
                    .get(null);
            assertThat(telemetry.getMethod("capture").invoke(off)).isSameAs(none);
            // only the classes that use the API need it
            assertThatThrownBy(() -> Class.forName("dev.wharf.runtime.internal.telemetry.otel.OtelTracing", true, loader)
                    .getConstructor(Object.class, String.class).newInstance(null, "1"))
                    .hasRootCauseInstanceOf(ClassNotFoundException.class);
        }
    }
}
