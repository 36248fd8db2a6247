package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * What the runtime does for a guest, whatever its kind: the guest's host functions translate its
 * own ABI onto these. One host per component (the actor), called on the thread of the guest call
 * that made the request.
 */
public interface GuestHost {

    /** The component the guest is. */
    ComponentId id();

    /** Sends {@code payload} to {@code to} as this component, under the security policy. */
    Delivery send(ComponentId to, byte[] payload);

    /**
     * Sends {@code payload} to {@code to} as a request and waits for the reply, at most
     * {@code timeoutMs} and never past the current call's deadline.
     */
    Answer ask(ComponentId to, byte[] payload, long timeoutMs);

    /** One line of the guest's log, rate-limited per component. */
    void log(Level level, String message);

    /** Whether a line at {@code level} would reach the guest's log (before the rate limit). */
    boolean logs(Level level);

    /** The component's {@code config.<key>} values as they are now, keyed without the prefix. */
    Map<String, String> config();

    /** Its vars: they belong to the component, not to the instance, and outlive a restart. */
    GuestVars vars();

    /**
     * A call of capability function {@code imp}, through the security policy to the provider of
     * the moment.
     *
     * @return its results: one value, or none when the import declares none
     */
    long[] capability(CapabilityImport imp, GuestMemory memory, long[] args);

    /** What {@link #ask} answers: a reply, or the error that prevented one. */
    record Answer(byte[] reply, ErrorCode error) {
        public static Answer of(byte[] reply) {
            return new Answer(reply, null);
        }

        public static Answer failed(ErrorCode error) {
            return new Answer(null, error);
        }
    }
}
