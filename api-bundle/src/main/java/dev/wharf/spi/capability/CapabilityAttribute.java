package dev.wharf.spi.capability;

import java.util.Objects;
import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@code Wasm-Component} attribute that belongs to a capability rather than to the runtime,
 * such as {@code http-allow}: a component sets it in its clause, an operator by configuration
 * (PID {@code dev.wharf.component}); the capability reads it from
 * {@link CapabilityCall#spec()}{@code .settings()}. The runtime checks each value with
 * {@link #check} before the component starts or takes a changed configuration, and refuses an
 * attribute that neither it nor a present capability declares.
 *
 * @param name the attribute's name, {@code [a-z][a-z0-9-]{0,63}}, by convention starting with
 *     the capability's name ({@code kv-max-bytes})
 * @param description one line for the documentation and error messages
 * @param check what a valid value is
 */
public record CapabilityAttribute(String name, String description, Check check) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public CapabilityAttribute {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid capability attribute name '" + name
                    + "': expected [a-z][a-z0-9-]{0,63}");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(check, "check");
    }

    /** Checks one value of the attribute. */
    @ConsumerType
    @FunctionalInterface
    public interface Check {
        /**
         * @throws IllegalArgumentException naming what is wrong with {@code value}; the runtime
         *     adds the attribute's name and the component
         */
        void check(String value);
    }
}
