package dev.wharf.webconsole.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.runtime.ComponentInfo;
import java.util.Map;

/** What the plugin's pages share: the notice after an action, the health cell, the buttons. */
final class Pages {

    /** The notices an action's redirect may ask for, by key: the page shows only these texts. */
    static final Map<String, String> NOTICES = Map.of(
            "restarted", "Restart requested.",
            "healthy", "Health check: healthy.",
            "degraded", "Health check: degraded.",
            "unhealthy", "Health check: unhealthy.",
            "check-failed", "Health check failed: the component did not answer.",
            "unknown", "No live component has that id.");

    private Pages() {}

    static void notice(Html h, String key) {
        String text = key == null ? null : NOTICES.get(key);
        if (text != null) {
            h.raw("<p class=\"statline ui-state-highlight\" id=\"wharf-notice\">").text(text).raw("</p>\n");
        }
    }

    static String health(ComponentInfo c) {
        String label = c.metadata().health().label();
        String detail = c.metadata().health().detail();
        String unhealthy = c.consecutiveUnhealthy() > 0 ? " (" + c.consecutiveUnhealthy() + " failed checks)" : "";
        return label + (detail.isEmpty() ? "" : ": " + detail) + unhealthy;
    }

    static void buttons(Html h, Links links, ComponentId id) {
        h.postButton(links.component(id), links.token(), "restart", "Restart");
        h.postButton(links.component(id), links.token(), "check", "Check health");
    }
}
