package dev.wharf.runtime.internal.guest.component.http;

import dev.wharf.api.http.HttpField;
import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.wasi.HostObjects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The header (or trailer) fields of a wasi:http message: names in lower case (fields compare
 * names without regard to case, and answer them as HTTP/2 writes them), values as bytes, in order.
 * What they hold counts against the instance's {@link HostObjects} budget, and one fields holds
 * at most {@value #MAX_BYTES} bytes of names and values: more traps, as headers that large are
 * no HTTP message's.
 */
final class Fields {

    /** The most bytes of names and values one fields holds. */
    static final int MAX_BYTES = 64 * 1024;

    /**
     * Names a guest may not set: those of the connection itself, which the HTTP client or server
     * sets (as wasmtime forbids them, and as Wharf's http capability refuses them).
     */
    static final Set<String> FORBIDDEN = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade", "host", "http2-settings", "expect");

    /** One field: its name in lower case, its value. */
    record Entry(String name, byte[] value) {
        int size() {
            return name.length() + value.length;
        }
    }

    private final HostObjects budget;
    private final List<Entry> entries = new ArrayList<>();
    private long held;

    Fields(HostObjects budget) {
        this.budget = budget;
    }

    /** Fields of a message the host received (no check: the server or client parsed them). */
    static Fields of(HostObjects budget, List<HttpField> fields) {
        Fields f = new Fields(budget);
        for (HttpField field : fields) {
            f.add(field.name().toLowerCase(Locale.ROOT), field.value());
        }
        return f;
    }

    /**
     * Why {@code name} and {@code value} may not be set: a header-error case, or -1 when they may.
     * A name is an HTTP token; a value has no control character but tab (no CR, LF or NUL).
     */
    static int refusal(String name, byte[] value) {
        if (name.isEmpty() || !name.chars().allMatch(Fields::tokenChar)) {
            return HttpTypes.INVALID_SYNTAX;
        }
        for (byte b : value) {
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7F) {
                return HttpTypes.INVALID_SYNTAX;
            }
        }
        return FORBIDDEN.contains(name.toLowerCase(Locale.ROOT)) ? HttpTypes.FORBIDDEN : -1;
    }

    private static boolean tokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Appends a field whose name and value were checked. */
    void add(String name, byte[] value) {
        Entry e = new Entry(name.toLowerCase(Locale.ROOT), value.clone());
        if (held + e.size() > MAX_BYTES) {
            throw new CanonicalAbiTrap("wasi:http fields of more than " + MAX_BYTES + " bytes of names and values: "
                    + "the host keeps at most that much per fields (adding '" + e.name() + "')");
        }
        budget.charge(e.size());
        held += e.size();
        entries.add(e);
    }

    /** Removes every field named {@code name} (any case). */
    void delete(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        entries.removeIf(e -> {
            if (e.name().equals(key)) {
                held -= e.size();
                budget.release(e.size());
                return true;
            }
            return false;
        });
    }

    /** The values of the fields named {@code name} (any case), in order. */
    List<byte[]> get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return entries.stream().filter(e -> e.name().equals(key)).map(e -> e.value().clone()).toList();
    }

    boolean has(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return entries.stream().anyMatch(e -> e.name().equals(key));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** A copy, counted against the same budget. */
    Fields copy() {
        Fields f = new Fields(budget);
        entries.forEach(e -> f.add(e.name(), e.value()));
        return f;
    }

    /** The fields as the API has them. */
    List<HttpField> toApi() {
        return entries.stream().map(e -> new HttpField(e.name(), e.value())).toList();
    }

    /** The fields as header lines for the http capability: {@code name: value\n}, without those it sets itself. */
    String lines(Set<String> leftOut) {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            if (!leftOut.contains(e.name())) {
                out.append(e.name()).append(": ").append(new String(e.value(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return out.toString();
    }

    /** Gives back what it held to the budget; it holds nothing after. */
    void free() {
        budget.release(held);
        held = 0;
        entries.clear();
    }
}
