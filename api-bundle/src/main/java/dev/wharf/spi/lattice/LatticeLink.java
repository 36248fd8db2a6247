package dev.wharf.spi.lattice;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.WharfException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The way out of this container for messages to components it does not host. The dispatcher
 * consults it only after the local lookup failed, so the local path never pays for it. The
 * sending container's policy has decided the sender's side ({@code send-to}) before; the
 * receiving container decides the rest.
 */
@ConsumerType
public interface LatticeLink {

    /** The name of this container in the lattice. */
    String node();

    /** Whether another node of the lattice hosts {@code id}, as far as this node knows now. */
    boolean reaches(ComponentId id);

    /**
     * Hands a tell to the lattice: at most once, in order per sender and receiver within a pair
     * of nodes.
     *
     * @return accepted when it was handed to the lattice, else refused with why (the lattice is
     *     not connected, NATS refused it); the caller records the refusal
     */
    Delivery tell(ComponentId sender, ComponentId to, byte[] payload);

    /**
     * Sends an ask to a node that hosts {@code to}. The future completes with the reply, or
     * exceptionally with a {@link WharfException}: the receiving node's refusal or error with its
     * code, {@code UNKNOWN_TARGET} when no node hosts it, {@code LATTICE_UNAVAILABLE} when the
     * connection is lost, {@code TIMEOUT} after {@code timeout}. It never stays incomplete.
     */
    CompletableFuture<byte[]> ask(ComponentId sender, ComponentId to, byte[] payload, Duration timeout);

    /** The lattice as this node sees it now. */
    LatticeView view();
}
