package dev.wharf.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The attributes of a {@code Wasm-Component} clause that the runtime itself understands, which
 * an operator may also set by configuration. This is the one list of them: the header parser,
 * the configuration overrides and the policy's defaults all read it. Attributes of capabilities
 * ({@code http-allow}, {@code kv-max-bytes}, ...) are not here: each capability declares its own
 * ({@code dev.wharf.spi.capability.Capability#attributes()}), and a spec carries them as
 * {@link ComponentSpec#settings()}, as it also carries the values of the runtime's own attributes
 * that {@link ComponentLimits} does not hold ({@code http-path}, {@code http-max-concurrent}).
 */
public enum ComponentAttribute {
    ID,
    RECEIVE_FROM,
    SEND_TO,
    MAX_MESSAGE_SIZE,
    RATE_LIMIT,
    MEMORY_MAX_PAGES,
    TIMEOUT_MS,
    MAILBOX,
    RESTART,
    MAX_RESTARTS,
    RESTART_WINDOW_MS,
    CAPABILITIES,
    /** The path a component that exports {@code wasi:http/incoming-handler} answers under (since 4.3). */
    HTTP_PATH,
    /** How many HTTP requests it takes at once, queued ones included (since 4.3). */
    HTTP_MAX_CONCURRENT,
    /**
     * How many instances may serve it at once, each with its own memory; messages from one sender
     * keep their order (since 4.4).
     */
    INSTANCES;

    private final String headerName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The spelling in the header and in configuration, e.g. {@code rate-limit}. */
    public String headerName() {
        return headerName;
    }

    /** The attribute spelled {@code name} in a header, if there is one. */
    public static Optional<ComponentAttribute> fromHeaderName(String name) {
        for (ComponentAttribute a : values()) {
            if (a.headerName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The header names of the runtime's attributes, comma-separated, for error messages. */
    public static String known() {
        StringBuilder sb = new StringBuilder();
        for (ComponentAttribute a : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(a.headerName);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return headerName;
    }
}
