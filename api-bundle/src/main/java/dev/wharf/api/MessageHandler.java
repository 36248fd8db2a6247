package dev.wharf.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component written in Java. Register an implementation as an OSGi service with the property
 * {@value #COMPONENT_ID} and it is a component like a WebAssembly one: guests {@code send} to it
 * and {@code ask} it under the same security policy, it replies and sends through the
 * {@link IncomingMessage}, {@code wasm:list} shows it (kind {@code java}), and it comes and goes
 * with its service.
 *
 * <pre>
 * &#64;Component(property = {"wharf.component.id=billing", "wharf.receive-from=shop.*", "wharf.send-to=audit"})
 * public class Billing implements MessageHandler { ... }
 * </pre>
 *
 * <p>Messages are handled one at a time, in order per sender, on Wharf's dispatcher threads; an
 * implementation needs no locking of its own for what only {@link #handle} touches.
 */
@ConsumerType
public interface MessageHandler {

    /** Service property: its component id, required. */
    String COMPONENT_ID = "wharf.component.id";
    /** Service property: who may send to it, ids or patterns (string or string array); default only {@code host}. */
    String RECEIVE_FROM = "wharf.receive-from";
    /** Service property: whom it may send to, ids or patterns; default none. */
    String SEND_TO = "wharf.send-to";
    /** Service property: its mailbox capacity; default 1000. */
    String MAILBOX = "wharf.mailbox";
    /** Service property: largest payload it accepts, bytes; default 1048576. */
    String MAX_MESSAGE_SIZE = "wharf.max-message-size";
    /** Service property: messages per second it accepts from each sender; default 1000. */
    String RATE_LIMIT = "wharf.rate-limit";

    /**
     * Handles one message. A request ({@link IncomingMessage#isRequest()}) is answered with
     * {@link IncomingMessage#reply}; returning without a reply answers the asker with
     * {@link NoReplyException}. An exception thrown here answers the asker with
     * {@link GuestErrorException} and is logged; the component goes on with the next message.
     */
    void handle(IncomingMessage message) throws Exception;
}
