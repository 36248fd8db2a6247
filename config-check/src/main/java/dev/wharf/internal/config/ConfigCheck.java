package dev.wharf.internal.config;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Checks the values of one configuration PID, the same way in every Wharf bundle: a value out of
 * range is an error that names the PID, the property, the value and what it should be; nothing
 * is clamped. A configuration with a bad value is refused whole, and the one before it (or the
 * defaults, at activation) stays: {@link #apply}.
 */
public final class ConfigCheck {

    private final String pid;

    public ConfigCheck(String pid) {
        this.pid = pid;
    }

    /** {@code value} when it is at least {@code min}. */
    public long atLeast(String property, long value, long min) {
        if (value < min) {
            throw bad(property, value, "at least " + min);
        }
        return value;
    }

    /** {@code value} when it is at least {@code min}. */
    public int atLeast(String property, int value, int min) {
        return (int) atLeast(property, (long) value, min);
    }

    /** The error of {@code property} whose {@code value} is not {@code expected}. */
    public IllegalArgumentException bad(String property, Object value, String expected) {
        return new IllegalArgumentException(pid + ": " + property + " is " + value + "; expected " + expected);
    }

    /**
     * The configuration type {@code type} (a metatype annotation) with every property at its
     * default: what applies while the configuration given is refused at activation.
     */
    public static <A> A defaults(Class<A> type) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "defaults of " + type.getName();
                    default -> method.getDefaultValue();
                }));
    }

    /**
     * The checked settings {@code check} makes, or {@code before} when a value is bad: the error
     * is logged, naming the PID and the property, and says what stays.
     *
     * @param before the settings in use, or the defaults at activation
     * @param first whether this is the first configuration (then the defaults stay)
     */
    public static <T> T apply(Supplier<T> check, T before, boolean first, Logger log) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            log.log(Level.ERROR, e.getMessage() + "; this configuration is not applied, "
                    + (first ? "the defaults are used" : "the one before stays"), e);
            return before;
        }
    }
}
