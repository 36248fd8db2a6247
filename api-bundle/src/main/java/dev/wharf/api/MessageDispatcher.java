package dev.wharf.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Delivers messages to components. Every call answers at once or through the returned stage;
 * nothing is dropped silently: an unknown component, a full mailbox or a refused message
 * completes the stage exceptionally with a {@link WharfException} naming the cause.
 *
 * <p>The asynchronous calls ({@link #invoke}, {@link #tell}, {@link #ask}) never run guest code on
 * the caller's thread: they return as soon as the message is queued, whatever the component
 * does with it. The synchronous ones ({@link #call}, {@link #askAndWait}) wait for the answer,
 * and may run the component on the caller's thread when it is idle, which saves the hand-off to
 * the pool (PID {@code dev.wharf.dispatcher}, property {@code caller-runs}).
 */
@ProviderType
public interface MessageDispatcher {

    /**
     * Calls an exported function of component {@code target}. The stage completes with the
     * results encoded in the request's codec, or exceptionally with {@link UnknownComponentException},
     * {@link UnknownExportException}, {@link InvalidArgumentsException}, {@link UnknownCodecException},
     * {@link GuestTrapException}, {@link CallTimeoutException}, {@link ComponentUnavailableException}
     * or {@link DeliveryRefusedException} (mailbox full).
     */
    CompletionStage<InvokeResult> invoke(ComponentId target, ComponentMessage.Invoke invoke);

    /**
     * {@link #invoke}, waiting at most {@code timeout} for the result (the call itself is bounded
     * by the component's {@code timeout-ms}; the wait also covers the messages queued before it).
     *
     * @throws WharfException what the stage of {@link #invoke} would complete with;
     *     {@link CallTimeoutException} when {@code timeout} passes first
     */
    InvokeResult call(ComponentId target, ComponentMessage.Invoke invoke, Duration timeout);

    /**
     * Sends {@code message} to {@code message.to()}'s {@code handle-message} without waiting for
     * it to be handled. Answers at once: {@link Delivery.Accepted} when it is in the receiver's
     * mailbox, {@link Delivery.Refused} with the cause otherwise (unknown or stopped receiver,
     * full mailbox, refused by the security policy, unknown codec). Messages from one sender to
     * one receiver are handled in the order they were accepted.
     */
    Delivery tell(ComponentMessage.InterComponent message);

    /**
     * Sends {@code message} as a request and completes with the payload the receiver passes to
     * {@code reply}. Completes exceptionally with {@link NoReplyException} when the receiver
     * handles the message without replying, {@link GuestErrorException} when
     * {@code handle-message} returns an error code, {@link GuestTrapException} on a trap,
     * {@link CallTimeoutException} when no reply comes within {@code timeout}, or with the
     * refusal {@link #tell} would have answered.
     */
    CompletionStage<byte[]> ask(ComponentMessage.InterComponent message, Duration timeout);

    /**
     * {@link #ask}, waiting at most {@code timeout} for the reply.
     *
     * @throws WharfException what the stage of {@link #ask} would complete with
     */
    byte[] askAndWait(ComponentMessage.InterComponent message, Duration timeout);

    /**
     * Asks component {@code target} for its health. The check runs through the component's
     * mailbox, so it never overlaps a message: {@code _health} answers 0 (healthy), 1 (degraded)
     * or 2 (unhealthy); other values, a trap or a timeout count as unhealthy. Without
     * {@code _health}, the component's state decides.
     */
    CompletionStage<HealthStatus> healthCheck(ComponentId target, ComponentMessage.HealthCheck message);

    /**
     * Asks component {@code target} to stop: the messages already in its mailbox are handled,
     * {@code _cleanup} runs, the instance is closed and the component is {@code STOPPED} (it is
     * not restarted; an operator's restart or a restart of its bundle brings it back). Messages
     * that arrive later are refused. Completes when it has stopped.
     */
    CompletionStage<Void> shutdown(ComponentId target, ComponentMessage.Shutdown message);
}
