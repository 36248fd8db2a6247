package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import java.util.Map;

/** Where a guest's call of a capability function goes: the policy, then the provider of the moment. */
@FunctionalInterface
public interface CapabilityRouter {

    /**
     * Runs one call of {@code imp} by {@code actor}, in the guest call that {@code guard} bounds
     * (its instance's); returns its results (one value, or none).
     */
    long[] call(ComponentActor actor, CallGuard guard, CapabilityImport imp, GuestMemory memory, long[] args);

    /** The {@code config.<key>} values of component {@code id} as they are now, keyed without the prefix. */
    default Map<String, String> config(ComponentId id) {
        return Map.of();
    }

    /** For runtimes wired without capabilities: every call answers that none is present. */
    CapabilityRouter NONE = (actor, guard, imp, memory, args) -> imp.results().isEmpty() ? new long[0]
            : new long[] {AbiResult.full(dev.wharf.api.ErrorCode.CAPABILITY_UNAVAILABLE)};
}
