package dev.wharf.runtime.internal.actor;

/** Where a component came from: its bundle. */
public record Origin(long bundleId, String symbolicName, String version) {
    @Override
    public String toString() {
        return "bundle " + bundleId + " (" + symbolicName + ")";
    }
}
