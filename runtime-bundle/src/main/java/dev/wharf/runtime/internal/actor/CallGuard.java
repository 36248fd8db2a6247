package dev.wharf.runtime.internal.actor;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.guest.Deadline;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds each call into one component's guest by a wall-clock deadline. The thread in the call
 * marks it running; the {@link Watchdog} checks the deadline on every tick and interrupts a call
 * that passed it (Chicory checks the interrupt flag, in compiled code too). The phases:
 *
 * <pre>
 * IDLE --enter--> RUNNING --exit in time--> IDLE
 *                 RUNNING --deadline--> INTERRUPTING --interrupt sent--> INTERRUPTED --exit--> IDLE (timed out)
 * </pre>
 *
 * The exit of a call that is being interrupted waits for the interrupt to land and then clears
 * it, so the flag never leaks into the next call on that pool thread. One call at a time.
 */
public final class CallGuard implements Deadline {

    static final int IDLE = 0;
    static final int RUNNING = 1;
    static final int INTERRUPTING = 2;
    static final int INTERRUPTED = 3;

    private final ComponentId id;
    // the component's timeout-ms: set when its configuration changes, read by the thread in the call
    private volatile long timeoutMs;
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    // written by the calling thread before it sets RUNNING, which publishes them to the watchdog;
    // the watchdog trusts them only once it holds the call in INTERRUPTING (the call cannot end
    // or be replaced then), so a plain field costs no fence on the path of every call
    private long started;
    private long deadline;
    private Thread runner;
    // set when the component is stopping: the call under way is interrupted and ends as unavailable
    private volatile boolean aborted;
    // set once the component has stopped: no call starts any more
    private volatile boolean closed;
    // set while the call waits in a capability's provider (a request, a database): its thread is
    // parked, not computing, and does not count against the pool's max-threads
    private volatile boolean inCapability;
    // when the watchdog first saw the call in a capability; written and read by the watchdog only
    private long inCapabilitySeen;

    /** @param timeoutMs the component's {@code timeout-ms}, which {@link #run(String, Section)} applies */
    public CallGuard(ComponentId id, long timeoutMs) {
        this.id = id;
        this.timeoutMs = timeoutMs;
    }

    /** The component whose calls it bounds. */
    public ComponentId id() {
        return id;
    }

    /** The component's {@code timeout-ms} changed: it applies from the next call on. */
    public void timeoutMs(long ms) {
        timeoutMs = ms;
    }

    /** Runs {@code section} under the component's {@code timeout-ms}; see {@link #run(String, long, Section)}. */
    @Override
    public <T> T run(String name, Section<T> section) {
        return run(name, timeoutMs, section);
    }

    /**
     * Runs {@code section} under a deadline of {@code timeoutMs}.
     *
     * @throws CallTimeoutException when the deadline passed and the call was interrupted
     * @throws ComponentUnavailableException when the component stopped during the call
     * @throws GuestTrapException when the guest trapped (or overflowed its stack)
     * @throws WharfException any error the section itself raised
     */
    public <T> T run(String name, long timeoutMs, Section<T> section) {
        T result = null;
        Throwable failure = null;
        runner = Thread.currentThread();
        long now = System.nanoTime();
        started = now;
        deadline = now + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (aborted) {
            aborted = false;
        }
        phase.set(RUNNING);
        if (closed) {
            exit();
            throw new ComponentUnavailableException(id, ComponentState.STOPPED);
        }
        try {
            result = section.run();
        } catch (StackOverflowError | OutOfMemoryError e) {
            // the guest's own: its instance is dropped (and its memory with it), the container goes on
            failure = e;
        } catch (VirtualMachineError e) {
            exit();
            throw e;
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (exit()) {
            if (aborted) {
                throw new ComponentUnavailableException(id, ComponentState.STOPPING);
            }
            throw new CallTimeoutException(id, name, timeoutMs);
        }
        if (failure instanceof WharfException w) {
            throw w;
        }
        if (failure != null) {
            throw new GuestTrapException(id, name, describe(failure), failure);
        }
        return result;
    }

    /** When the latest call began ({@link System#nanoTime()}); read by the thread that runs the calls. */
    long startedAt() {
        return started;
    }

    @Override
    public long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** Ends a call; returns whether the watchdog interrupted it. Never leaves the thread interrupted. */
    private boolean exit() {
        for (;;) {
            if (phase.compareAndSet(RUNNING, IDLE)) {
                runner = null;
                return false;
            }
            if (phase.get() == INTERRUPTED) {
                Thread.interrupted();
                runner = null;
                phase.set(IDLE);
                return true;
            }
            // INTERRUPTING: the interrupt is on its way, or the watchdog finds it is not due after all
            Thread.onSpinWait();
        }
    }

    /** Called by the watchdog: interrupts a call that passed its deadline; returns whether it did. */
    boolean checkDeadline(long now) {
        return phase.get() == RUNNING && (aborted || now - deadline > 0) && interrupt(now);
    }

    /**
     * The component is stopping: the call under way, if any, is interrupted now (or, when it is
     * just starting, at the watchdog's next tick) and ends with {@link ComponentUnavailableException}.
     * Later calls run normally.
     */
    void abort() {
        aborted = true;
        if (phase.get() == RUNNING) {
            interrupt(System.nanoTime());
        }
    }

    /**
     * Interrupts the call under way, when it is still due: the deadline and the thread are read
     * again once the call is held in INTERRUPTING, so a call that ended and a new one (on another
     * thread, with caller-runs) that began in between is never interrupted by mistake.
     */
    private boolean interrupt(long now) {
        if (!phase.compareAndSet(RUNNING, INTERRUPTING)) {
            return false;
        }
        Thread t = runner;
        if (t == null || (!aborted && now - deadline <= 0)) {
            phase.set(RUNNING);
            return false;
        }
        t.interrupt();
        phase.set(INTERRUPTED);
        return true;
    }

    /** The component has stopped: every later call ends at once, without running guest code. */
    void close() {
        closed = true;
    }

    /** The call under way enters a capability's provider; {@link #leaveCapability()} when it returns. */
    void enterCapability() {
        inCapability = true;
    }

    void leaveCapability() {
        inCapability = false;
    }

    /**
     * Whether the call under way has computed in the guest longer than {@code nanos}: it holds its
     * thread for long. A call waiting in a capability does not count here but in {@link #parkedLongerThan}.
     */
    boolean runningLongerThan(long nanos, long now) {
        return phase.get() != IDLE && !inCapability && now - started > nanos;
    }

    /**
     * Whether the call under way has waited in one capability call for longer than about
     * {@code nanos} (measured from when the watchdog first saw it there). Called by the watchdog only.
     */
    boolean parkedLongerThan(long nanos, long now) {
        if (!inCapability || phase.get() == IDLE) {
            inCapabilitySeen = 0;
            return false;
        }
        if (inCapabilitySeen == 0) {
            inCapabilitySeen = now;
        }
        return now - inCapabilitySeen >= nanos;
    }

    /** Whether a call is under way. */
    boolean busy() {
        return phase.get() != IDLE;
    }

    /** Waits, at most {@code timeoutMs}, until no call is under way; returns whether none is. */
    boolean awaitIdle(long timeoutMs) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (busy()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            // an interrupted guest returns within microseconds: a short park is the whole wait
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        return true;
    }

    /** A WASI {@code proc_exit(0)}: the guest ended on purpose. */
    static boolean exitedNormally(WharfException e) {
        return e.getCause() instanceof WasiExitException exit && exit.exitCode() == 0;
    }

    /** What went wrong in a guest, in words. */
    static String describe(Throwable t) {
        if (t instanceof StackOverflowError) {
            return "call stack exhausted";
        }
        if (t instanceof OutOfMemoryError) {
            return "the JVM ran out of memory during the call (" + t.getMessage() + ")";
        }
        if (t instanceof WasiExitException exit) {
            return "exited with code " + exit.exitCode();
        }
        if (t instanceof ChicoryInterruptedException) {
            return "interrupted";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
