package dev.wharf.spi.capability;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named set of host functions components may import from module {@code wharf:<name>}.
 * Register an implementation as an OSGi service with the property {@value #NAME}; while
 * several providers of one name are registered, the one with the highest service ranking serves.
 * A component that declares a capability without a provider waits in {@code STARTING} until one
 * appears; when the provider goes, calls into it answer
 * {@link dev.wharf.api.ErrorCode#CAPABILITY_UNAVAILABLE} until another one comes; calls go to the
 * provider of the moment, so a replaced provider serves the next call without a restart.
 */
@ConsumerType
public interface Capability {

    /** Service property: the capability's name, {@code [a-z0-9][a-z0-9_-]{0,63}}; required. */
    String NAME = "wharf.capability";

    /**
     * The functions it offers. Read once when the provider is bound; it must not change while
     * the service is registered (register a new service to change them).
     */
    List<CapabilityFunction> functions();

    /**
     * The {@code Wasm-Component} attributes it understands, such as {@code http-allow}. Read
     * once when the provider is bound, like {@link #functions()}.
     */
    default List<CapabilityAttribute> attributes() {
        return List.of();
    }
}
