package dev.wharf.otel.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A configuration as SCR hands it to a component: the properties given (by their PID names,
 * {@code metrics-interval-ms}) and every other at its default; a property without default and not
 * given is null, as with SCR.
 */
final class Configs {

    private Configs() {
    }

    static OtelConfig otel(Map<String, Object> properties) {
        return (OtelConfig) Proxy.newProxyInstance(OtelConfig.class.getClassLoader(), new Class<?>[] {OtelConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> OtelConfig.class;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "OtelConfig" + properties;
                    default -> properties.getOrDefault(method.getName().replace("$_$", "-"), method.getDefaultValue());
                });
    }
}
