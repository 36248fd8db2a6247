package dev.wharf.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Delivers messages to components. Every call answers at once or through the returned stage;
 * nothing is dropped silently: an unknown component, a full mailbox or a refused message
 * completes the stage exceptionally with a {@link WharfException} naming the cause.
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
}
