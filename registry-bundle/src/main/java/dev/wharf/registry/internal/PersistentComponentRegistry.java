package dev.wharf.registry.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentState;
import dev.wharf.api.StateChange;
import dev.wharf.registry.internal.EntryCodec.Entry;
import dev.wharf.spi.registry.ComponentStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@link ComponentRegistry}, persisted in an H2 MVStore in the registry bundle's data area.
 * Lookups read an in-memory map and never touch the disk; every write is committed before it
 * returns, so a crash loses at most the write in flight (MVStore never overwrites committed data,
 * so a torn write cannot corrupt what was there). At start the store is reloaded and reconciled
 * with the bundles present: entries of bundles that are gone are removed, the others keep their
 * history. A store that cannot be read is moved aside and rebuilt from the live components,
 * which the runtime puts again whenever a store appears.
 */
@Component(service = {ComponentRegistry.class, ComponentStore.class}, immediate = true)
public final class PersistentComponentRegistry implements ComponentRegistry, ComponentStore {

    private static final System.Logger LOG = System.getLogger("dev.wharf.registry");
    static final String FILE = "registry.mv.db";
    static final int HISTORY = 50;

    private final ConcurrentHashMap<ComponentId, Entry> entries = new ConcurrentHashMap<>();
    private final LongFunction<String> installed;
    private final MVStore store;
    private final MVMap<String, byte[]> map;
    private BundleContext context;
    // synchronous: when Bundle.uninstall() returns, the bundle's entries are gone
    private final SynchronousBundleListener uninstalls = event -> {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            bundleUninstalled(event.getBundle().getBundleId());
        }
    };

    @Activate
    public PersistentComponentRegistry(BundleContext context) {
        this(context.getDataFile(FILE).toPath(), id -> {
            Bundle b = context.getBundle(id);
            return b == null ? null : b.getSymbolicName();
        }, context.getProperty("org.osgi.framework.uuid"));
        this.context = context;
        context.addBundleListener(uninstalls);
    }

    /**
     * @param file the store
     * @param installed the symbolic name of an installed bundle by id, {@code null} when there is none
     */
    public PersistentComponentRegistry(Path file, LongFunction<String> installed) {
        this(file, installed, null);
    }

    /**
     * @param framework the id of this launch of the framework ({@code org.osgi.framework.uuid}, new
     *     at each start of the container); when the store was written in the same launch, only the
     *     registry bundle restarted and the components it knows are still running
     */
    PersistentComponentRegistry(Path file, LongFunction<String> installed, String framework) {
        this.installed = installed;
        MVStore s = open(file);
        this.store = s;
        this.map = s.openMap("components");
        load();
        MVMap<String, String> launch = s.openMap("launch");
        reconcile(framework == null || !framework.equals(launch.get("framework")));
        if (framework != null) {
            launch.put("framework", framework);
            s.commit();
        }
    }

    @Deactivate
    public void deactivate() {
        if (context != null) {
            context.removeBundleListener(uninstalls);
        }
        synchronized (this) {
            store.close();
        }
    }

    /** Opens the store; one that is corrupt or newer is moved aside, and a new one is started. */
    static MVStore open(Path file) {
        try {
            MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            MVMap<String, Integer> meta = s.openMap("wharf");
            Integer format = meta.get("format");
            if (format != null && format > EntryCodec.FORMAT) {
                s.close();
                throw new IllegalStateException("the store was written by a newer Wharf (format " + format + ")");
            }
            if (format == null || format < EntryCodec.FORMAT) {
                // entries are written in this format from now on; older ones are still read
                meta.put("format", EntryCodec.FORMAT);
                s.commit();
            }
            return s;
        } catch (RuntimeException e) {
            if (e instanceof org.h2.mvstore.MVStoreException m && m.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED) {
                // in use, not damaged: another container runs in the same directory; leave it alone
                throw new IllegalStateException("the registry " + file + " is in use by another process (is another "
                        + "container running in the same directory?); it is left as it is", e);
            }
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            try {
                if (Files.exists(file)) {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException io) {
                throw new IllegalStateException("cannot move the unreadable registry " + file + " aside: " + io, io);
            }
            LOG.log(Level.ERROR, "the component registry " + file + " cannot be read (" + e.getMessage()
                    + ", e); it was moved to " + aside + " and the registry starts empty, to be refilled from the live components");
            MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            s.<String, Integer>openMap("wharf").put("format", EntryCodec.FORMAT);
            s.commit();
            return s;
        }
    }

    private void load() {
        List<String> unreadable = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            try {
                Entry entry = EntryCodec.decode(e.getValue());
                entries.put(entry.metadata().id(), entry);
            } catch (IOException x) {
                unreadable.add(e.getKey());
                LOG.log(Level.ERROR, "registry entry '" + e.getKey() + "' cannot be read and is dropped: " + x.getMessage(), x);
            }
        }
        if (!unreadable.isEmpty()) {
            unreadable.forEach(map::remove);
            store.commit();
        }
    }

    /**
     * Entries of bundles that are gone (uninstalled while the container was down) are removed;
     * the others wait, stopped, for the runtime to bring their components back.
     */
    private synchronized void reconcile(boolean containerRestarted) {
        Instant now = Instant.now();
        for (Entry e : new ArrayList<>(entries.values())) {
            ComponentMetadata m = e.metadata();
            if (!m.bundleSymbolicName().equals(installed.apply(m.bundleId()))) {
                drop(m.id());
            } else if (containerRestarted && m.state() != ComponentState.STOPPED && m.state() != ComponentState.FAILED) {
                write(new Entry(m.withState(ComponentState.STOPPED, now, Optional.of("the container restarted")),
                        append(e.history(), new StateChange(now, ComponentState.STOPPED, Optional.of("the container restarted")))));
            }
        }
        store.commit();
    }

    /** A bundle was uninstalled: its components are gone for good. */
    synchronized void bundleUninstalled(long bundleId) {
        for (Entry e : new ArrayList<>(entries.values())) {
            if (e.metadata().bundleId() == bundleId) {
                drop(e.metadata().id());
            }
        }
        store.commit();
    }

    @Override
    public void put(ComponentMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        synchronized (this) {
            Entry old = entries.get(metadata.id());
            List<StateChange> history = old == null ? List.of() : old.history();
            // a change of state, in time order (an entry put back after a failed deploy is older)
            if ((old == null || old.metadata().state() != metadata.state()
                    || !old.metadata().stateSince().equals(metadata.stateSince()))
                    && (history.isEmpty() || !metadata.stateSince().isBefore(history.get(history.size() - 1).time()))) {
                history = append(history, new StateChange(metadata.stateSince(), metadata.state(), metadata.reason()));
            }
            write(new Entry(metadata, history));
            store.commit();
        }
    }

    private void write(Entry e) {
        entries.put(e.metadata().id(), e);
        map.put(e.metadata().id().value(), EntryCodec.encode(e));
    }

    private void drop(ComponentId id) {
        entries.remove(id);
        map.remove(id.value());
    }

    private static List<StateChange> append(List<StateChange> history, StateChange change) {
        List<StateChange> out = new ArrayList<>(history.size() + 1);
        out.addAll(history.size() >= HISTORY ? history.subList(history.size() - HISTORY + 1, history.size()) : history);
        out.add(change);
        return List.copyOf(out);
    }

    @Override
    public boolean remove(ComponentId id) {
        Objects.requireNonNull(id, "id");
        synchronized (this) {
            if (entries.remove(id) == null) {
                return false;
            }
            map.remove(id.value());
            store.commit();
            return true;
        }
    }

    @Override
    public Optional<ComponentMetadata> lookup(ComponentId id) {
        Entry e = entries.get(Objects.requireNonNull(id, "id"));
        return e == null ? Optional.empty() : Optional.of(e.metadata());
    }

    @Override
    public List<ComponentMetadata> list() {
        return select(m -> true);
    }

    @Override
    public List<ComponentMetadata> list(ComponentState state) {
        Objects.requireNonNull(state, "state");
        return select(m -> m.state() == state);
    }

    @Override
    public List<ComponentMetadata> withExport(String export) {
        Objects.requireNonNull(export, "export");
        return select(m -> m.export(export).isPresent());
    }

    @Override
    public List<ComponentMetadata> withCapability(String capability) {
        Objects.requireNonNull(capability, "capability");
        if (capability.startsWith("send-to:")) {
            String p = capability.substring("send-to:".length());
            return select(m -> m.spec().sendTo().contains(p));
        }
        if (capability.startsWith("receive-from:")) {
            String p = capability.substring("receive-from:".length());
            return select(m -> m.spec().receiveFrom().contains(p));
        }
        throw new IllegalArgumentException("capability '" + capability
                + "' is not 'send-to:<pattern>' or 'receive-from:<pattern>'");
    }

    @Override
    public List<StateChange> history(ComponentId id) {
        Entry e = entries.get(Objects.requireNonNull(id, "id"));
        return e == null ? List.of() : e.history();
    }

    private List<ComponentMetadata> select(Predicate<ComponentMetadata> filter) {
        List<ComponentMetadata> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (filter.test(e.metadata())) {
                out.add(e.metadata());
            }
        }
        out.sort(Comparator.comparing(ComponentMetadata::id));
        return out;
    }
}
