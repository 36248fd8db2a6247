package dev.wharf.spi.capability;

import dev.wharf.api.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One host function of a {@link Capability}: its name in module {@code wharf:<capability>}, its
 * WebAssembly signature and its implementation. A guest importing it with another signature is
 * refused at deploy time, naming both.
 *
 * @param name the import name, e.g. {@code get}
 * @param params the parameter types
 * @param result the one result: {@code I32} or {@code I64}; by convention 0 or a count on
 *     success and a negated {@link dev.wharf.api.ErrorCode} on failure
 * @param handler what a call does
 */
public record CapabilityFunction(String name, List<ValueType> params, ValueType result, Handler handler) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    public CapabilityFunction {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid capability function name '" + name + "'");
        }
        params = List.copyOf(params);
        if (result != ValueType.I32 && result != ValueType.I64) {
            throw new IllegalArgumentException("capability function '" + name + "' must return i32 or i64, not " + result);
        }
        Objects.requireNonNull(handler, "handler");
    }

    /** Shorthand for a function of i32 parameters returning i32, the common case. */
    public static CapabilityFunction i32(String name, int params, Handler handler) {
        return new CapabilityFunction(name, java.util.Collections.nCopies(params, ValueType.I32), ValueType.I32, handler);
    }

    /** The implementation of a host function. */
    @ConsumerType
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs one call, on the calling component's thread, inside its call deadline.
         *
         * @param call the calling component and its memory
         * @param args the arguments, one per parameter (i32 and f32 in the low 32 bits, f32/f64 as raw bits)
         * @return the result; a negated {@link dev.wharf.api.ErrorCode} for a failure
         * @throws CapabilityException to answer with its code; any other exception answers
         *     {@code -CAPABILITY_FAILED} and is logged, the component goes on
         */
        long call(CapabilityCall call, long[] args) throws Exception;
    }
}
