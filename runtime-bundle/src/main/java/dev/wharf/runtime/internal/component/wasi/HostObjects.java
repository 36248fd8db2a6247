package dev.wharf.runtime.internal.component.wasi;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The stateful host resources of one component instance (a body's stream, an HTTP request, a
 * fields): each object under a representation the guest's handle carries, with the resource type
 * it was given as. Bounded twice, so that a guest cannot make the host hold more than its own
 * memory could: at most {@code maxLive} objects at once, and at most {@code maxBytes} bytes of
 * the data they hold ({@link #charge}). Beyond either a call traps, naming the limit. An object is
 * freed when the guest drops its last own handle ({@link #drop}), when the host takes it over
 * ({@link #take}), or when the instance ends ({@link #clear}); one that holds bytes gives them back
 * then ({@link Freeable}). Used by the thread running the instance's call.
 */
public final class HostObjects {

    /** An object that holds something to give back when it is freed (bytes of the budget). */
    public interface Freeable {
        void free();
    }

    /** The first representation: below it are the fixed ones of stdin, stdout and stderr. */
    static final int FIRST = 16;
    /**
     * Representations stay below 2^27 - 1, so that a pollable's fits beside the clock's and differs
     * from the one that is never ready ({@link Pollables}).
     */
    static final int LIMIT = (1 << 27) - 1;

    private record Entry(ResourceType type, Object object) {}

    private final int maxLive;
    private final long maxBytes;
    private final Map<Integer, Entry> entries = new HashMap<>();
    private int next = FIRST;
    private long bytes;
    /** The live objects made since {@link #openScope()}, or {@code null} outside a scope. */
    private Set<Integer> scope;

    /**
     * @param maxLive the most objects alive at once
     * @param maxBytes the most bytes they may hold together (the component's memory cap)
     */
    public HostObjects(int maxLive, long maxBytes) {
        this.maxLive = maxLive;
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code object} as a {@code type}; its representation, for the handle the guest gets. */
    public int add(ResourceType type, Object object) {
        if (entries.size() >= maxLive) {
            throw new CanonicalAbiTrap("the component holds " + maxLive + " live host resources (streams, pollables, "
                    + "wasi:http objects), the most the host keeps for one instance; it must drop some before it "
                    + "makes another " + type.name());
        }
        while (entries.containsKey(next)) {
            advance();
        }
        int rep = next;
        advance();
        entries.put(rep, new Entry(type, object));
        if (scope != null) {
            scope.add(rep);
        }
        return rep;
    }

    private void advance() {
        next = next + 1 >= LIMIT ? FIRST : next + 1;
    }

    /** The object {@code rep} stands for as a {@code type}; a trap when there is none. */
    public <T> T get(ResourceType type, int rep, Class<T> kind) {
        Entry e = entries.get(rep);
        if (e == null || !e.type().equals(type) || !kind.isInstance(e.object())) {
            throw new CanonicalAbiTrap("no live " + type.name() + " with representation " + Integer.toUnsignedString(rep)
                    + " (never given by the host, or already dropped or passed on)");
        }
        return kind.cast(e.object());
    }

    /** Whether {@code rep} stands for a live object of {@code type}. */
    public boolean has(ResourceType type, int rep) {
        Entry e = entries.get(rep);
        return e != null && e.type().equals(type);
    }

    /** The object of an own handle the guest passed to the host: it is the host's now, no longer in the table. */
    public <T> T take(ResourceType type, int rep, Class<T> kind) {
        T object = get(type, rep, kind);
        remove(rep);
        return object;
    }

    /** The guest dropped its own handle of {@code rep}: the object is freed (a rep not here is ignored). */
    public void drop(ResourceType type, int rep) {
        Entry e = entries.get(rep);
        if (e != null && e.type().equals(type)) {
            remove(rep);
            free(e.object());
        }
    }

    /** Ends an object the guest may still hold a handle to (a request's, once it is answered): using it traps. */
    public void end(int rep) {
        Entry e = remove(rep);
        if (e != null) {
            free(e.object());
        }
    }

    private Entry remove(int rep) {
        if (scope != null) {
            scope.remove(rep);
        }
        return entries.remove(rep);
    }

    /**
     * Starts a scope: the objects made from now on are remembered while they live, so that
     * {@link #closeScope()} can end those the guest kept (a served request's, which end with it).
     */
    public void openScope() {
        scope = new HashSet<>();
    }

    /**
     * Ends the objects made in the scope that still live (using one later traps), and the scope;
     * {@code ended} hears of each, to take back the guest's handles of it.
     */
    public void closeScope(BiConsumer<ResourceType, Integer> ended) {
        Set<Integer> made = scope;
        scope = null;
        if (made != null) {
            for (int rep : List.copyOf(made)) {
                Entry e = entries.get(rep);
                end(rep);
                ended.accept(e.type(), rep);
            }
        }
    }

    private static void free(Object o) {
        if (o instanceof Freeable f) {
            f.free();
        }
    }

    /** Counts {@code n} more bytes held; a trap when that takes them beyond the budget. */
    public void charge(long n) {
        if (n > maxBytes - bytes) {
            throw new CanonicalAbiTrap("the host would hold " + (bytes + n) + " bytes of wasi:http bodies and fields "
                    + "for the component, more than its memory cap of " + maxBytes + " bytes (memory-max-pages)");
        }
        bytes += n;
    }

    /** Gives back {@code n} bytes counted by {@link #charge}. */
    public void release(long n) {
        bytes = Math.max(0, bytes - n);
    }

    /** Objects alive now. */
    public int live() {
        return entries.size();
    }

    /** Bytes held now. */
    public long bytes() {
        return bytes;
    }

    /** The instance ended: every object is freed. */
    public void clear() {
        entries.values().forEach(e -> free(e.object()));
        entries.clear();
        bytes = 0;
    }
}
