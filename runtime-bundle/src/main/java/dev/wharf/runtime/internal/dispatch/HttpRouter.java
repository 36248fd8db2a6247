package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.actor.Reply;
import dev.wharf.runtime.internal.header.HttpAttributes;
import dev.wharf.runtime.internal.telemetry.TraceParent;
import dev.wharf.runtime.internal.telemetry.Tracing;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Routes HTTP requests to the components that answer them, through their mailboxes: a request
 * waits in turn with the component's messages, so an update hands the queued ones to the new
 * version and none fails for it. The sender is the host, which the security policy does not
 * check; the request's body is bounded by {@code max-message-size}, and the requests under way
 * (queued or in the guest) by {@code http-max-concurrent}: one more is refused at once with
 * {@code BUSY}, never queued.
 */
@Component(service = HttpRouter.class)
public final class HttpRouter {

    private final ActorSystem system;
    // requests under way per component; an entry exists only while one is, so none outlives it
    private final ConcurrentHashMap<ComponentId, Integer> underWay = new ConcurrentHashMap<>();

    @Activate
    public HttpRouter(@Reference ActorSystem system) {
        this.system = system;
    }

    /** Queues {@code request} for component {@code target}; completes with its response or the error. */
    public CompletionStage<OutgoingResponse> serve(ComponentId target, IncomingRequest request) {
        CompletableFuture<OutgoingResponse> result = new Reply<>();
        try {
            ComponentActor actor = system.get(target);
            if (actor == null) {
                throw new UnknownComponentException(target);
            }
            if (!actor.module().servesHttp()) {
                throw new UnknownExportException(target, ComponentActor.HTTP_HANDLER);
            }
            int max = actor.spec().limits().maxMessageSize();
            if (request.bodyLength() > max) {
                throw new DeliveryRefusedException(ErrorCode.TOO_LARGE, "a request body of " + request.bodyLength()
                        + " bytes is larger than the max-message-size " + max + " of component '" + target + "'");
            }
            enter(target, HttpAttributes.maxConcurrent(actor.spec()));
            result.whenComplete((r, x) -> leave(target));
            if (actor.enqueue(new Envelope.Http(request, result, trace(request)), false) instanceof Delivery.Refused r) {
                result.completeExceptionally(r.error());
            }
        } catch (WharfException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * The trace a request belongs to: the one its W3C headers name ({@code traceparent}), else the
     * one of the thread that serves it (a platform that traces its HTTP server).
     */
    private TraceParent trace(IncomingRequest request) {
        Tracing tracing = system.tracing();
        TraceParent named = tracing.fromHeaders(name -> header(request, name));
        return named != TraceParent.NONE ? named : tracing.capture();
    }

    private static String header(IncomingRequest request, String name) {
        for (HttpField f : request.headers()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.text();
            }
        }
        return null;
    }

    /** The requests under way for {@code target} now (for tests and reports). */
    public int underWay(ComponentId target) {
        return underWay.getOrDefault(target, 0);
    }

    private void enter(ComponentId target, int max) {
        boolean[] full = new boolean[1];
        underWay.compute(target, (id, n) -> {
            int now = n == null ? 0 : n;
            full[0] = now >= max;
            return full[0] ? n : now + 1;
        });
        if (full[0]) {
            throw new DeliveryRefusedException(ErrorCode.BUSY, "component '" + target + "' has " + max
                    + " HTTP requests under way, its http-max-concurrent; try again later");
        }
    }

    private void leave(ComponentId target) {
        underWay.computeIfPresent(target, (id, n) -> n <= 1 ? null : n - 1);
    }
}
