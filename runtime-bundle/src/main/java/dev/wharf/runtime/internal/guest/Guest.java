package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;

/**
 * One live instance of a component, of whatever kind: a module written for Wharf's own ABI, and,
 * through further implementations, guests written for other hosts. Everything an actor needs
 * from its guest is here; the actor, its supervisor and the rest of the runtime know nothing
 * else of it. Called by one thread at a time, the one running the actor's turn. Every method that
 * runs guest code runs it through the {@link Deadline} it is given, which bounds it and names a
 * trap or a timeout; the actor decides what a trap or a timeout means for the component.
 */
public interface Guest extends AutoCloseable {

    /** Runs the guest's own initialisation once, when it has one ({@code _initialize}). */
    void initialize(Deadline deadline);

    /**
     * Hands one message to the guest.
     *
     * @param request whether the sender waits for a reply
     * @return the guest's reply, or {@code null} when it gave none
     * @throws GuestErrorException when the guest answered with an application error and no reply
     */
    byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request);

    /** Calls {@code export} with number arguments already checked against it; returns the raw results. */
    long[] invoke(Deadline deadline, ExportSignature export, long[] args);

    /**
     * Calls function {@code function} with {@code input} as bytes and answers its output (Extism's
     * calling convention).
     *
     * @throws GuestErrorException when the function reported an error, with its message
     * @throws dev.wharf.api.InvalidArgumentsException when this kind of guest has no functions
     *     called with bytes, saying how its functions are called
     */
    byte[] call(Deadline deadline, String function, byte[] input);

    /**
     * Calls function {@code function} with typed values (a WebAssembly component's), given and
     * answered in {@code form}.
     *
     * @throws dev.wharf.api.InvalidArgumentsException when an argument does not fit, naming it,
     *     or when this kind of guest has no functions called with values, saying how its are called
     * @throws dev.wharf.api.UnknownExportException when it has no such function
     */
    Object call(Deadline deadline, String function, ValueForm form, Object arguments);

    /**
     * Answers one HTTP request; called only when its module {@link GuestModule#servesHttp()}.
     *
     * @throws dev.wharf.api.GuestErrorException when the guest gave no response, saying why
     */
    default OutgoingResponse serveHttp(Deadline deadline, IncomingRequest request) {
        throw new IllegalStateException("this kind of guest answers no HTTP requests");
    }

    /** Its own verdict on its health, or {@code null} when it has no check of its own (its state decides). */
    HealthStatus health(Deadline deadline);

    /** Whether it can hand its state to a new version of itself. */
    boolean savesState();

    /** Whether it can take the state of the version it replaces. */
    boolean restoresState();

    /** Its state for the version that replaces it; called only when {@link #savesState()}. */
    byte[] saveState(Deadline deadline);

    /**
     * Takes the state of the version it replaces; called only when {@link #restoresState()}.
     *
     * @throws dev.wharf.api.WharfException when it refuses the state: the swap is refused then
     */
    void restoreState(Deadline deadline, byte[] state);

    /** Runs the guest's own cleanup before a graceful stop, when it has one ({@code _cleanup}). */
    void cleanup(Deadline deadline);

    /** Releases the instance and its memory; no guest code runs. Idempotent. */
    @Override
    void close();
}
