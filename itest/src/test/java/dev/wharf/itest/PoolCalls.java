package dev.wharf.itest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.MessageHandler;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Makes calls the way a component does, from inside a turn, so they go through the dispatcher
 * pool instead of running on the caller's thread (caller-runs): for the tests of what the pool
 * does while guests hold its threads. A Java component runs each queued call from its handler.
 */
final class PoolCalls implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final MessageDispatcher dispatcher;
    private final ComponentId id = ComponentId.of("pool-calls-" + SEQUENCE.incrementAndGet());
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ServiceRegistration<MessageHandler> registration;

    PoolCalls(BundleContext context, MessageDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        MessageHandler runner = m -> {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        };
        this.registration = context.registerService(MessageHandler.class, runner,
                new Hashtable<>(Map.of(MessageHandler.COMPONENT_ID, id.value())));
    }

    /** Invokes {@code function} of {@code target} from a pool thread; the call is queued when this returns. */
    CompletableFuture<InvokeResult> invoke(String target, String function, byte[] args) {
        CompletableFuture<CompletableFuture<InvokeResult>> queued = new CompletableFuture<>();
        tasks.add(() -> queued.complete(dispatcher.invoke(ComponentId.of(target),
                new ComponentMessage.Invoke(function, args)).toCompletableFuture()));
        WharfTestSupport.eventually(() -> {
            Delivery d = dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, id, Args.json("{}")));
            if (d instanceof Delivery.Refused r && r.error().code() != ErrorCode.UNKNOWN_TARGET) {
                throw new AssertionError(r.error());
            }
            return d.accepted();
        }, "the pool caller registered");
        return queued.join();
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
