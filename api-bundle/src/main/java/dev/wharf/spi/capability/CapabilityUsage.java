package dev.wharf.spi.capability;

/**
 * One thing a capability counts for a component, as {@link Capability#usage} reports it: how
 * much the component holds now, and up to how much it may hold. The kv capability, for one,
 * reports {@code entries} (3 of no limit) and {@code bytes} (120 of its quota, 1048576).
 *
 * @param name what is counted, such as {@code entries} or {@code bytes}; not blank
 * @param used how much the component holds now; 0 or more
 * @param limit how much it may hold, or {@link #NO_LIMIT} when nothing bounds it
 */
public record CapabilityUsage(String name, long used, long limit) {

    /** The {@code limit} of something the capability counts but does not bound. */
    public static final long NO_LIMIT = -1;

    public CapabilityUsage {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a capability usage needs a name, not '" + name + "'");
        }
        if (used < 0) {
            throw new IllegalArgumentException("usage '" + name + "' cannot be negative: " + used);
        }
        if (limit < NO_LIMIT) {
            throw new IllegalArgumentException("usage '" + name + "' has limit " + limit
                    + ": expected 0 or more, or -1 for no limit");
        }
    }

    /** Whether a limit bounds it. */
    public boolean limited() {
        return limit != NO_LIMIT;
    }
}
