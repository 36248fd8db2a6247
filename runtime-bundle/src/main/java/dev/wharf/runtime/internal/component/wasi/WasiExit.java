package dev.wharf.runtime.internal.component.wasi;

/**
 * A guest called wasi:cli/exit: thrown out of the call, through the guest's frames, to whoever
 * called into the component, which ends the component instance with this status (the instance
 * must not be called again: its code stopped midway). {@code exit(ok)} is status 0,
 * {@code exit(err)} status 1, {@code exit-with-code(n)} status n.
 */
public final class WasiExit extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public WasiExit(int status) {
        super("the guest exited with status " + status, null, false, false);
        this.status = status;
    }

    /** The exit status: 0 for success. */
    public int status() {
        return status;
    }

    /** Whether the guest exited with success ({@code exit(ok)}, or {@code exit-with-code(0)}). */
    public boolean ok() {
        return status == 0;
    }
}
