package dev.wharf.runtime.internal.shell;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The arguments of the {@code wasm:} commands, checked: each wrong one is an error naming it. */
final class ShellArguments {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?|NaN|-?Infinity");

    private ShellArguments() {}

    static ComponentId id(String text) {
        if (!ComponentId.isValid(text)) {
            throw new IllegalArgumentException("invalid component id '" + text + "'");
        }
        return ComponentId.of(text);
    }

    static int count(String[] args) {
        if (args.length == 0) {
            return 20;
        }
        int n;
        try {
            n = Integer.parseInt(args[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("count '" + args[0] + "' is not a number");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + n);
        }
        return n;
    }

    /** The payload of {@code json}, prefixed for JSON. */
    static byte[] json(String json) {
        String problem = PayloadText.jsonProblem(json);
        if (problem != null) {
            throw new IllegalArgumentException("the payload is not valid JSON: " + problem);
        }
        return Codec.JSON.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The numbers {@code args[from..]} as Invoke arguments in JSON. */
    static byte[] numbers(String[] args, int from) {
        StringBuilder json = new StringBuilder("[");
        for (int i = from; i < args.length; i++) {
            String n = args[i].trim();
            if (!NUMBER.matcher(n).matches()) {
                throw new IllegalArgumentException("argument " + (i - from + 1) + " '" + args[i] + "' is not a number");
            }
            json.append(i == from ? "" : ",").append(n);
        }
        return Codec.JSON.encode(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
}
