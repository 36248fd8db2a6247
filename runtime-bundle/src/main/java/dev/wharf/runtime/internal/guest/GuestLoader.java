package dev.wharf.runtime.internal.guest;

/** Turns a module's bytes into a {@link GuestModule} of the kind its shape says ({@link GuestKinds}). */
@FunctionalInterface
public interface GuestLoader {

    /**
     * Loads {@code bytes} as the code of a component whose memory is capped at
     * {@code memoryMaxPages}.
     *
     * @param origin names the module in error messages, e.g. {@code "calc.wasm in bundle 12 (x.y)"}
     * @throws dev.wharf.api.InvalidComponentException naming what is wrong with the module
     */
    GuestModule load(byte[] bytes, int memoryMaxPages, String origin);
}
