package dev.wharf.security.internal;

import java.util.Locale;

/** How the policy treats a message its checks would refuse. */
enum Mode {
    /** Refuse it. */
    STRICT,
    /** Log and audit the denial, deliver anyway. */
    PERMISSIVE,
    /** Check nothing. */
    DEVELOPMENT;

    /** The mode named {@code text}; {@code null} when it names none. */
    static Mode parse(String text) {
        for (Mode m : values()) {
            if (m.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return m;
            }
        }
        return null;
    }
}
