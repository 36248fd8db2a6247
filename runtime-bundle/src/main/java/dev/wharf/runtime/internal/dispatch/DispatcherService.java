package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.runtime.internal.actor.ActorSystem;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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

    @Override
    public CompletionStage<Void> shutdown(ComponentId target, ComponentMessage.Shutdown message) {
        return system.shutdown(target);
    }

    /** An ad hoc check: reported, but it does not count towards a restart (the monitor's checks do). */
    @Override
    public CompletionStage<HealthStatus> healthCheck(ComponentId target, ComponentMessage.HealthCheck message) {
        return system.actor(target)
                .map(a -> system.checkHealth(a, Integer.MAX_VALUE, Math.max(a.spec().limits().timeoutMs(), 1000) + 1000))
                .orElseGet(() -> CompletableFuture.failedFuture(new UnknownComponentException(target)));
    }
}
