package dev.wharf.runtime.internal.engine;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The compiled modules in use, by content (SHA-256 and the settings that change the code), so
 * that components of one module share one compilation. Entries are weak: a module no component
 * uses any more is collected with its classes, as before.
 */
final class ModuleCache {

    private static final class Entry extends WeakReference<CompiledModule> {
        final String key;

        Entry(String key, CompiledModule value, ReferenceQueue<CompiledModule> queue) {
            super(value, queue);
            this.key = key;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<CompiledModule> collected = new ReferenceQueue<>();
    // compilations under way, so two components of one module deploying at once compile it once
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /** The module under {@code key}, compiled by {@code compile} unless one in use has it. */
    CompiledModule get(String key, Supplier<CompiledModule> compile) {
        expunge();
        CompiledModule m = live(key);
        if (m != null) {
            return m;
        }
        Object lock = locks.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                m = live(key);
                if (m == null) {
                    m = compile.get();
                    entries.put(key, new Entry(key, m, collected));
                }
                return m;
            }
        } finally {
            locks.remove(key, lock);
        }
    }

    private CompiledModule live(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.get();
    }

    /** How many distinct modules are in use. */
    int size() {
        expunge();
        return entries.size();
    }

    private void expunge() {
        java.lang.ref.Reference<? extends CompiledModule> r;
        while ((r = collected.poll()) != null) {
            Entry e = (Entry) r;
            entries.remove(e.key, e);
        }
    }
}
