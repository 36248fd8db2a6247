package dev.wharf.http.internal;

import dev.wharf.api.ComponentLimits;
import dev.wharf.api.WasmComponent;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One component's servlet: reads the request (its body bounded by the component's
 * {@code max-message-size}: 413 beyond, before the component sees it), hands it to the
 * component's mailbox and answers, asynchronously, with the component's response or the status
 * its error maps to ({@link Answers}). No thread of the server waits for the component's turn.
 */
final class ComponentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** How long a request may wait for those queued before it, beyond the component's own timeout-ms. */
    static final long QUEUE_WAIT_MS = 30_000;

    private final transient WasmComponent component;
    private final String path;

    ComponentServlet(WasmComponent component, String path) {
        this.component = component;
        this.path = path;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ComponentLimits limits = component.limits();
        byte[] body = Exchange.body(req, limits.maxMessageSize());
        if (body == null) {
            Answers.tooLarge(resp, component.id(), limits.maxMessageSize());
            return;
        }
        IncomingRequest request = Exchange.incoming(req, path, body);
        AsyncContext async = req.startAsync();
        AtomicBoolean answered = new AtomicBoolean();
        async.setTimeout(limits.timeoutMs() + QUEUE_WAIT_MS);
        async.addListener(new Expiry(answered));
        component.serve(request).whenComplete((response, failure) -> {
            if (answered.compareAndSet(false, true)) {
                // written on a thread of the server, never on the component's
                async.start(() -> finish(async, response, failure));
            }
        });
    }

    private static void finish(AsyncContext async, OutgoingResponse response, Throwable failure) {
        HttpServletResponse resp = (HttpServletResponse) async.getResponse();
        try {
            if (failure == null) {
                Exchange.write(resp, response);
            } else {
                Answers.error(resp, failure);
            }
        } catch (IOException e) {
            // the client went away: nothing is left to answer
        } finally {
            async.complete();
        }
    }

    /** Answers 504 when the component has not answered in time (its queue was long); the late answer is dropped. */
    private static final class Expiry implements AsyncListener {
        private final AtomicBoolean answered;

        Expiry(AtomicBoolean answered) {
            this.answered = answered;
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            if (answered.compareAndSet(false, true)) {
                Answers.queueTimeout((HttpServletResponse) event.getSuppliedResponse());
                event.getAsyncContext().complete();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // answered
        }

        @Override
        public void onError(AsyncEvent event) {
            answered.set(true); // the connection failed: the answer has nowhere to go
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
