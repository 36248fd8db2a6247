package dev.wharf.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** One message to a Java component ({@link MessageHandler}), with the ways to answer it. */
@ProviderType
public interface IncomingMessage {

    /** Who sent it: a component id, or {@link ComponentId#HOST}. */
    ComponentId sender();

    /** The Java component it was sent to. */
    ComponentId receiver();

    /** The payload, starting with its codec prefix. */
    byte[] payload();

    /** Whether the sender waits for a {@link #reply}. */
    boolean isRequest();

    /**
     * Answers the request. Only the first reply counts.
     *
     * @throws DeliveryRefusedException {@link ErrorCode#NOTHING_TO_REPLY} when it is not a request,
     *     was already answered or {@link MessageHandler#handle} returned;
     *     {@link UnknownCodecException} when {@code payload} has no known codec prefix
     */
    void reply(byte[] payload);

    /**
     * Sends {@code payload} to {@code to} as this component: under the security policy, with this
     * component's {@code send-to}, like a guest's {@code send}.
     */
    Delivery send(ComponentId to, byte[] payload);

    /**
     * Asks {@code to} as this component. Waiting for the answer inside {@link MessageHandler#handle}
     * holds this component's turn: prefer reacting to the stage.
     */
    CompletionStage<byte[]> ask(ComponentId to, byte[] payload, Duration timeout);
}
