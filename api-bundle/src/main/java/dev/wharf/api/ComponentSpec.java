package dev.wharf.api;

import java.util.List;

/**
 * What a component declares about itself: one clause of a bundle's {@code Wasm-Component}
 * header, with any operator overrides applied.
 *
 * @param id the component id
 * @param modulePath path of the {@code .wasm} inside its bundle
 * @param receiveFrom ids or patterns of senders this component accepts (empty: only {@code host})
 * @param sendTo ids or patterns of components this component may send to
 * @param limits its resource limits and supervision settings
 */
public record ComponentSpec(
        ComponentId id,
        String modulePath,
        List<String> receiveFrom,
        List<String> sendTo,
        ComponentLimits limits) {

    public ComponentSpec {
        receiveFrom = List.copyOf(receiveFrom);
        sendTo = List.copyOf(sendTo);
    }
}
