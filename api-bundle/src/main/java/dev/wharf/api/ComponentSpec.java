package dev.wharf.api;

import java.util.List;
import java.util.Set;

/**
 * What a component declares about itself: one clause of a bundle's {@code Wasm-Component}
 * header, with any operator overrides applied.
 *
 * @param id the component id
 * @param modulePath path of the {@code .wasm} inside its bundle
 * @param receiveFrom ids or patterns of senders this component accepts (empty: only {@code host})
 * @param sendTo ids or patterns of components this component may send to
 * @param limits its resource limits and supervision settings
 * @param declared the attributes that were set explicitly (by the header or by configuration);
 *     the others hold defaults, which a security policy may replace with its own
 */
public record ComponentSpec(
        ComponentId id,
        String modulePath,
        List<String> receiveFrom,
        List<String> sendTo,
        ComponentLimits limits,
        Set<String> declared) {

    public ComponentSpec {
        receiveFrom = List.copyOf(receiveFrom);
        sendTo = List.copyOf(sendTo);
        declared = Set.copyOf(declared);
    }

    /** A spec whose limits are all treated as declared. */
    public ComponentSpec(ComponentId id, String modulePath, List<String> receiveFrom, List<String> sendTo,
            ComponentLimits limits) {
        this(id, modulePath, receiveFrom, sendTo, limits, Set.of("max-message-size", "rate-limit",
                "memory-max-pages", "timeout-ms", "mailbox", "restart", "max-restarts", "restart-window-ms"));
    }

    /** Whether attribute {@code name} (e.g. {@code rate-limit}) was set explicitly. */
    public boolean declares(String name) {
        return declared.contains(name);
    }
}
