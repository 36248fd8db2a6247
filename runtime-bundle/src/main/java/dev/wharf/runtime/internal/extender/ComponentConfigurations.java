package dev.wharf.runtime.internal.extender;

import dev.wharf.api.ComponentId;
import dev.wharf.runtime.internal.actor.ActorSystem;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;

/**
 * Operator overrides of {@code Wasm-Component} attributes: factory configurations of PID
 * {@code dev.wharf.component} whose {@code component.id} names the component, e.g. a
 * {@code deploy/dev.wharf.component-calc.cfg} with {@code component.id=calc} and
 * {@code rate-limit=50}. A change applies at once. This is a ManagedServiceFactory rather than
 * a DS component because DS reserves the property {@code component.id} for itself.
 */
final class ComponentConfigurations implements ManagedServiceFactory {

    static final String PID = "dev.wharf.component";
    private static final Set<String> ATTRIBUTES = Set.of("receive-from", "send-to", "max-message-size", "rate-limit",
            "memory-max-pages", "timeout-ms", "mailbox", "restart", "max-restarts", "restart-window-ms");

    private final ActorSystem system;

    ComponentConfigurations(ActorSystem system) {
        this.system = system;
    }

    @Override
    public String getName() {
        return "Wharf component overrides";
    }

    @Override
    public void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
        Object id = properties.get("component.id");
        if (id == null || !ComponentId.isValid(id.toString())) {
            throw new ConfigurationException("component.id", PID + " configuration " + pid
                    + " needs component.id naming a component, got '" + id + "'");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.equals("component.id") || key.startsWith("service.") || key.startsWith("felix.")) {
                continue;
            }
            if (!ATTRIBUTES.contains(key)) {
                throw new ConfigurationException(key, PID + " configuration " + pid + ": unknown attribute '" + key
                        + "' (known: " + String.join(", ", new java.util.TreeSet<>(ATTRIBUTES)) + ")");
            }
            Object value = properties.get(key);
            attributes.put(key, value instanceof String[] a ? String.join(",", a) : String.valueOf(value));
        }
        system.override(pid, ComponentId.of(id.toString()), attributes);
    }

    @Override
    public void deleted(String pid) {
        system.removeOverride(pid);
    }
}
