package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.runtime.internal.actor.ActorSystem;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link MessageDispatcher} service: the public face of the actor system. */
@Component(service = MessageDispatcher.class)
public final class DispatcherService implements MessageDispatcher {

    private final ActorSystem system;

    @Activate
    public DispatcherService(@Reference ActorSystem system) {
        this.system = system;
    }

    @Override
    public CompletionStage<InvokeResult> invoke(ComponentId target, ComponentMessage.Invoke invoke) {
        return system.invoke(target, invoke);
    }

    @Override
    public Delivery tell(ComponentMessage.InterComponent message) {
        return system.tell(message);
    }

    @Override
    public CompletionStage<byte[]> ask(ComponentMessage.InterComponent message, Duration timeout) {
        return system.ask(message, timeout);
    }
}
