package dev.wharf.runtime.internal.header;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentPattern;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.annotation.RequireWharfComponents;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code Wasm-Component} header: one clause per component. Turns a clause into a validated
 * {@link ComponentSpec}; every error names the attribute and the offending value. It knows the
 * runtime's own attributes ({@link ComponentAttribute}); every other attribute is carried as a
 * setting of a capability, which the capability checks (see {@code CapabilityHost#checkSettings}).
 */
public final class ComponentHeader {

    public static final String NAME = "Wasm-Component";

    /** The requirement on this runtime's extender, as {@link RequireWharfComponents} makes bnd write it. */
    public static final String REQUIREMENT = RequireWharfComponents.NAMESPACE + ";filter:=\"(&("
            + RequireWharfComponents.NAMESPACE + "=" + RequireWharfComponents.NAME + ")(version>=1.0)(!(version>=2.0)))\"";

    private ComponentHeader() {}

    /** Parses one clause into a spec, applying the defaults of docs/component-header.md. */
    public static ComponentSpec toSpec(HeaderClause clause) {
        return toSpec(clause.path(), clause.attributes());
    }

    /**
     * A spec from a module path and attributes (header attributes, possibly overlaid with
     * configuration).
     */
    public static ComponentSpec toSpec(String path, Map<String, String> attributes) {
        if (!path.endsWith(".wasm")) {
            throw new IllegalArgumentException("path '" + path + "' does not name a .wasm module");
        }
        Set<ComponentAttribute> declared = EnumSet.noneOf(ComponentAttribute.class);
        Map<String, String> settings = new TreeMap<>();
        attributes.forEach((name, value) -> ComponentAttribute.fromHeaderName(name)
                .ifPresentOrElse(declared::add, () -> settings.put(name, value.trim())));
        // the runtime's attributes that ComponentLimits does not hold travel with the settings
        attributes.forEach((name, value) -> {
            if (HttpAttributes.isOne(name)) {
                HttpAttributes.check(name, value.trim());
                settings.put(name, value.trim());
            }
        });
        String file = path.substring(path.lastIndexOf('/') + 1);
        String idText = attributes.getOrDefault("id", file.substring(0, file.length() - ".wasm".length()));
        if (!ComponentId.isValid(idText)) {
            throw new IllegalArgumentException("attribute 'id' has invalid value '" + idText
                    + "': expected [a-z0-9][a-z0-9._-]{0,127}");
        }
        if (idText.equals(ComponentId.HOST.value())) {
            throw new IllegalArgumentException("attribute 'id' has invalid value 'host': the id is reserved for the host");
        }
        ComponentLimits d = ComponentLimits.DEFAULTS;
        ComponentLimits limits = new ComponentLimits(
                intValue(attributes, "max-message-size", d.maxMessageSize(), Integer.MAX_VALUE),
                intValue(attributes, "rate-limit", d.rateLimit(), Integer.MAX_VALUE),
                // what 32-bit WebAssembly can address; the engine's own, lower ceiling is its to check
                intValue(attributes, "memory-max-pages", d.memoryMaxPages(), 65_536),
                longValue(attributes, "timeout-ms", d.timeoutMs()),
                intValue(attributes, "mailbox", d.mailbox(), 10_000_000),
                restart(attributes.get("restart"), d.restart()),
                intValue(attributes, "max-restarts", d.maxRestarts(), Integer.MAX_VALUE, true),
                longValue(attributes, "restart-window-ms", d.restartWindowMs()),
                intValue(attributes, "instances", d.instances(), ComponentLimits.MAX_INSTANCES));
        return new ComponentSpec(ComponentId.of(idText), path, patterns(attributes, "receive-from"),
                patterns(attributes, "send-to"), limits, declared, capabilities(attributes), settings);
    }

    /** The syntax of a capability name, as it follows {@code wharf:} in an import's module. */
    public static boolean isCapabilityName(String name) {
        return CAPABILITY.matcher(name).matches();
    }

    private static final java.util.regex.Pattern CAPABILITY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static List<String> capabilities(Map<String, String> attributes) {
        List<String> out = new ArrayList<>();
        for (String name : items(attributes.get("capabilities"))) {
            if (!isCapabilityName(name)) {
                throw new IllegalArgumentException("attribute 'capabilities' has invalid name '" + name + "' in '"
                        + attributes.get("capabilities") + "': expected [a-z0-9][a-z0-9_-]{0,63}, e.g. kv,config,http");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static List<String> items(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static List<String> patterns(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String p : value.split(",")) {
            String t = p.trim();
            if (!ComponentPattern.isValid(t)) {
                throw new IllegalArgumentException("attribute '" + name + "' has invalid pattern '" + t
                        + "' in '" + value + "': expected an id, 'prefix.*' or '*'");
            }
            out.add(t);
        }
        return out;
    }

    private static int intValue(Map<String, String> attributes, String name, int dflt, int max) {
        return intValue(attributes, name, dflt, max, false);
    }

    private static int intValue(Map<String, String> attributes, String name, int dflt, int max, boolean zeroOk) {
        long v = longValue(attributes, name, dflt, zeroOk);
        if (v > max) {
            throw new IllegalArgumentException("attribute '" + name + "' has invalid value '" + attributes.get(name)
                    + "': at most " + max);
        }
        return (int) v;
    }

    private static long longValue(Map<String, String> attributes, String name, long dflt) {
        return longValue(attributes, name, dflt, false);
    }

    private static long longValue(Map<String, String> attributes, String name, long dflt, boolean zeroOk) {
        String text = attributes.get(name);
        if (text == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 0 || (v == 0 && !zeroOk)) {
            throw new IllegalArgumentException("attribute '" + name + "' has invalid value '" + text
                    + "': expected a " + (zeroOk ? "non-negative" : "positive") + " integer");
        }
        return v;
    }

    private static RestartPolicy restart(String text, RestartPolicy dflt) {
        if (text == null) {
            return dflt;
        }
        for (RestartPolicy p : RestartPolicy.values()) {
            if (p.headerValue().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("attribute 'restart' has invalid value '" + text
                + "': expected permanent, transient or temporary");
    }
}
