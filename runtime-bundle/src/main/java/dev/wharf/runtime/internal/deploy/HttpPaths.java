package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.header.HttpAttributes;
import java.util.Optional;

/**
 * One component per {@code http-path}: two with the same path would make the HTTP Whiteboard
 * pick one of them silently, so the second is refused when it is deployed, updated or
 * reconfigured, and the first serves on.
 */
final class HttpPaths {

    private HttpPaths() {}

    /**
     * @param where who declares {@code spec}: its bundle, or the configuration that changes it
     * @throws InvalidComponentException naming the path and the component that has it
     */
    static void check(ActorSystem system, ComponentSpec spec, String where) {
        Optional<String> path = HttpAttributes.path(spec);
        if (path.isEmpty()) {
            return;
        }
        for (ComponentActor other : system.actors()) {
            if (!other.id().equals(spec.id()) && HttpAttributes.path(other.spec()).equals(path)) {
                throw new InvalidComponentException(where + ": Wasm-Component attribute 'http-path' of component '"
                        + spec.id() + "' has value '" + path.get() + "', which component '" + other.id() + "' of "
                        + other.origin() + " already serves");
            }
        }
    }
}
