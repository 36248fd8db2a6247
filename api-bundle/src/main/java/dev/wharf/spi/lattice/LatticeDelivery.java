package dev.wharf.spi.lattice;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by the runtime: the way in for messages that another node of the lattice sent to a
 * component hosted here.
 */
@ProviderType
public interface LatticeDelivery {

    /**
     * Delivers a message from component {@code sender} on node {@code node} to the local
     * component {@code to}. This container's security policy decides it
     * ({@code SecurityPolicy.checkRemote}), with the real sender id and the sending node; a
     * refusal is recorded as a dead letter here. The receiver's turn never runs on the calling
     * thread.
     *
     * @param reply the asker's future, completed with the reply or the error; {@code null} for a tell
     * @return accepted when queued, else refused with why (an unknown or stopped receiver, the
     *     policy's denial, a full mailbox)
     */
    Delivery deliver(String node, ComponentId sender, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply);

    /** The ids of the components this container can take messages for now, ordered. */
    List<ComponentId> hosted();
}
