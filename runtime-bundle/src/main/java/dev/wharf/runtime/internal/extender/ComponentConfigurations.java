package dev.wharf.runtime.internal.extender;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
    /** Properties with this prefix are values for the {@code config} capability, not attributes. */
    static final String CONFIG_PREFIX = "config.";
    /** What a configuration may set: every attribute but the id, which names the component. */
    private static final String KNOWN = Arrays.stream(ComponentAttribute.values()).filter(a -> a != ComponentAttribute.ID)
            .map(ComponentAttribute::headerName).collect(Collectors.joining(", "));

    /** The syntax of an attribute name; a capability's attributes are checked by the capability. */
    private static final java.util.regex.Pattern ATTRIBUTE = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final ComponentOverrides overrides;

    ComponentConfigurations(ComponentOverrides overrides) {
        this.overrides = overrides;
    }

    @Override
    public String getName() {
        return "Wharf component overrides";
    }

    @Override
    public void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
        Object value = properties.get("component.id");
        // a typed configuration (.config, the Web Console) may give a String[]: its text, as for attributes
        String id = value == null ? null : text(value);
        if (id == null || !ComponentId.isValid(id)) {
            throw new ConfigurationException("component.id", PID + " configuration " + pid
                    + " needs component.id naming a component, got '" + id + "'");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.equals("component.id") || key.startsWith("service.") || key.startsWith("felix.")) {
                continue;
            }
            if (key.startsWith(CONFIG_PREFIX) && key.length() > CONFIG_PREFIX.length()) {
                values.put(key.substring(CONFIG_PREFIX.length()), text(properties.get(key)));
                continue;
            }
            // an attribute of a capability is checked by that capability when it is applied: its
            // provider may come after the configuration
            if (key.equals("id") || !ATTRIBUTE.matcher(key).matches()) {
                throw new ConfigurationException(key, PID + " configuration " + pid + ": '" + key
                        + "' is not an attribute (the runtime's: " + KNOWN + "; a capability's, such as http-allow; "
                        + "or config.<key> values for the config capability)");
            }
            attributes.put(key, text(properties.get(key)));
        }
        overrides.put(pid, ComponentId.of(id), attributes, values);
    }

    /** A property's value as an attribute's text: a String[] joined with commas. */
    private static String text(Object value) {
        return value instanceof String[] a ? String.join(",", a) : String.valueOf(value);
    }

    /**
     * Reads the overrides ConfigAdmin already holds, on the caller's thread, so that components
     * deployed right after see them: ConfigAdmin delivers them to the factory on a thread of its
     * own, which may come after the deploy (at a start of the container with stored state, by
     * seconds). A configuration that is wrong is left to {@link #updated}, which reports it.
     */
    void loadStored(BundleContext context) {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        if (ref == null) {
            return;
        }
        ConfigurationAdmin cm = context.getService(ref);
        try {
            Configuration[] stored = cm == null ? null
                    : cm.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + PID + ")");
            for (Configuration c : stored == null ? new Configuration[0] : stored) {
                Dictionary<String, Object> props = c.getProperties();
                if (props != null) {
                    try {
                        updated(c.getPid(), props);
                    } catch (ConfigurationException e) {
                        // reported when ConfigAdmin delivers it
                    }
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            System.getLogger("dev.wharf.runtime").log(System.Logger.Level.WARNING,
                    "cannot read the stored " + PID + " configurations now; they apply when ConfigAdmin delivers them", e);
        } finally {
            context.ungetService(ref);
        }
    }

    @Override
    public void deleted(String pid) {
        overrides.remove(pid);
    }
}
