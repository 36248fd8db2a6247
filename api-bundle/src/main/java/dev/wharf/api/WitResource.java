package dev.wharf.api;

import java.util.Objects;

/**
 * A resource a WebAssembly component handed to the host (an {@code own<T>} result), as a Java
 * value: the host holds it until it passes it back as an {@code own<T>} argument (the component
 * takes it over) or drops it with the function {@code [resource-drop]<type>}. It may be lent with
 * a {@code borrow<T>} argument any number of times. It belongs to the instance that made it: after
 * a restart or a swap of the component it is no longer live, and passing it is an
 * {@link InvalidArgumentsException}.
 *
 * @param type the resource type's name in WIT, e.g. {@code counter}
 * @param handle the host's handle for it, unique for the component
 * @since 4.2
 */
public record WitResource(String type, int handle) {

    public WitResource {
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return "<" + type + " " + handle + ">";
    }
}
