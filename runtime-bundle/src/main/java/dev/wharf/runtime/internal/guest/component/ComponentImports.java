package dev.wharf.runtime.internal.guest.component;

import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.component.actor.ActorMessaging;
import dev.wharf.runtime.internal.guest.component.capability.StandardInterfaces;
import dev.wharf.runtime.internal.guest.component.http.WasiHttp;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Everything one component instance may import, by import name, for
 * {@code Linker.instantiate(component, imports::provide, linking)}: WASI 0.2 as Wharf's sandbox
 * has it ({@link Wasi}), and the interfaces through which a component reaches the runtime's
 * features. Each source answers the names it serves and {@code null} for the others; the first
 * that answers serves. {@link #provides} is the same question asked at deploy time, with no
 * instance at hand.
 */
public final class ComponentImports implements AutoCloseable {

    /** The import names some source serves, for the deploy-time check. */
    private static final List<Predicate<String>> PROVIDED = List.of(Wasi::provides, ActorMessaging::provides,
            StandardInterfaces::provides, WasiHttp::provides);

    private final Wasi wasi;
    private final ActorMessaging messaging;
    private final StandardInterfaces standard;
    private final WasiHttp http;
    private final List<Function<String, Object>> sources;

    /**
     * @param host the component's host: its log, its messages, its capabilities
     * @param functions the instance's canonical functions, for host resources that must hear of a drop
     * @param memoryBytes the component's memory cap, which bounds what one capability call lays out
     */
    ComponentImports(GuestHost host, CanonicalFunctions functions, long memoryBytes) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(functions, "functions");
        // WASI 0.2 as a sandbox: no files, no environment, no arguments; stdout and stderr to the guest log
        // (its streams, pollables and errors, and wasi:http's objects, are freed when the guest drops them)
        this.wasi = new Wasi((level, line) -> host.log(level == 2 ? Level.INFO : Level.WARNING, line), functions,
                memoryBytes);
        // wharf:actor/messaging: send and ask as this component, reply to the message being handled
        this.messaging = new ActorMessaging(host);
        // wasi:keyvalue, wasi:config over the kv and config capabilities, wasi:logging to the guest log
        this.standard = new StandardInterfaces(host, functions, memoryBytes);
        // wasi:http/types and outgoing-handler (over the http capability); incoming-handler exports are served
        this.http = new WasiHttp(host, wasi, functions, memoryBytes);
        this.sources = List.of(wasi::provide, messaging::provide, standard::provide, http::provide);
    }

    /** The instance import {@code importName} gets, or {@code null} when no source serves it. */
    Object provide(String importName) {
        for (Function<String, Object> source : sources) {
            Object instance = source.apply(importName);
            if (instance != null) {
                return instance;
            }
        }
        return null;
    }

    /** The instance's wharf:actor/messaging, which the handling of each message opens and closes. */
    ActorMessaging messaging() {
        return messaging;
    }

    /** The instance's wasi:http, which serves the HTTP requests of a component exporting incoming-handler. */
    WasiHttp http() {
        return http;
    }

    /** Whether some source serves import {@code importName}. */
    public static boolean provides(String importName) {
        for (Predicate<String> p : PROVIDED) {
            if (p.test(importName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends what the sources hold for the instance: WASI's last partial output lines reach the log,
     * the buckets it opened are forgotten.
     */
    @Override
    public void close() {
        wasi.close();
        standard.close();
    }
}
