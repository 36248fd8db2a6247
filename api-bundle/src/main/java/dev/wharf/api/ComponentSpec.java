package dev.wharf.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
 * @param capabilities the host capabilities it uses ({@code capabilities}), e.g. {@code kv}
 * @param settings the attributes that belong to capabilities rather than to the runtime (such as
 *     {@code http-allow} or {@code kv-max-bytes}), by name, their values as written; each
 *     capability declares the ones it understands and reads them from here; also the values of
 *     the runtime's attributes that {@link ComponentLimits} does not hold ({@code http-path},
 *     {@code http-max-concurrent}), when they are set
 */
public record ComponentSpec(
        ComponentId id,
        String modulePath,
        List<String> receiveFrom,
        List<String> sendTo,
        ComponentLimits limits,
        Set<ComponentAttribute> declared,
        List<String> capabilities,
        Map<String, String> settings) {

    public ComponentSpec {
        receiveFrom = List.copyOf(receiveFrom);
        sendTo = List.copyOf(sendTo);
        declared = declared.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(declared));
        capabilities = List.copyOf(capabilities);
        // ordered by name, so equal settings make equal specs and print the same
        settings = settings.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A spec that uses no capabilities. */
    public ComponentSpec(ComponentId id, String modulePath, List<String> receiveFrom, List<String> sendTo,
            ComponentLimits limits, Set<ComponentAttribute> declared) {
        this(id, modulePath, receiveFrom, sendTo, limits, declared, List.of(), Map.of());
    }

    /** A spec whose limits are all treated as declared, using no capabilities. */
    public ComponentSpec(ComponentId id, String modulePath, List<String> receiveFrom, List<String> sendTo,
            ComponentLimits limits) {
        this(id, modulePath, receiveFrom, sendTo, limits, EnumSet.range(ComponentAttribute.MAX_MESSAGE_SIZE,
                ComponentAttribute.RESTART_WINDOW_MS));
    }

    /** Whether {@code attribute} was set explicitly. */
    public boolean declares(ComponentAttribute attribute) {
        return declared.contains(attribute);
    }

    /** Whether it declares capability {@code name}. */
    public boolean uses(String name) {
        return capabilities.contains(name);
    }

    /** The value of capability attribute {@code name} ({@code http-allow}, say), if it sets one. */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
