package dev.wharf.otel.internal;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one OTLP exporter loads its HTTP sender from: given to its builder as its
 * {@link ComponentLoader}, so the exporter finds {@link UrlConnectionSender} without a
 * {@code java.util.ServiceLoader} lookup (which would not cross bundles in OSGi). Anything else
 * it asks for (compressors) is looked up with this bundle's own class loader, as the exporter
 * would by default. Keeps the senders it made so that {@link #stop} can end their threads.
 */
final class Senders implements HttpSenderProvider, ComponentLoader {

    private final String threadName;
    private final ComponentLoader others = ComponentLoader.forClassLoader(Senders.class.getClassLoader());
    private final List<UrlConnectionSender> made = new CopyOnWriteArrayList<>();

    /** @param threadName the name of the thread each sender sends on */
    Senders(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public HttpSender createSender(HttpSenderConfig config) {
        UrlConnectionSender sender = new UrlConnectionSender(config, threadName);
        made.add(sender);
        return sender;
    }

    @Override
    public <T> Iterable<T> load(Class<T> type) {
        return type == HttpSenderProvider.class ? List.of(type.cast(this)) : others.load(type);
    }

    /** Ends every sender's thread, waiting at most {@code waitMs} for each. */
    void stop(long waitMs) throws InterruptedException {
        for (UrlConnectionSender sender : made) {
            sender.stop(waitMs);
        }
    }
}
