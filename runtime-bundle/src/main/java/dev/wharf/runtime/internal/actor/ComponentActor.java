package dev.wharf.runtime.internal.actor;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.runtime.internal.engine.GuestContext;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.LoadedModule;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A live component: its module, its one instance, its mailbox. Messages are processed one at a
 * time (a WebAssembly instance is not thread-safe) on the shared dispatcher pool, at most
 * {@code throughput} per turn so a busy component cannot starve the others.
 */
public final class ComponentActor implements Runnable, GuestContext {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final ActorSystem system;
    private volatile ComponentSpec spec;
    private final java.util.Map<String, String> headerAttributes;
    private final LoadedModule module;
    private final Origin origin;
    private final Mailbox mailbox;
    private final AtomicInteger scheduled = new AtomicInteger();
    private final System.Logger guestLog;
    private final Instant firstInstalled;

    private volatile ComponentState state = ComponentState.STARTING;
    private volatile Instant stateSince = Instant.now();
    private volatile String reason;
    private volatile GuestInstance guest;

    // supervision: restarts within the window, the restart log, health as last checked
    private volatile boolean restarting;
    // held while a transition drains the mailbox (failed, stopped) and by a restart out of it
    private final Object lifecycle = new Object();
    // its bundle is stopping it: no restart, not even by an operator
    private volatile boolean stopping;
    private final java.util.ArrayDeque<Long> recentRestarts = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<RestartRecord> restartLog = new java.util.ArrayDeque<>();
    private final AtomicInteger restartCount = new AtomicInteger();
    private final AtomicInteger consecutiveUnhealthy = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicReference<CompletableFuture<HealthStatus>> healthInFlight =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile HealthStatus lastHealth;
    private volatile Instant lastCheck;
    static final int RESTART_LOG = 16;

    // The call guard: the watchdog interrupts the thread in a call that passed its deadline.
    private final AtomicInteger callPhase = new AtomicInteger(IDLE);
    private volatile long deadline;
    private volatile Thread runner;

    static final String HANDLE_MESSAGE = "handle-message";
    static final String HEALTH = "_health";
    static final String ALLOC = "alloc";
    static final String DEALLOC = "dealloc";

    // the message being handled and its reply; touched only by the thread running this actor
    private Envelope.Deliver current;
    private byte[] replyPayload;

    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder messagesFailed = new LongAdder();
    final LongAdder refused = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    /** Where a component came from. */
    public record Origin(long bundleId, String symbolicName, String version) {
        @Override
        public String toString() {
            return "bundle " + bundleId + " (" + symbolicName + ")";
        }
    }

    ComponentActor(ActorSystem system, ComponentSpec spec, java.util.Map<String, String> headerAttributes,
            LoadedModule module, Origin origin, Instant firstInstalled, int restarts, List<RestartRecord> restartHistory) {
        this.system = system;
        this.spec = spec;
        this.headerAttributes = java.util.Map.copyOf(headerAttributes);
        this.module = module;
        this.origin = origin;
        this.mailbox = new Mailbox(spec.limits().mailbox());
        this.guestLog = System.getLogger("dev.wharf.guest." + spec.id());
        this.firstInstalled = firstInstalled;
        this.restartCount.set(restarts);
        restartLog.addAll(restartHistory.subList(Math.max(0, restartHistory.size() - RESTART_LOG), restartHistory.size()));
    }

    public ComponentId id() {
        return spec.id();
    }

    public ComponentSpec spec() {
        return spec;
    }

    /** The attributes of its header clause, before any configuration is applied. */
    java.util.Map<String, String> headerAttributes() {
        return headerAttributes;
    }

    /**
     * Applies a changed spec at once: mailbox capacity, timeouts and limits take effect with the
     * next message; a new memory cap with the next instance.
     */
    void reconfigure(ComponentSpec changed) {
        spec = changed;
        mailbox.capacity(changed.limits().mailbox());
        system.stateChanged(this);
    }

    public LoadedModule module() {
        return module;
    }

    public Origin origin() {
        return origin;
    }

    public ComponentState state() {
        return state;
    }

    public int mailboxDepth() {
        return mailbox.depth();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long messagesFailed() {
        return messagesFailed.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public LatencyHistogram latency() {
        return latency;
    }

    /** What the registry should know about this component now. */
    public ComponentMetadata metadata() {
        return new ComponentMetadata(spec, origin.bundleId(), origin.symbolicName(), origin.version(),
                module.sha256(), module.exportList(), state, stateSince, Optional.ofNullable(reason), health(),
                restartCount.get(), firstInstalled, restarts());
    }

    /** Its health: the last check's result while it is ready, else what its state says. */
    public HealthStatus health() {
        HealthStatus h = lastHealth;
        return state == ComponentState.READY && h != null ? h : stateHealth();
    }

    /** Health as the state alone says it (Ready healthy, Starting/Stopping degraded, Failed unhealthy). */
    HealthStatus stateHealth() {
        return switch (state) {
            case READY -> HealthStatus.HEALTHY;
            case STARTING, STOPPING -> new HealthStatus.Degraded(reason == null ? state.name().toLowerCase() : reason);
            default -> new HealthStatus.Unhealthy(reason == null ? state.name().toLowerCase() : reason);
        };
    }

    public int consecutiveUnhealthy() {
        return consecutiveUnhealthy.get();
    }

    public Optional<Instant> lastCheck() {
        return Optional.ofNullable(lastCheck);
    }

    public int restartCount() {
        return restartCount.get();
    }

    public List<RestartRecord> restarts() {
        synchronized (restartLog) {
            return List.copyOf(restartLog);
        }
    }

    /** Whether messages are accepted: when ready, and while a restart is under way. */
    public boolean acceptsMessages() {
        ComponentState s = state;
        return s == ComponentState.READY || (s == ComponentState.STARTING && restarting);
    }

    // ---- lifecycle ----------------------------------------------------------------------

    /** Instantiates the module and runs {@code _initialize}, on the caller's thread. */
    void start() {
        GuestInstance g;
        try {
            g = GuestInstance.create(module, this);
        } catch (RuntimeException | StackOverflowError e) {
            throw new GuestTrapException(id(), "instantiation", message(e), e);
        }
        guest = g;
        if (g.hasExport("_initialize")) {
            try {
                guardedCall(g, "_initialize");
            } catch (WharfException e) {
                guest = null;
                g.close();
                throw e;
            }
        }
        setState(ComponentState.READY, null);
    }

    /**
     * Stops accepting messages, lets the ones already queued finish (at most {@code drainMs}),
     * runs {@code _cleanup} and closes the instance.
     */
    void stop(long drainMs) {
        stopping = true;
        if (state == ComponentState.STOPPED) {
            return;
        }
        setState(ComponentState.STOPPING, null);
        restarting = false;
        CompletableFuture<Void> done = new CompletableFuture<>();
        mailbox.force(new Envelope.Stop(done));
        schedule();
        try {
            done.get(drainMs + spec.limits().timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            system.log().log(Level.WARNING, "component " + id() + " did not drain its mailbox within " + drainMs
                    + " ms; " + mailbox.depth() + " messages are refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // Stop never completes exceptionally
        }
        setState(ComponentState.STOPPED, null);
        // whatever is still queued (a drain that timed out) is answered, never dropped
        failQueued(ComponentState.STOPPED);
        GuestInstance g = guest;
        if (g != null) {
            // the drain timed out while a call was stuck; the watchdog has interrupted it by now
            guest = null;
            g.close();
        }
    }

    private void setState(ComponentState s, String why) {
        state = s;
        reason = why;
        stateSince = Instant.now();
        system.stateChanged(this);
    }

    // ---- messages -----------------------------------------------------------------------

    /** Queues {@code e}; refuses it at once when the component does not serve or the mailbox is full. */
    void enqueue(Envelope e) {
        enqueue(e, false);
    }

    /**
     * @param accepted the message was already accepted (it waited for a security policy): it
     *     goes in even past the mailbox capacity, which such messages exceed by at most
     *     {@code policy-wait-max}
     */
    void enqueue(Envelope e, boolean accepted) {
        if (!acceptsMessages()) {
            refused.increment();
            throw new ComponentUnavailableException(id(), state);
        }
        if (accepted) {
            mailbox.force(e);
        } else if (!mailbox.offer(e)) {
            refused.increment();
            throw new DeliveryRefusedException(ErrorCode.MAILBOX_FULL, "mailbox of component '" + id() + "' is full ("
                    + mailbox.capacity() + " messages)");
        }
        messagesIn.increment();
        schedule();
    }

    /** Queues a shutdown behind the messages already waiting. */
    CompletableFuture<Void> requestShutdown() {
        CompletableFuture<Void> done = new Reply<>();
        enqueueControl(new Envelope.Shutdown(done));
        return done;
    }

    /** Queues a control message (a health check) past the capacity: it must not be refused for a full mailbox. */
    void enqueueControl(Envelope e) {
        if (!acceptsMessages()) {
            throw new ComponentUnavailableException(id(), state);
        }
        mailbox.force(e);
        schedule();
    }

    private void schedule() {
        if (scheduled.get() == 0 && scheduled.compareAndSet(0, 1)) {
            system.execute(this);
        }
    }

    @Override
    public void run() {
        int budget = system.throughput();
        try {
            Envelope e;
            // while a restart is under way the mailbox keeps its messages for the new instance
            while (budget-- > 0 && !restarting && (e = mailbox.poll()) != null) {
                process(e);
            }
        } finally {
            scheduled.set(0);
            if (!restarting && !mailbox.isEmpty()) {
                schedule();
            }
        }
    }

    private void process(Envelope e) {
        GuestInstance g = guest;
        if (e instanceof Envelope.Stop stop) {
            closeGuest(g);
            stop.done().complete(null);
            return;
        }
        if (e instanceof Envelope.Shutdown shutdown) {
            closeGuest(g);
            synchronized (lifecycle) {
                setState(ComponentState.STOPPED, "shut down on request");
                failQueued(ComponentState.STOPPED);
            }
            shutdown.done().complete(null);
            return;
        }
        if (e instanceof Envelope.Restart r) {
            if (g != null) {
                crash(r.reason(), r.detail());
            }
            return;
        }
        if (g == null) {
            messagesFailed.increment();
            e.fail(new ComponentUnavailableException(id(), state));
            return;
        }
        if (e instanceof Envelope.Health h) {
            checkHealth(g, h);
            return;
        }
        long start = System.nanoTime();
        try {
            if (e instanceof Envelope.Call call) {
                long[] raw = guardedCall(g, call.signature().name(), call.args());
                ArgumentCodec codec = system.codec();
                call.result().complete(new InvokeResult(id(), call.signature().name(), call.codec(),
                        codec.encode(call.codec(), call.signature(), raw), ArgumentCodec.values(call.signature(), raw)));
            } else if (e instanceof Envelope.Deliver d) {
                handleMessage(g, d);
            }
        } catch (GuestTrapException | CallTimeoutException ex) {
            // the sender hears of the trap; the instance is not trusted again
            messagesFailed.increment();
            e.fail(ex);
            crash(ex instanceof CallTimeoutException ? RestartRecord.Reason.TIMEOUT
                    : exitedNormally(ex) ? RestartRecord.Reason.EXIT : RestartRecord.Reason.TRAP, ex.getMessage());
        } catch (WharfException ex) {
            messagesFailed.increment();
            e.fail(ex);
        } catch (RuntimeException ex) {
            messagesFailed.increment();
            e.fail(new GuestTrapException(id(), "message", message(ex), ex));
        } finally {
            latency.record(System.nanoTime() - start);
        }
    }

    // ---- health ---------------------------------------------------------------------------------

    private void checkHealth(GuestInstance g, Envelope.Health h) {
        if (!g.hasExport(HEALTH)) {
            complete(h, stateHealth());
            return;
        }
        int code;
        try {
            code = (int) guardedCall(g, HEALTH)[0];
        } catch (GuestTrapException ex) {
            complete(h, new HealthStatus.Unhealthy("health check trapped: " + ex.getMessage()));
            crash(RestartRecord.Reason.TRAP, ex.getMessage());
            return;
        } catch (CallTimeoutException ex) {
            complete(h, new HealthStatus.Unhealthy("health check timed out: " + ex.getMessage()));
            crash(RestartRecord.Reason.TIMEOUT, ex.getMessage());
            return;
        }
        HealthStatus status = switch (code) {
            case 0 -> HealthStatus.HEALTHY;
            case 1 -> new HealthStatus.Degraded("_health returned 1");
            case 2 -> new HealthStatus.Unhealthy("_health returned 2");
            default -> new HealthStatus.Unhealthy("invalid health code " + code);
        };
        if (h.result().isDone()) {
            return; // it timed out meanwhile, and was counted then
        }
        // recorded (and published) before the caller hears of it
        boolean due = recordHealth(status, h.threshold());
        complete(h, status);
        if (due) {
            crash(RestartRecord.Reason.UNHEALTHY, h.threshold() + " unhealthy health checks in a row, the last: "
                    + ((HealthStatus.Unhealthy) status).reason());
        }
    }

    private static boolean complete(Envelope.Health h, HealthStatus status) {
        return h.result().complete(status);
    }

    /** Records a check's result; returns whether it makes {@code threshold} unhealthy results in a row. */
    boolean recordHealth(HealthStatus status, int threshold) {
        HealthStatus before = health();
        lastHealth = status;
        lastCheck = Instant.now();
        boolean due = false;
        if (status instanceof HealthStatus.Unhealthy) {
            if (consecutiveUnhealthy.incrementAndGet() >= threshold) {
                consecutiveUnhealthy.set(0);
                due = true;
            }
        } else {
            consecutiveUnhealthy.set(0);
        }
        if (!before.equals(status)) {
            system.stateChanged(this);
        }
        return due;
    }

    /** A health check that got no answer in time: unhealthy, and a restart when it is one too many. */
    void healthTimedOut(String why, int threshold) {
        if (recordHealth(new HealthStatus.Unhealthy(why), threshold)) {
            requestRestart(RestartRecord.Reason.UNHEALTHY, threshold + " unhealthy health checks in a row, the last: " + why);
        }
    }

    // ---- supervision ---------------------------------------------------------------------------

    /** Queues a restart behind the messages already waiting; out of Failed, restarts at once. */
    void requestRestart(RestartRecord.Reason reason, String detail) {
        synchronized (lifecycle) {
            // out of Failed or a normal stop; the lock keeps it from overtaking the drain of those
            if ((state == ComponentState.FAILED || (state == ComponentState.STOPPED && guest == null && !stopping))
                    && reason == RestartRecord.Reason.OPERATOR) {
                synchronized (recentRestarts) {
                    recentRestarts.clear();
                }
                restarting = true;
                setState(ComponentState.STARTING, "restart asked by an operator");
                system.scheduleRestart(this, 0, reason, detail);
                return;
            }
        }
        if (state == ComponentState.READY) {
            mailbox.force(new Envelope.Restart(reason, detail));
            schedule();
        }
    }

    /**
     * The current instance failed (or must go): close it and let the supervisor decide. Runs on
     * the thread that runs the actor, so no call into the instance is under way.
     */
    private void crash(RestartRecord.Reason reason, String detail) {
        GuestInstance g = guest;
        guest = null;
        if (g != null) {
            g.close();
        }
        if (state == ComponentState.STOPPING || state == ComponentState.STOPPED) {
            return;
        }
        ComponentLimits limits = spec.limits();
        if (reason == RestartRecord.Reason.EXIT && limits.restart() != RestartPolicy.PERMANENT) {
            // a normal end is not a failure: only permanent components come back from it
            synchronized (lifecycle) {
                restarting = false;
                setState(ComponentState.STOPPED, "exited normally (restart policy " + limits.restart().headerValue()
                        + ": not restarted)");
                failQueued(ComponentState.STOPPED);
            }
            return;
        }
        if (limits.restart() == RestartPolicy.TEMPORARY && reason != RestartRecord.Reason.OPERATOR) {
            fail(detail + " (restart policy temporary: not restarted)");
            return;
        }
        int n;
        synchronized (recentRestarts) {
            long now = System.nanoTime();
            long window = TimeUnit.MILLISECONDS.toNanos(limits.restartWindowMs());
            while (!recentRestarts.isEmpty() && now - recentRestarts.peekFirst() > window) {
                recentRestarts.removeFirst();
            }
            if (reason != RestartRecord.Reason.OPERATOR && recentRestarts.size() >= limits.maxRestarts()) {
                n = -1;
            } else {
                recentRestarts.addLast(now);
                n = recentRestarts.size();
            }
        }
        if (n < 0) {
            fail("restarted " + limits.maxRestarts() + " times within " + limits.restartWindowMs()
                    + " ms, then failed again: " + detail);
            return;
        }
        long delay = reason == RestartRecord.Reason.OPERATOR ? 0 : backoffMs(n);
        restarting = true;
        setState(ComponentState.STARTING, "restarting in " + delay + " ms after " + reason.name().toLowerCase() + ": " + detail);
        system.log().log(Level.WARNING, "component " + id() + ": " + reason.name().toLowerCase() + " (" + detail
                + "); restart in " + delay + " ms");
        system.scheduleRestart(this, delay, reason, detail);
    }

    /** Exponential backoff: 100 ms before the first restart in the window, doubling, at most 30 s. */
    static long backoffMs(int restartInWindow) {
        int doublings = Math.min(Math.max(0, restartInWindow - 1), 20);
        return Math.min(100L << doublings, 30_000L);
    }

    private void fail(String why) {
        synchronized (lifecycle) {
            restarting = false;
            setState(ComponentState.FAILED, why);
            failQueued(ComponentState.FAILED);
        }
        system.log().log(Level.ERROR, "component " + id() + " failed: " + why);
    }

    /** Creates the fresh instance of a restart (on a dispatcher thread, after the backoff). */
    void restartNow(RestartRecord.Reason reason, String detail) {
        if (!restarting || state != ComponentState.STARTING) {
            return; // stopped in the meantime
        }
        GuestInstance g;
        try {
            g = GuestInstance.create(module, this);
        } catch (RuntimeException | StackOverflowError e) {
            crash(RestartRecord.Reason.TRAP, "instantiation failed during restart: " + message(e));
            return;
        }
        if (g.hasExport("_initialize")) {
            try {
                guardedCall(g, "_initialize");
            } catch (WharfException e) {
                g.close();
                crash(e instanceof CallTimeoutException ? RestartRecord.Reason.TIMEOUT : RestartRecord.Reason.TRAP,
                        "_initialize failed during restart: " + e.getMessage());
                return;
            }
        }
        restartCount.incrementAndGet();
        synchronized (restartLog) {
            if (restartLog.size() == RESTART_LOG) {
                restartLog.removeFirst();
            }
            restartLog.addLast(new RestartRecord(Instant.now(), reason, detail));
        }
        consecutiveUnhealthy.set(0);
        lastHealth = null;
        guest = g;
        // ready before the flag drops, so the component never looks closed to senders in between
        setState(ComponentState.READY, null);
        restarting = false;
        system.log().log(Level.INFO, "component " + id() + " restarted (" + reason.name().toLowerCase() + ")");
        schedule();
    }

    private void closeGuest(GuestInstance g) {
        if (g == null) {
            return;
        }
        if (g.hasExport("_cleanup")) {
            try {
                guardedCall(g, "_cleanup");
            } catch (WharfException ex) {
                system.log().log(Level.WARNING, "_cleanup of component " + id() + " failed: " + ex.getMessage());
            }
        }
        guest = null;
        g.close();
    }

    private void failQueued(ComponentState why) {
        Envelope e;
        while ((e = mailbox.poll()) != null) {
            if (!(e instanceof Envelope.Stop)) {
                messagesFailed.increment();
            }
            e.fail(new ComponentUnavailableException(id(), why));
        }
    }

    /**
     * Delivers one message: the sender id and the payload are written into buffers the guest
     * allocates, {@code handle-message} runs, and the buffers are given back. The whole sequence
     * is one guarded section under {@code timeout-ms}. A reply is handed to the asker only after
     * the guest has returned, so no caller code ever runs inside a guest call.
     */
    private void handleMessage(GuestInstance g, Envelope.Deliver d) {
        if (!g.hasExport(HANDLE_MESSAGE)) {
            throw new UnknownExportException(id(), HANDLE_MESSAGE);
        }
        byte[] sender = d.sender().value().getBytes(StandardCharsets.UTF_8);
        byte[] payload = d.payload();
        current = d;
        replyPayload = null;
        int rc;
        try {
            rc = guarded(HANDLE_MESSAGE, () -> {
                int senderPtr = place(g, sender, "the sender id");
                int payloadPtr;
                try {
                    payloadPtr = place(g, payload, "the payload");
                } catch (WharfException ex) {
                    release(g, senderPtr, sender.length);
                    throw ex;
                }
                long[] r = g.call(HANDLE_MESSAGE, senderPtr, sender.length, payloadPtr, payload.length);
                release(g, payloadPtr, payload.length);
                release(g, senderPtr, sender.length);
                return (int) r[0];
            });
        } finally {
            current = null;
        }
        byte[] answer = replyPayload;
        replyPayload = null;
        if (d.reply() != null && answer != null) {
            d.reply().complete(answer);
            return;
        }
        if (rc != 0) {
            throw new GuestErrorException(id(), rc);
        }
        if (d.reply() != null) {
            throw new NoReplyException("component '" + id() + "' handled the request from '" + d.sender()
                    + "' without replying");
        }
    }

    /** Copies {@code data} into a buffer from the guest's {@code alloc}; returns its address. */
    private int place(GuestInstance g, byte[] data, String what) {
        if (data.length == 0) {
            return 0;
        }
        if (!g.hasExport(ALLOC)) {
            throw new UnknownExportException(id(), ALLOC);
        }
        int ptr = (int) g.call(ALLOC, data.length)[0];
        if (ptr == 0) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + id()
                    + "' could not allocate " + data.length + " bytes for " + what + " (alloc returned 0)");
        }
        if (!g.write(ptr, data)) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + id() + "' returned "
                    + Integer.toUnsignedString(ptr) + " from alloc(" + data.length + "), outside its memory");
        }
        return ptr;
    }

    private static void release(GuestInstance g, int ptr, int len) {
        if (len > 0 && g.hasExport(DEALLOC)) {
            g.call(DEALLOC, ptr, len);
        }
    }

    // ---- the call guard -------------------------------------------------------------------

    /** A section of guest code, possibly several calls into the guest. */
    @FunctionalInterface
    interface GuestSection<T> {
        T run();
    }

    /** Calls export {@code name} under the component's {@code timeout-ms}; traps become errors. */
    long[] guardedCall(GuestInstance g, String name, long... args) {
        return guarded(name, () -> g.call(name, args));
    }

    /** Runs {@code section} under the component's {@code timeout-ms}; traps become errors. */
    <T> T guarded(String name, GuestSection<T> section) {
        T result = null;
        Throwable failure = null;
        runner = Thread.currentThread();
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.limits().timeoutMs());
        callPhase.set(RUNNING);
        try {
            result = section.run();
        } catch (WharfException e) {
            failure = e;
        } catch (StackOverflowError e) {
            failure = e;
        } catch (VirtualMachineError e) {
            endCall();
            throw e;
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (endCall()) {
            throw new CallTimeoutException(id(), name, spec.limits().timeoutMs());
        }
        if (failure instanceof WharfException w) {
            throw w;
        }
        if (failure != null) {
            throw new GuestTrapException(id(), name, message(failure), failure);
        }
        return result;
    }

    /** Ends a call; returns whether the watchdog interrupted it. Never leaves the thread interrupted. */
    private boolean endCall() {
        runner = null;
        if (callPhase.compareAndSet(RUNNING, IDLE)) {
            return false;
        }
        while (callPhase.get() != INTERRUPTED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        callPhase.set(IDLE);
        return true;
    }

    /** Called by the watchdog: interrupts a call that passed its deadline. */
    void checkDeadline(long now) {
        if (callPhase.get() == RUNNING && now - deadline > 0) {
            Thread t = runner;
            if (t != null && callPhase.compareAndSet(RUNNING, INTERRUPTING)) {
                t.interrupt();
                callPhase.set(INTERRUPTED);
            }
        }
    }

    /** A WASI {@code proc_exit(0)}: the guest ended on purpose. */
    private static boolean exitedNormally(WharfException e) {
        return e.getCause() instanceof WasiExitException exit && exit.exitCode() == 0;
    }

    private static String message(Throwable t) {
        if (t instanceof StackOverflowError) {
            return "call stack exhausted";
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

    // ---- GuestContext: the host functions' view of this component ---------------------------

    @Override
    public int send(String to, byte[] payload) {
        if (!ComponentId.isValid(to)) {
            return ErrorCode.UNKNOWN_TARGET.abiResult();
        }
        WharfException refused = system.deliver(id(), this, ComponentId.of(to), payload, null);
        if (refused != null) {
            return refused.code().abiResult();
        }
        messagesOut.increment();
        return 0;
    }

    @Override
    public int reply(byte[] payload) {
        Envelope.Deliver d = current;
        if (d == null || d.reply() == null || replyPayload != null) {
            return ErrorCode.NOTHING_TO_REPLY.abiResult();
        }
        try {
            Codec.of(payload);
        } catch (UnknownCodecException e) {
            return ErrorCode.UNKNOWN_CODEC.abiResult();
        }
        replyPayload = payload;
        return 0;
    }

    @Override
    public void log(int level, String message) {
        Level l = switch (level) {
            case 0 -> Level.TRACE;
            case 1 -> Level.DEBUG;
            case 2 -> Level.INFO;
            case 3 -> Level.WARNING;
            default -> Level.ERROR;
        };
        guestLog.log(l, "[" + id() + "] " + message);
    }

    @Override
    public String toString() {
        return "component " + id() + " from " + origin;
    }
}
