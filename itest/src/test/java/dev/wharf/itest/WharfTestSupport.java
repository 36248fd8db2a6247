package dev.wharf.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Calls into components and unwraps their answers; configures them and cleans up after a test. */
final class WharfTestSupport {

    private WharfTestSupport() {}

    static InvokeResult invoke(MessageDispatcher d, String id, String function, byte[] args) {
        return await(d.invoke(ComponentId.of(id), new ComponentMessage.Invoke(function, args)));
    }

    /** A message from the host to component {@code to}. */
    static ComponentMessage.InterComponent fromHost(String to, byte[] payload) {
        return new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of(to), payload);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** The error an invoke ends with; fails the test when it succeeds. */
    static WharfException invokeFails(MessageDispatcher d, String id, String function, byte[] args) {
        return failure(d.invoke(ComponentId.of(id), new ComponentMessage.Invoke(function, args)));
    }

    /** Re-checks {@code condition} (each check a round trip into the container) until it holds. */
    static void eventually(java.util.function.BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The registry's entry of {@code id} once the registry has caught up with the live component:
     * the runtime writes the registry from a thread of its own, so a read right after a change
     * on a dispatcher thread may see the entry as it was just before.
     */
    static Optional<ComponentMetadata> settled(ComponentRegistry registry, ComponentRuntime runtime, ComponentId id) {
        eventually(() -> {
            Optional<ComponentInfo> live = runtime.component(id).filter(ComponentInfo::live);
            if (live.isEmpty()) {
                return true;
            }
            ComponentMetadata now = live.get().metadata();
            return registry.lookup(id).filter(m -> m.state() == now.state() && m.reason().equals(now.reason())
                    && m.health().equals(now.health()) && m.restartCount() == now.restartCount()).isPresent();
        }, "the registry caught up with component " + id);
        return registry.lookup(id);
    }

    /** CPU time used so far by the threads that run guests ({@code wharf-dispatcher-*}). */
    static long dispatcherCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().startsWith("wharf-dispatcher"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getThreadId()))).sum();
    }

    /** The threads that run guests now. */
    static long dispatcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("wharf-dispatcher")).count();
    }

    /** The installed bundle named {@code bsn}. */
    static org.osgi.framework.Bundle bundle(org.osgi.framework.BundleContext context, String bsn) {
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    static WharfException failure(CompletionStage<?> stage) {
        try {
            Object v = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            return fail("expected an error, got " + v);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WharfException.class);
            return (WharfException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** The {@code WasmComponent} service of {@code id}, once it is registered. */
    static dev.wharf.api.WasmComponent wasmComponent(org.osgi.framework.BundleContext context, String id) {
        eventually(() -> wasmComponentReference(context, id) != null, "component " + id + " registered");
        return context.getService(wasmComponentReference(context, id));
    }

    /** The reference of the {@code WasmComponent} service of {@code id}, {@code null} while there is none. */
    static org.osgi.framework.ServiceReference<dev.wharf.api.WasmComponent> wasmComponentReference(
            org.osgi.framework.BundleContext context, String id) {
        try {
            var refs = context.getServiceReferences(dev.wharf.api.WasmComponent.class,
                    "(" + dev.wharf.api.WasmComponent.ID + "=" + id + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Configuration properties from {@code keyValues}: key, value, key, value, ... */
    static Dictionary<String, Object> properties(String... keyValues) {
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    /** Makes {@code c} the operator's configuration of component {@code componentId}: {@code keyValues} and its id. */
    static void updateComponent(Configuration c, String componentId, String... keyValues) throws IOException {
        Dictionary<String, Object> props = properties(keyValues);
        props.put("component.id", componentId);
        c.update(props);
    }

    /** A new configuration of component {@code componentId} (a dev.wharf.component factory configuration). */
    static Configuration configureComponent(ConfigurationAdmin cm, String componentId, String... keyValues)
            throws IOException {
        Configuration c = cm.createFactoryConfiguration("dev.wharf.component", "?");
        updateComponent(c, componentId, keyValues);
        return c;
    }

    /** Deletes the configurations a test made. */
    static void delete(List<Configuration> configurations) throws IOException {
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    /** Uninstalls the bundles a test installed, those the test has not uninstalled itself. */
    static void uninstall(List<Bundle> installed) throws BundleException {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
    }
}
