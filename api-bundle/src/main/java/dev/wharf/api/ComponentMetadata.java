package dev.wharf.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about one deployed component: what it declares, where it comes from, what
 * it exports and how it is doing.
 *
 * @param spec its declarations and limits
 * @param bundleId id of the bundle that carries it
 * @param bundleSymbolicName symbolic name of that bundle
 * @param bundleVersion version of that bundle
 * @param moduleSha256 SHA-256 of the module bytes, lower-case hex
 * @param exports the exported functions with their signatures
 * @param state its lifecycle state
 * @param stateSince when it entered {@code state}
 * @param reason why it is in its state, when that needs explaining (a failure, a restart)
 * @param health its last known health
 * @param restartCount how often the supervisor or an operator restarted it
 * @param firstInstalled when this component id was first deployed
 * @param restarts the most recent restarts, oldest first
 */
public record ComponentMetadata(
        ComponentSpec spec,
        long bundleId,
        String bundleSymbolicName,
        String bundleVersion,
        String moduleSha256,
        List<ExportSignature> exports,
        ComponentState state,
        Instant stateSince,
        Optional<String> reason,
        HealthStatus health,
        int restartCount,
        Instant firstInstalled,
        List<RestartRecord> restarts) {

    public ComponentMetadata {
        exports = List.copyOf(exports);
        restarts = List.copyOf(restarts);
    }

    public ComponentId id() {
        return spec.id();
    }

    /** A copy in another state, as of {@code when}. */
    public ComponentMetadata withState(ComponentState newState, Instant when, Optional<String> why) {
        return new ComponentMetadata(spec, bundleId, bundleSymbolicName, bundleVersion, moduleSha256,
                exports, newState, when, why, health, restartCount, firstInstalled, restarts);
    }

    /** The signature of export {@code name}, if the module has one. */
    public Optional<ExportSignature> export(String name) {
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
