package dev.wharf.webconsole.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.capability.Capability;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;

/**
 * The {@code Capability} services the plugin tracks, and what each tells of a component: a
 * component's page asks, for every capability the component declares, the provider that serves
 * that name (the highest service ranking, as in the runtime). A provider that fails to answer is
 * shown as unavailable, so one provider cannot break the page, and is logged once per capability
 * and type of failure, so a page reloaded every few seconds does not fill the log.
 */
final class CapabilityUsages {

    /** One registered provider: its name and ranking as its service properties give them. */
    record Provider(String name, int ranking, long serviceId, Capability capability) {}

    private static final Comparator<Provider> SERVING = Comparator.comparingInt(Provider::ranking)
            .thenComparing(Comparator.comparingLong(Provider::serviceId).reversed());

    private final System.Logger log;
    private final Map<Long, Provider> providers = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    CapabilityUsages(System.Logger log) {
        this.log = log;
    }

    /** A provider registered; one without a name (property {@value Capability#NAME}) is ignored. */
    void add(Capability capability, Map<String, Object> properties) {
        if (properties.get(Capability.NAME) instanceof String name && !name.isBlank()) {
            int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
            long id = serviceId(properties);
            providers.put(id, new Provider(name, ranking, id, capability));
        }
    }

    /** A provider went. */
    void remove(Map<String, Object> properties) {
        providers.remove(serviceId(properties));
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long l ? l : -1;
    }

    /** What each of {@code declared} (the component's capabilities, in its order) tells of {@code id}. */
    List<CapabilityReport> report(ComponentId id, List<String> declared) {
        List<CapabilityReport> out = new ArrayList<>(declared.size());
        for (String name : declared) {
            out.add(serving(name).map(p -> ask(p, id)).orElseGet(() -> new CapabilityReport.NoProvider(name)));
        }
        return out;
    }

    private Optional<Provider> serving(String name) {
        return providers.values().stream().filter(p -> p.name().equals(name)).max(SERVING);
    }

    private CapabilityReport ask(Provider p, ComponentId id) {
        try {
            var usage = p.capability().usage(id);
            if (usage == null) {
                throw new IllegalStateException("usage(" + id + ") answered null");
            }
            return new CapabilityReport.Counted(p.name(), usage);
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError too: a provider whose bundle is going may no longer load its classes
            if (logged.add(p.name() + " " + e.getClass().getName())) {
                log.log(Level.WARNING, "Wharf console: capability '" + p.name() + "' (service " + p.serviceId()
                        + ") failed to tell the usage of component '" + id + "'; shown as not available, and this kind"
                        + " of failure of it is not logged again", e);
            }
            return new CapabilityReport.Unavailable(p.name());
        }
    }
}
