package dev.wharf.runtime.internal.shell;

import static dev.wharf.runtime.internal.shell.CommandRun.run;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import dev.wharf.spi.lattice.LatticeLink;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code wasm:} commands of the Gogo shell, on the public API only: {@link ComponentRuntime}
 * and {@link MessageDispatcher}. Each command takes its arguments as strings and checks them
 * itself, so a missing or wrong argument gets the command's usage line rather than a Gogo
 * coercion message; each answers a {@link ShellOutput}, and every error is one line starting
 * with {@code error:}.
 */
@Component(service = WasmCommands.class, property = {
    "osgi.command.scope=wasm",
    "osgi.command.function=list",
    "osgi.command.function=info",
    "osgi.command.function=invoke",
    "osgi.command.function=call",
    "osgi.command.function=send",
    "osgi.command.function=ask",
    "osgi.command.function=stats",
    "osgi.command.function=deadletters",
    "osgi.command.function=audit",
    "osgi.command.function=health",
    "osgi.command.function=restart"
})
public final class WasmCommands {

    static final String LIST = "wasm:list";
    static final String INFO = "wasm:info <id>";
    static final String INVOKE = "wasm:invoke <id> <function> [number ...]";
    static final String CALL = "wasm:call <id> <function> <input>";
    static final String SEND = "wasm:send <to> <json>";
    static final String ASK = "wasm:ask <to> <json>";
    static final String STATS = "wasm:stats [id]";
    static final String DEADLETTERS = "wasm:deadletters [count]";
    static final String AUDIT = "wasm:audit [count]";
    static final String HEALTH = "wasm:health [id]";
    static final String RESTART = "wasm:restart <id>";

    /** Extra time the shell waits beyond the component's own call timeout. */
    private static final long GRACE_MS = 5000;

    private final ComponentRuntime runtime;
    private final MessageDispatcher dispatcher;
    private final MessageRouter router;
    private final ActorSystem system;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog auditLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LatticeLink lattice;

    @Activate
    public WasmCommands(@Reference ComponentRuntime runtime, @Reference MessageDispatcher dispatcher,
            @Reference MessageRouter router, @Reference ActorSystem system) {
        this.runtime = runtime;
        this.dispatcher = dispatcher;
        this.router = router;
        this.system = system;
    }

    @Descriptor("one row per component: id, version, bundle, state, health, mailbox depth, restarts, kind;"
            + " components on other nodes of the lattice as REMOTE")
    public void list(@Descriptor(LIST) String... args) {
        run(LIST, args, 0, 0, a -> {
            ShellOutput.Table t = ShellOutput.Table.withHeader("ID", "VERSION", "BUNDLE", "STATE", "HEALTH", "MAILBOX",
                    "RESTARTS", "KIND");
            List<String> waiting = new ArrayList<>();
            java.util.Set<ComponentId> here = new java.util.HashSet<>();
            for (ComponentInfo c : runtime.components()) {
                here.add(c.id());
                ComponentMetadata m = c.metadata();
                t.row(m.id().value(), m.bundleVersion(), Long.toString(m.bundleId()), m.state().name(), m.health().label(),
                        c.live() ? c.mailboxDepth() + "/" + m.spec().limits().mailbox() : "-",
                        Integer.toString(m.restartCount()), c.kind().orElse("wasm"));
                if (c.live() && m.state() == ComponentState.STARTING && m.reason().isPresent()) {
                    waiting.add("  " + m.id() + ": " + m.reason().get());
                }
            }
            List<String> remote = RemoteRows.add(t, lattice, here);
            List<DeploymentProblem> problems = runtime.problems();
            problems.forEach(p -> t.row(p.componentId().orElse(p.bundleId() == DeploymentProblem.NO_BUNDLE
                    ? new File(p.symbolicName()).getName() : "?"), "-", p.bundleId() == DeploymentProblem.NO_BUNDLE ? "-"
                    : Long.toString(p.bundleId()), "INVALID", "-", "-", "-", "-"));
            List<String> lines = new ArrayList<>();
            if (!waiting.isEmpty()) {
                lines.addAll(List.of("", "Starting:"));
                lines.addAll(waiting);
            }
            lines.addAll(remote);
            if (problems.isEmpty()) {
                return lines.isEmpty() ? t : new ShellOutput.Sequence(List.of(t, new ShellOutput.Lines(lines)));
            }
            lines.addAll(List.of("", "Not deployed:"));
            problems.forEach(p -> lines.add(p.bundleId() == DeploymentProblem.NO_BUNDLE ? "  " + p.message()
                    : "  bundle " + p.bundleId() + " (" + p.symbolicName() + "): " + p.message()));
            return new ShellOutput.Sequence(List.of(t, new ShellOutput.Lines(lines)));
        });
    }

    @Descriptor("everything known about a component, exports with their signatures; its instances, live/max, and"
            + " each: number, state, busy or idle, mailbox, messages in, restarts")
    public void info(@Descriptor(INFO) String... args) {
        run(INFO, args, 1, 1, a -> {
            ComponentId id = ShellArguments.id(a[0]);
            Optional<ComponentInfo> info = runtime.component(id);
            if (info.isPresent()) {
                // a component's world in WIT: what the runtime's public model has no place for
                List<String> wit = system.actor(id).map(actor -> actor.module().describe()).orElse(List.of());
                return ComponentReport.of(info.get(), runtime.history(id), wit);
            }
            List<DeploymentProblem> problems = runtime.problems().stream()
                    .filter(p -> p.componentId().filter(a[0]::equals).isPresent()).toList();
            if (problems.isEmpty()) {
                throw new UnknownComponentException(id);
            }
            return ComponentReport.of(a[0], problems);
        });
    }

    @Descriptor("calls an exported function; prints the results separated by spaces")
    public void invoke(@Descriptor(INVOKE) String... args) {
        run(INVOKE, args, 2, Integer.MAX_VALUE, a -> {
            ComponentId target = live(a[0]);
            long timeout = timeoutMs(target) + GRACE_MS;
            if (runtime.component(target).flatMap(ComponentInfo::kind).filter("component"::equals).isPresent()) {
                // a WebAssembly component: each argument a value in WAVE, the results printed in WAVE
                byte[] values = String.join("\0", java.util.Arrays.copyOfRange(a, 2, a.length)).getBytes(StandardCharsets.UTF_8);
                byte[] results = router.callAndWait(target, a[1], values, Duration.ofMillis(timeout));
                return new ShellOutput.Lines(List.of(new String(results, StandardCharsets.UTF_8).split("\n", -1)));
            }
            byte[] encoded = ShellArguments.numbers(a, 2);
            InvokeResult r = dispatcher.call(target, new ComponentMessage.Invoke(a[1], encoded), Duration.ofMillis(timeout));
            StringBuilder sb = new StringBuilder();
            for (Number n : r.values()) {
                sb.append(sb.length() == 0 ? "" : " ").append(n);
            }
            return ShellOutput.Lines.of(sb.toString());
        }, "missing the function");
    }

    @Descriptor("calls a function of an Extism plugin with the input as UTF-8 bytes; prints the output as text, or as"
            + " base64 marked (base64) when it is not UTF-8")
    public void call(@Descriptor(CALL) String... args) {
        run(CALL, args, 3, 3, a -> {
            ComponentId target = live(a[0]);
            long timeout = timeoutMs(target) + GRACE_MS;
            byte[] output = router.callAndWait(target, a[1], a[2].getBytes(StandardCharsets.UTF_8), Duration.ofMillis(timeout));
            return ShellOutput.Lines.of(PayloadText.output(output));
        }, "missing the function or the input");
    }

    @Descriptor("sends a JSON payload from host to a component's handle-message; prints accepted or the refusal")
    public void send(@Descriptor(SEND) String... args) {
        run(SEND, args, 2, 2, a -> {
            ComponentId to = live(a[0]);
            Delivery d = dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, to, ShellArguments.json(a[1])));
            if (d instanceof Delivery.Refused r) {
                throw r.error();
            }
            return ShellOutput.Lines.of("accepted");
        }, "missing the payload");
    }

    @Descriptor("sends a JSON payload from host as a request and waits; prints the reply payload as text")
    public void ask(@Descriptor(ASK) String... args) {
        run(ASK, args, 2, 2, a -> {
            ComponentId to = live(a[0]);
            byte[] payload = ShellArguments.json(a[1]);
            long timeout = timeoutMs(to) + GRACE_MS;
            byte[] reply = dispatcher.askAndWait(new ComponentMessage.InterComponent(ComponentId.HOST, to, payload),
                    Duration.ofMillis(timeout));
            return ShellOutput.Lines.of(PayloadText.of(reply));
        }, "missing the payload");
    }

    @Descriptor("messages in/out/failed/refused, mailbox depth and call latency p50/p99, of every component;"
            + " with an id, of that component and then of each of its instances, as <id>#<n>")
    public void stats(@Descriptor(STATS) String... args) {
        run(STATS, args, 0, 1, a -> a.length == 0 ? StatsTable.of(runtime.stats(), false)
                : StatsTable.of(List.of(runtime.stats(live(a[0]))
                        .orElseThrow(() -> new UnknownComponentException(ShellArguments.id(a[0])))), true));
    }

    @Descriptor("the most recent messages that could not be delivered or handled, and why (default 20)")
    public void deadletters(@Descriptor(DEADLETTERS) String... args) {
        run(DEADLETTERS, args, 0, 1, a -> {
            List<DeadLetter> letters = runtime.deadLetters(ShellArguments.count(a));
            if (letters.isEmpty()) {
                return ShellOutput.Lines.of("no undeliverable messages");
            }
            List<String> lines = new ArrayList<>();
            for (DeadLetter l : letters) {
                lines.add(l.time() + "  " + l.sender() + " -> " + l.to() + "  " + l.size() + " bytes  "
                        + l.code().name().toLowerCase(Locale.ROOT) + ": " + l.reason());
            }
            lines.add(runtime.deadLetterCount() + " undeliverable messages since start");
            return new ShellOutput.Lines(lines);
        });
    }

    @Descriptor("the newest audit records: time, sender, receiver, size, decision, reason (default 20)")
    public void audit(@Descriptor(AUDIT) String... args) {
        run(AUDIT, args, 0, 1, a -> {
            int count = ShellArguments.count(a);
            AuditLog log = auditLog;
            if (log == null) {
                throw new IllegalStateException("no audit log service is present (is the dev.wharf.security bundle active?)");
            }
            List<AuditRecord> records = log.newest(count);
            if (records.isEmpty()) {
                return ShellOutput.Lines.of("no audit records");
            }
            return new ShellOutput.Lines(records.stream().map(r -> r.time() + "  " + r.from() + " -> " + r.target() + "  "
                    + r.size() + " bytes  " + (r.allowed() ? "ALLOW" : "DENY") + "  " + r.reason()).toList());
        });
    }

    @Descriptor("health now, checked through the mailbox: status, reason, unhealthy checks in a row, last check")
    public void health(@Descriptor(HEALTH) String... args) {
        run(HEALTH, args, 0, 1, a -> {
            List<ComponentInfo> components = a.length == 0
                    ? runtime.components().stream().filter(ComponentInfo::live).toList()
                    : List.of(runtime.component(live(a[0])).filter(ComponentInfo::live)
                            .orElseThrow(() -> new UnknownComponentException(ShellArguments.id(a[0]))));
            ShellOutput.Table t = ShellOutput.Table.withHeader("ID", "STATE", "HEALTH", "FAILURES", "RESTARTS", "LAST-CHECK", "REASON");
            for (ComponentInfo c : components) {
                HealthStatus h = checkNow(c);
                ComponentInfo after = runtime.component(c.id()).orElse(c);
                t.row(c.id().value(), after.metadata().state().name(), h.label(), Integer.toString(after.consecutiveUnhealthy()),
                        Integer.toString(after.metadata().restartCount()),
                        after.lastCheck().map(Object::toString).orElse("-"), h.detail());
            }
            return t;
        });
    }

    @Descriptor("restarts a component with a fresh instance, also out of FAILED")
    public void restart(@Descriptor(RESTART) String... args) {
        run(RESTART, args, 1, 1, a -> {
            runtime.restart(restartable(a[0]));
            return ShellOutput.Lines.of("restart of '" + a[0] + "' requested");
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * {@code text} as the id of a live component; a component the runtime knows but does not run
     * (not deployed, stopped) is named as such, so every command agrees with {@code wasm:info}
     * and {@code wasm:list} on what exists. An id nobody knows goes on to the usual unknown error.
     */
    private ComponentId live(String text) {
        ComponentId id = ShellArguments.id(text);
        Optional<ComponentInfo> c = runtime.component(id);
        if (c.isPresent() && c.get().live()) {
            return id;
        }
        Optional<DeploymentProblem> problem = runtime.problems().stream()
                .filter(p -> p.componentId().filter(text::equals).isPresent()).findFirst();
        if (problem.isPresent()) {
            throw new InvalidComponentException("component '" + id + "' is not deployed: " + problem.get().message());
        }
        if (c.isPresent()) {
            throw new ComponentUnavailableException(id, c.get().metadata().state());
        }
        return id;
    }

    /** An operator may restart a live component, also out of FAILED or a shutdown; the rest as {@link #live}. */
    private ComponentId restartable(String text) {
        ComponentId id = ShellArguments.id(text);
        return runtime.stats(id).isPresent() ? id : live(text);
    }

    private long timeoutMs(ComponentId id) {
        return runtime.component(id).map(c -> c.metadata().spec().limits().timeoutMs()).orElse(0L);
    }

    private HealthStatus checkNow(ComponentInfo c) {
        ComponentLimits limits = c.metadata().spec().limits();
        try {
            return dispatcher.healthCheck(c.id(), new ComponentMessage.HealthCheck(Optional.empty()))
                    .toCompletableFuture().get(limits.timeoutMs() + GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new HealthStatus.Unhealthy("no answer to the health check: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthStatus.Unhealthy("interrupted");
        }
    }
}
