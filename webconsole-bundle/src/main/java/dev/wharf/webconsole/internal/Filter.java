package dev.wharf.webconsole.internal;

import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.spi.security.AuditRecord;
import java.util.Locale;

/**
 * The filters of the dead letters and the audit log: a text that the sender, the receiver or
 * target, or the reason must contain (case-insensitive, empty for all), and for the audit log
 * whether only refused messages are shown.
 */
record Filter(String text, boolean deniedOnly) {

    static final Filter NONE = new Filter("", false);

    Filter {
        text = text == null ? "" : text.trim();
    }

    boolean matches(DeadLetter d) {
        return contains(d.sender().value()) || contains(d.to().value()) || contains(d.reason())
                || contains(String.valueOf(d.code()));
    }

    boolean matches(AuditRecord r) {
        return (!deniedOnly || !r.allowed()) && (contains(r.from()) || contains(r.target()) || contains(r.reason()));
    }

    private boolean contains(String value) {
        return text.isEmpty() || (value != null
                && value.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)));
    }
}
