package dev.wharf.spi.capability;

import dev.wharf.api.ComponentId;
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

    /**
     * What component {@code id} holds of this capability now, for operators (the Web Console
     * shows it on the component's page): one line per thing the capability counts, such as a
     * store's entries and bytes. Empty when it holds nothing the capability counts (a capability
     * that keeps nothing per component, such as {@code config}, keeps this default), or when the
     * capability cannot tell now (stopping). Called on an operator's thread, also for a component
     * that is not running: it must be cheap and must not wait for the component.
     *
     * @since 1.2
     */
    default List<CapabilityUsage> usage(ComponentId id) {
        return List.of();
    }
}
