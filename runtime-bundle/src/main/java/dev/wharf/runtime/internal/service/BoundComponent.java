package dev.wharf.runtime.internal.service;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.WasmComponent;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.dispatch.HttpRouter;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import dev.wharf.runtime.internal.guest.ValueForm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The {@link WasmComponent} service of one component: the dispatcher's calls bound to its id.
 * The id, not the instance, is bound: across restarts and swaps the same object serves.
 */
final class BoundComponent implements WasmComponent {

    /** How long a call waits for the messages queued before it, beyond its own timeout-ms. */
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(30);

    private final ComponentActor actor;
    private final MessageRouter dispatcher;
    private final HttpRouter http;

    BoundComponent(ComponentActor actor, MessageRouter dispatcher, HttpRouter http) {
        this.actor = actor;
        this.dispatcher = dispatcher;
        this.http = http;
    }

    @Override
    public ComponentId id() {
        return actor.id();
    }

    @Override
    public List<ExportSignature> exports() {
        return actor.module().exportList();
    }

    @Override
    public ComponentLimits limits() {
        return actor.spec().limits();
    }

    @Override
    public CompletionStage<OutgoingResponse> serve(IncomingRequest request) {
        return http.serve(actor.id(), Objects.requireNonNull(request, "request"));
    }

    @Override
    public CompletionStage<InvokeResult> invoke(ComponentMessage.Invoke invoke) {
        return dispatcher.invoke(actor.id(), invoke);
    }

    /** The numbers go as a JSON array: the dispatcher converts and checks them against the export's types. */
    @Override
    public CompletionStage<InvokeResult> invoke(String function, Number... args) {
        return dispatcher.invoke(actor.id(), invokeOf(function, args));
    }

    /** An Invoke of {@code function} whose body is the numbers as a JSON array. */
    private static ComponentMessage.Invoke invokeOf(String function, Number... args) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append(args[i]); // NaN and the infinities are read as such
        }
        return new ComponentMessage.Invoke(function, Codec.JSON.encode(json.append(']').toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public InvokeResult call(String function, Number... args) {
        // the guest's part is bounded by its timeout-ms; the wait also covers what is queued before it
        return dispatcher.call(actor.id(), invokeOf(function, args),
                Duration.ofMillis(actor.spec().limits().timeoutMs()).plus(QUEUE_WAIT));
    }

    @Override
    public byte[] call(String function, byte[] input) {
        return dispatcher.callAndWait(actor.id(), function, input,
                Duration.ofMillis(actor.spec().limits().timeoutMs()).plus(QUEUE_WAIT));
    }

    @Override
    public CompletionStage<byte[]> invoke(String function, byte[] input) {
        return dispatcher.call(actor.id(), function, input);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> callFunction(String function, Object... args) {
        return (List<Object>) dispatcher.callValuesAndWait(actor.id(), function, ValueForm.JAVA, arguments(function, args),
                Duration.ofMillis(actor.spec().limits().timeoutMs()).plus(QUEUE_WAIT));
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<List<Object>> invokeFunction(String function, Object... args) {
        return dispatcher.callValues(actor.id(), function, ValueForm.JAVA, arguments(function, args))
                .thenApply(r -> (List<Object>) r);
    }

    /** A copy of the caller's arguments (the array may change once the call is queued). */
    private static Object[] arguments(String function, Object[] args) {
        Objects.requireNonNull(function, "function");
        if (args == null) {
            throw new InvalidArgumentsException(0, "the arguments of " + function + " are a null array: pass none,"
                    + " or (Object) null for one null argument");
        }
        return args.clone();
    }

    @Override
    public byte[] askAndWait(byte[] payload, Duration timeout) {
        return dispatcher.askAndWait(new ComponentMessage.InterComponent(ComponentId.HOST, actor.id(), payload), timeout);
    }

    @Override
    public Delivery tell(byte[] payload) {
        return dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, actor.id(), payload));
    }

    @Override
    public CompletionStage<byte[]> ask(byte[] payload, Duration timeout) {
        return dispatcher.ask(new ComponentMessage.InterComponent(ComponentId.HOST, actor.id(), payload), timeout);
    }

    @Override
    public String toString() {
        return "WasmComponent " + actor.id();
    }
}
