package dev.wharf.spi.capability;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One call of a capability function: who calls, and bounds-checked access to the caller's
 * linear memory. Valid only during {@link CapabilityFunction.Handler#call}, on its thread.
 * Pointers and lengths are unsigned 32-bit values as the guest passed them.
 */
@ProviderType
public interface CapabilityCall {

    /** The calling component. */
    ComponentId component();

    /**
     * Its declarations as they are now (operator overrides applied): capabilities, limits, and
     * in {@code settings()} the values of capability attributes such as {@code http-allow}.
     */
    ComponentSpec spec();

    /**
     * The {@code config.<key>} properties of its {@code dev.wharf.component} configuration, as
     * they are now, keyed without the prefix.
     */
    Map<String, String> config();

    /** Its configuration value {@code config.<key>}, if there is one. */
    default Optional<String> config(String key) {
        return Optional.ofNullable(config().get(key));
    }

    /** Nanoseconds left before the guest call this capability call is part of times out. */
    long remainingNanos();

    /**
     * The {@code len} bytes at {@code ptr}.
     *
     * @throws CapabilityException {@code OUT_OF_BOUNDS} when they are not all inside the memory
     */
    byte[] read(int ptr, int len);

    /** The UTF-8 text of {@code len} bytes at {@code ptr}; malformed bytes become U+FFFD. */
    String readString(int ptr, int len);

    /**
     * Writes {@code data} at {@code ptr}.
     *
     * @throws CapabilityException {@code OUT_OF_BOUNDS} when it does not fit
     */
    void write(int ptr, byte[] data);

    /** Writes {@code value} at {@code ptr}, 4 bytes little-endian. */
    void writeI32(int ptr, int value);

    /**
     * Returns {@code data} to the guest as a buffer it owns: asks its {@code alloc} export for
     * {@code data.length} bytes, copies {@code data} there and stores the buffer's address and
     * length as two little-endian u32 at {@code outPtr} (8 bytes). An empty {@code data} stores
     * address 0 and length 0 without calling {@code alloc}.
     *
     * @throws CapabilityException {@code OUT_OF_BOUNDS} when {@code outPtr} does not fit,
     *     {@code ALLOCATION_FAILED} when the guest has no {@code alloc} or it answers 0 or an
     *     address outside its memory
     */
    void returnBytes(int outPtr, byte[] data);
}
