package dev.wharf.capabilities.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A response body of at most {@code cap} bytes. It asks for one chunk at a time and, as soon as
 * the body would pass the cap (or its {@code Content-Length} says it will), cancels the
 * subscription and fails with {@link TooLarge}: a hostile server cannot make the host buffer
 * more than the cap, and the chunk in hand is never copied.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body is larger than the cap; an answer, not a bug, so without a stack trace. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final int cap;
    private final long declared;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /**
     * @param cap the largest body accepted
     * @param declared the {@code Content-Length} of the response, -1 when it has none
     */
    CappedBody(int cap, long declared) {
        this.cap = cap;
        this.declared = declared;
    }

    /** A handler that caps every body at {@code cap} bytes and hands each subscriber to {@code created}. */
    static HttpResponse.BodyHandler<byte[]> handler(int cap, Consumer<CappedBody> created) {
        return info -> {
            CappedBody b = new CappedBody(cap, info.headers().firstValueAsLong("content-length").orElse(-1));
            created.accept(b);
            return b;
        };
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null) {
            s.cancel();
            return;
        }
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else if (declared > cap) {
            s.cancel();
            result.completeExceptionally(new TooLarge("the response declares " + declared
                    + " bytes, more than max-response-bytes " + cap));
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        long n = 0;
        for (ByteBuffer b : items) {
            n += b.remaining();
        }
        if (body.size() + n > cap) {
            subscription.cancel();
            result.completeExceptionally(new TooLarge("the response body is larger than max-response-bytes " + cap));
            return;
        }
        for (ByteBuffer b : items) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            body.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(body.toByteArray());
    }

    /** Stops reading: the caller gave up (timeout or interrupt). */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        result.cancel(false);
    }
}
