package dev.wharf.api;

import java.util.List;
import java.util.stream.Collectors;

/** An exported function's name and number types, e.g. {@code add(i32, i32) -> i32}. */
public record ExportSignature(String name, List<ValueType> params, List<ValueType> results) {

    public ExportSignature {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    @Override
    public String toString() {
        String in = params.stream().map(ValueType::toString).collect(Collectors.joining(", "));
        String out = results.stream().map(ValueType::toString).collect(Collectors.joining(", "));
        return name + "(" + in + ")" + (results.isEmpty() ? "" : " -> " + out);
    }
}
