package dev.wharf.runtime.internal.component.wasi;

/**
 * What a pollable of the host's waits for when it is not a clock's deadline: a future's value (an
 * HTTP response). The host works synchronously, so waiting is doing: {@link #await()} does the
 * work (sends the request) and returns once the value is there.
 */
public interface Waitable {

    /** Whether the value is there. */
    boolean ready();

    /** Returns once the value is there; a trap when it can never be (what it needs is missing). */
    void await();
}
