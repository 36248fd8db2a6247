package dev.wharf.runtime.internal.events;

import java.util.Map;
import java.util.function.BiConsumer;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Hands an event to EventAdmin with {@link EventAdmin#postEvent}: asynchronous, so the thread that
 * changed the component (a dispatcher thread, the extender's) never waits for a handler. The only
 * class of the runtime that uses the EventAdmin API: it is loaded only when the runtime is wired to
 * {@code org.osgi.service.event} (an optional import), so a platform without EventAdmin never sees it.
 */
final class EventAdminPoster implements BiConsumer<String, Map<String, Object>> {

    private final EventAdmin admin;

    EventAdminPoster(EventAdmin admin) {
        this.admin = admin;
    }

    /** A poster to {@code service}, an {@link EventAdmin} that the runtime's wiring can see. */
    static EventAdminPoster of(Object service) {
        return new EventAdminPoster((EventAdmin) service);
    }

    @Override
    public void accept(String topic, Map<String, Object> properties) {
        admin.postEvent(new Event(topic, properties));
    }
}
