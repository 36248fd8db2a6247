package dev.wharf.webconsole.internal;

import dev.wharf.spi.capability.CapabilityUsage;
import java.util.List;

/** What a component's page shows of one capability the component declares. */
sealed interface CapabilityReport {

    /** The capability's name, as the component declares it. */
    String capability();

    /** The lines the page shows for it, at least one. */
    List<String> lines();

    /** Its provider's answer: one line per thing it counts, none when it counts nothing for the component. */
    record Counted(String capability, List<CapabilityUsage> usage) implements CapabilityReport {
        public Counted {
            usage = List.copyOf(usage);
        }

        /** {@code entries 3}, {@code bytes 120 of 1048576}; {@code nothing counted} without usage. */
        @Override
        public List<String> lines() {
            if (usage.isEmpty()) {
                return List.of("nothing counted");
            }
            return usage.stream().map(u -> u.name() + " " + u.used() + (u.limited() ? " of " + u.limit() : "")).toList();
        }
    }

    /** No provider of that name is registered now. */
    record NoProvider(String capability) implements CapabilityReport {
        @Override
        public List<String> lines() {
            return List.of("no provider");
        }
    }

    /** The provider failed to answer (it threw, or answered null). */
    record Unavailable(String capability) implements CapabilityReport {
        @Override
        public List<String> lines() {
            return List.of("usage not available");
        }
    }
}
