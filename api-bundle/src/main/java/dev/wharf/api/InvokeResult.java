package dev.wharf.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The results of an {@link ComponentMessage.Invoke}.
 *
 * @param component the component that was called
 * @param function the export that was called
 * @param codec the codec of the request, which is also the codec of {@code payload}
 * @param payload the results, codec-prefixed, encoded like the arguments of the request
 * @param values the same results as Java numbers: {@code Integer} for i32, {@code Long} for
 *     i64, {@code Float} for f32, {@code Double} for f64
 */
public record InvokeResult(ComponentId component, String function, Codec codec, byte[] payload, List<Number> values) {

    public InvokeResult {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(payload, "payload");
        values = List.copyOf(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvokeResult r && component.equals(r.component) && function.equals(r.function)
                && codec == r.codec && Arrays.equals(payload, r.payload) && values.equals(r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, function, codec, Arrays.hashCode(payload), values);
    }

    @Override
    public String toString() {
        return "InvokeResult[" + component + "." + function + " -> " + values + " (" + codec + ")]";
    }
}
