package dev.wharf.api.runtime;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One component as the runtime sees it.
 *
 * @param metadata what the registry keeps about it; for a live component as of now
 * @param live whether an instance of it runs in this container; when not, only the registry
 *     remembers it and the fields below are empty or zero
 * @param mailboxDepth messages waiting in its mailbox
 * @param engine how its module runs, when it is live
 * @param wasi whether its module imports WASI preview 1
 * @param consecutiveUnhealthy unhealthy health checks in a row
 * @param lastCheck when its health was last checked
 * @param kind what kind of guest it is, as {@code wasm:list} shows it: {@code wasm} (a module for
 *     Wharf's own ABI), {@code extism} (an Extism plugin), {@code java} (a Java component); empty
 *     when it is not live (since 1.3)
 * @param instances its instances now, by number ({@code instances} in its header); empty when it
 *     is not live or is a Java component (since 1.4)
 */
public record ComponentInfo(
        ComponentMetadata metadata,
        boolean live,
        int mailboxDepth,
        Optional<Engine> engine,
        boolean wasi,
        int consecutiveUnhealthy,
        Optional<Instant> lastCheck,
        Optional<String> kind,
        List<InstanceStats> instances) {

    /** How a module runs. */
    public enum Engine {
        /** Compiled to JVM bytecode. */
        COMPILED,
        /** In Chicory's interpreter (compilation was off or failed). */
        INTERPRETER,
        /** Not WebAssembly: a Java {@link dev.wharf.api.MessageHandler} service (kind {@code java}). */
        JAVA
    }

    public ComponentInfo {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(lastCheck, "lastCheck");
        Objects.requireNonNull(kind, "kind");
        instances = List.copyOf(instances);
    }

    /** The form before {@code instances} (1.3): no instances listed. */
    public ComponentInfo(ComponentMetadata metadata, boolean live, int mailboxDepth, Optional<Engine> engine, boolean wasi,
            int consecutiveUnhealthy, Optional<Instant> lastCheck, Optional<String> kind) {
        this(metadata, live, mailboxDepth, engine, wasi, consecutiveUnhealthy, lastCheck, kind, List.of());
    }

    /** The form before {@code kind} (1.2): the kind follows from the engine, {@code java} or {@code wasm}. */
    public ComponentInfo(ComponentMetadata metadata, boolean live, int mailboxDepth, Optional<Engine> engine, boolean wasi,
            int consecutiveUnhealthy, Optional<Instant> lastCheck) {
        this(metadata, live, mailboxDepth, engine, wasi, consecutiveUnhealthy, lastCheck,
                engine.map(e -> e == Engine.JAVA ? "java" : "wasm"));
    }

    public ComponentId id() {
        return metadata.id();
    }

    /** A component only the registry remembers. */
    public static ComponentInfo remembered(ComponentMetadata metadata) {
        return new ComponentInfo(metadata, false, 0, Optional.empty(), false, 0, Optional.empty(), Optional.empty(), List.of());
    }
}
