package dev.wharf.runtime.internal.shell;

import dev.wharf.api.AuditLog;
import dev.wharf.api.AuditRecord;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.Delivery;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.DeadLetters;
import dev.wharf.runtime.internal.actor.DeploymentProblem;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code wasm:} commands of the Gogo shell. Output goes to the session's standard output;
 * every error is one line starting with {@code error:} that names the cause.
 */
@Component(service = WasmCommands.class, property = {
    "osgi.command.scope=wasm",
    "osgi.command.function=list",
    "osgi.command.function=info",
    "osgi.command.function=invoke",
    "osgi.command.function=send",
    "osgi.command.function=ask",
    "osgi.command.function=stats",
    "osgi.command.function=deadletters",
    "osgi.command.function=audit",
    "osgi.command.function=health",
    "osgi.command.function=restart"
})
public final class WasmCommands {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Extra time the shell waits beyond the component's own call timeout. */
    private static final long GRACE_MS = 5000;

    private final ActorSystem system;
    private final MessageDispatcher dispatcher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog auditLog;

    @Activate
    public WasmCommands(@Reference ActorSystem system, @Reference MessageDispatcher dispatcher) {
        this.system = system;
        this.dispatcher = dispatcher;
    }

    @Descriptor("one row per component: id, version, bundle, state, health, mailbox depth, restarts")
    public void list() {
        PrintStream out = System.out;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "VERSION", "BUNDLE", "STATE", "HEALTH", "MAILBOX", "RESTARTS"});
        // the registry knows stopped components too; live ones add their mailbox depth
        java.util.TreeMap<ComponentId, ComponentMetadata> all = new java.util.TreeMap<>();
        system.registry().ifPresent(r -> r.list().forEach(m -> all.put(m.id(), m)));
        for (ComponentActor a : system.actors()) {
            all.putIfAbsent(a.id(), a.metadata());
        }
        for (ComponentMetadata m : all.values()) {
            Optional<ComponentActor> a = system.actor(m.id());
            rows.add(new String[] {m.id().value(), m.bundleVersion(), Long.toString(m.bundleId()), m.state().name(),
                m.health().label(), a.map(x -> x.mailboxDepth() + "/" + x.spec().limits().mailbox()).orElse("-"),
                Integer.toString(m.restartCount())});
        }
        List<DeploymentProblem> problems = system.problems();
        for (DeploymentProblem p : problems) {
            rows.add(new String[] {p.componentId() == null ? "?" : p.componentId(), "-", Long.toString(p.bundleId()),
                "INVALID", "-", "-", "-"});
        }
        printTable(out, rows);
        if (!problems.isEmpty()) {
            out.println();
            out.println("Not deployed:");
            for (DeploymentProblem p : problems) {
                out.println("  bundle " + p.bundleId() + " (" + p.symbolicName() + "): " + p.message());
            }
        }
    }

    @Descriptor("everything known about a component, exports with their signatures")
    public void info(@Descriptor("component id") String id) {
        PrintStream out = System.out;
        if (!ComponentId.isValid(id)) {
            out.println("error: invalid component id '" + id + "'");
            return;
        }
        Optional<ComponentActor> actor = system.actor(ComponentId.of(id));
        Optional<ComponentMetadata> stored = system.registry().flatMap(r -> r.lookup(ComponentId.of(id)));
        if (actor.isEmpty() && stored.isPresent()) {
            ComponentMetadata m = stored.get();
            out.println("id:          " + m.id());
            out.println("state:       " + m.state() + " since " + m.stateSince() + m.reason().map(r -> " (" + r + ")").orElse(""));
            out.println("bundle:      " + m.bundleId() + " (" + m.bundleSymbolicName() + " " + m.bundleVersion() + ")");
            out.println("module:      " + m.spec().modulePath() + " sha256:" + m.moduleSha256());
            out.println("installed:   " + m.firstInstalled());
            printRestartsAndHistory(out, m);
            return;
        }
        if (actor.isEmpty()) {
            List<DeploymentProblem> problems = system.problems().stream().filter(p -> id.equals(p.componentId())).toList();
            if (problems.isEmpty()) {
                out.println("error: unknown component '" + id + "'");
                return;
            }
            for (DeploymentProblem p : problems) {
                out.println("id:          " + id);
                out.println("state:       INVALID (not deployed)");
                out.println("bundle:      " + p.bundleId() + " (" + p.symbolicName() + ")");
                out.println("clause:      " + p.clause());
                out.println("reason:      " + p.message());
                out.println("since:       " + p.time());
            }
            return;
        }
        ComponentActor a = actor.get();
        ComponentMetadata m = metadata(a);
        ComponentLimits l = m.spec().limits();
        out.println("id:          " + m.id());
        out.println("state:       " + m.state() + " since " + m.stateSince() + m.reason().map(r -> " (" + r + ")").orElse(""));
        out.println("health:      " + m.health().label()
                + (m.health().detail().isEmpty() ? "" : " (" + m.health().detail() + ")"));
        out.println("bundle:      " + m.bundleId() + " (" + m.bundleSymbolicName() + " " + m.bundleVersion() + ")");
        out.println("module:      " + m.spec().modulePath() + " sha256:" + m.moduleSha256());
        out.println("engine:      " + (a.module().compiled() ? "compiled" : "interpreter")
                + (a.module().usesWasi() ? ", WASI preview 1" : ""));
        out.println("installed:   " + m.firstInstalled());
        printRestartsAndHistory(out, m);
        out.println("receive-from: " + (m.spec().receiveFrom().isEmpty() ? "(host only)" : String.join(",", m.spec().receiveFrom())));
        out.println("send-to:     " + (m.spec().sendTo().isEmpty() ? "(none)" : String.join(",", m.spec().sendTo())));
        out.println("limits:      max-message-size=" + l.maxMessageSize() + " rate-limit=" + l.rateLimit()
                + " memory-max-pages=" + l.memoryMaxPages() + " timeout-ms=" + l.timeoutMs() + " mailbox=" + l.mailbox());
        out.println("supervision: restart=" + l.restart().headerValue() + " max-restarts=" + l.maxRestarts()
                + " restart-window-ms=" + l.restartWindowMs());
        out.println("mailbox:     " + a.mailboxDepth() + "/" + l.mailbox());
        out.println("exports:");
        for (ExportSignature e : m.exports()) {
            out.println("  " + e);
        }
    }

    @Descriptor("calls an exported function; prints the results separated by spaces")
    public void invoke(@Descriptor("component id") String id, @Descriptor("exported function") String function,
            @Descriptor("arguments") String... numbers) {
        PrintStream out = System.out;
        if (!ComponentId.isValid(id)) {
            out.println("error: invalid component id '" + id + "'");
            return;
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < numbers.length; i++) {
            String n = numbers[i].trim();
            if (!NUMBER.matcher(n).matches()) {
                out.println("error: argument " + (i + 1) + " '" + numbers[i] + "' is not a number");
                return;
            }
            json.append(i == 0 ? "" : ",").append(n);
        }
        json.append(']');
        ComponentId target = ComponentId.of(id);
        long timeout = system.actor(target).map(a -> a.spec().limits().timeoutMs()).orElse(0L) + GRACE_MS;
        byte[] args = Codec.JSON.encode(json.toString().getBytes(StandardCharsets.UTF_8));
        try {
            InvokeResult r = dispatcher.invoke(target, new ComponentMessage.Invoke(function, args))
                    .toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
            StringBuilder sb = new StringBuilder();
            for (Number n : r.values()) {
                sb.append(sb.length() == 0 ? "" : " ").append(n);
            }
            out.println(sb);
        } catch (ExecutionException | CompletionException e) {
            out.println("error: " + describe(e.getCause()));
        } catch (TimeoutException e) {
            out.println("error: no answer from '" + id + "' within " + timeout + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("error: interrupted");
        }
    }

    /** Missing arguments get a usage line, not Gogo's coercion error. */
    @Descriptor("usage: wasm:send <to> <json>")
    public void send(String to) {
        System.out.println("error: missing the payload; usage: wasm:send <to> <json>, e.g. wasm:send echo '{\"q\":1}'");
    }

    @Descriptor("usage: wasm:ask <to> <json>")
    public void ask(String to) {
        System.out.println("error: missing the payload; usage: wasm:ask <to> <json>, e.g. wasm:ask echo '{\"q\":1}'");
    }

    @Descriptor("usage: wasm:invoke <id> <function> [number ...]")
    public void invoke(String id) {
        System.out.println("error: missing the function; usage: wasm:invoke <id> <function> [number ...]");
    }

    @Descriptor("sends a JSON payload from host to a component's handle-message")
    public void send(@Descriptor("component id") String to, @Descriptor("JSON payload, quoted") String json) {
        PrintStream out = System.out;
        byte[] payload = jsonPayload(out, to, json);
        if (payload == null) {
            return;
        }
        Delivery d = dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of(to), payload));
        if (d instanceof Delivery.Refused r) {
            out.println("error: " + describe(r.error()));
        } else {
            out.println("accepted");
        }
    }

    @Descriptor("sends a JSON payload from host and waits; prints the reply payload as text")
    public void ask(@Descriptor("component id") String to, @Descriptor("JSON payload, quoted") String json) {
        PrintStream out = System.out;
        byte[] payload = jsonPayload(out, to, json);
        if (payload == null) {
            return;
        }
        ComponentId target = ComponentId.of(to);
        long timeout = system.actor(target).map(a -> a.spec().limits().timeoutMs()).orElse(0L) + GRACE_MS;
        try {
            byte[] reply = dispatcher.ask(new ComponentMessage.InterComponent(ComponentId.HOST, target, payload),
                    Duration.ofMillis(timeout)).toCompletableFuture().get(timeout + GRACE_MS, TimeUnit.MILLISECONDS);
            out.println(PayloadText.of(reply));
        } catch (ExecutionException | CompletionException e) {
            out.println("error: " + describe(e.getCause()));
        } catch (TimeoutException e) {
            out.println("error: no answer from '" + to + "' within " + timeout + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("error: interrupted");
        }
    }

    @Descriptor("messages in/out/failed/refused, mailbox depth and call latency p50/p99 of every component")
    public void stats() {
        printStats(system.actors());
    }

    @Descriptor("messages in/out/failed/refused, mailbox depth and call latency p50/p99 of one component")
    public void stats(@Descriptor("component id") String id) {
        live(id).ifPresent(a -> printStats(List.of(a)));
    }

    private static void printStats(List<ComponentActor> actors) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "IN", "OUT", "FAILED", "REFUSED", "MAILBOX", "P50", "P99"});
        for (ComponentActor a : actors) {
            rows.add(new String[] {a.id().value(), Long.toString(a.messagesIn()), Long.toString(a.messagesOut()),
                Long.toString(a.messagesFailed()), Long.toString(a.refused()), a.mailboxDepth() + "/" + a.spec().limits().mailbox(),
                micros(a.latency().percentile(0.50)), micros(a.latency().percentile(0.99))});
        }
        printTable(System.out, rows);
    }

    private static String micros(long nanos) {
        return nanos == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1fus", nanos / 1000.0);
    }

    @Descriptor("the most recent undeliverable messages (20)")
    public void deadletters() {
        deadletters(20);
    }

    @Descriptor("the most recent undeliverable messages")
    public void deadletters(@Descriptor("how many") int count) {
        PrintStream out = System.out;
        if (count <= 0) {
            out.println("error: count must be positive, got " + count);
            return;
        }
        DeadLetters d = system.deadLetters();
        List<DeadLetters.DeadLetter> letters = d.newest(count);
        if (letters.isEmpty()) {
            out.println("no undeliverable messages");
            return;
        }
        for (DeadLetters.DeadLetter l : letters) {
            out.println(l.time() + "  " + l.sender() + " -> " + l.to() + "  " + l.size() + " bytes  "
                    + l.code().name().toLowerCase() + ": " + l.reason());
        }
        out.println(d.total() + " undeliverable messages since start");
    }

    @Descriptor("health of every component now: status, reason, unhealthy checks in a row, last check")
    public void health() {
        printHealth(system.actors(), true);
    }

    @Descriptor("health of a component now, checked through its mailbox")
    public void health(@Descriptor("component id") String id) {
        live(id).ifPresent(a -> printHealth(List.of(a), true));
    }

    private void printHealth(List<ComponentActor> actors, boolean checkNow) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATE", "HEALTH", "FAILURES", "RESTARTS", "LAST-CHECK", "REASON"});
        for (ComponentActor a : actors) {
            HealthStatus h = a.health();
            if (checkNow) {
                try {
                    h = dispatcher.healthCheck(a.id(), new ComponentMessage.HealthCheck(Optional.empty()))
                            .toCompletableFuture().get(a.spec().limits().timeoutMs() + GRACE_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    h = new HealthStatus.Unhealthy("no answer to the health check: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            rows.add(new String[] {a.id().value(), a.state().name(), h.label(), Integer.toString(a.consecutiveUnhealthy()),
                Integer.toString(a.restartCount()), a.lastCheck().map(Object::toString).orElse("-"), h.detail()});
        }
        printTable(System.out, rows);
    }

    @Descriptor("restarts a component with a fresh instance, also out of FAILED")
    public void restart(@Descriptor("component id") String id) {
        if (!ComponentId.isValid(id)) {
            System.out.println("error: invalid component id '" + id + "'");
            return;
        }
        try {
            system.restart(ComponentId.of(id));
            System.out.println("restart of '" + id + "' requested");
        } catch (WharfException e) {
            System.out.println("error: " + describe(e));
        }
    }

    @Descriptor("the newest audit records (20)")
    public void audit() {
        audit(20);
    }

    @Descriptor("the newest audit records: time, sender, receiver, size, decision, reason")
    public void audit(@Descriptor("how many") int count) {
        PrintStream out = System.out;
        if (count <= 0) {
            out.println("error: count must be positive, got " + count);
            return;
        }
        AuditLog log = auditLog;
        if (log == null) {
            out.println("error: no audit log service is present (is the dev.wharf.security bundle active?)");
            return;
        }
        List<AuditRecord> records = log.newest(count);
        if (records.isEmpty()) {
            out.println("no audit records");
            return;
        }
        for (AuditRecord r : records) {
            out.println(r.time() + "  " + r.sender() + " -> " + r.receiver() + "  " + r.size() + " bytes  "
                    + (r.allowed() ? "ALLOW" : "DENY") + "  " + r.reason());
        }
    }

    /** The payload of {@code json}, prefixed for JSON; prints an error and returns null when wrong. */
    private static byte[] jsonPayload(PrintStream out, String to, String json) {
        if (!ComponentId.isValid(to)) {
            out.println("error: invalid component id '" + to + "'");
            return null;
        }
        String problem = PayloadText.jsonProblem(json);
        if (problem != null) {
            out.println("error: the payload is not valid JSON: " + problem);
            return null;
        }
        return Codec.JSON.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The live component {@code id}; prints the error line and answers empty when there is none. */
    private Optional<ComponentActor> live(String id) {
        if (!ComponentId.isValid(id)) {
            System.out.println("error: invalid component id '" + id + "'");
            return Optional.empty();
        }
        Optional<ComponentActor> a = system.actor(ComponentId.of(id));
        if (a.isEmpty()) {
            System.out.println("error: unknown component '" + id + "'");
        }
        return a;
    }

    private void printRestartsAndHistory(PrintStream out, ComponentMetadata m) {
        out.println("restarts:    " + m.restartCount());
        for (dev.wharf.api.RestartRecord r : m.restarts()) {
            out.println("  " + r.time() + " " + r.reason().name().toLowerCase() + ": " + r.detail());
        }
        List<dev.wharf.api.StateChange> history = system.registry().map(r -> r.history(m.id())).orElse(List.of());
        if (!history.isEmpty()) {
            out.println("history:");
            for (dev.wharf.api.StateChange c : history) {
                out.println("  " + c.time() + " " + c.state() + c.reason().map(x -> " (" + x + ")").orElse(""));
            }
        }
    }

    private ComponentMetadata metadata(ComponentActor a) {
        ComponentMetadata live = a.metadata();
        Optional<ComponentRegistry> registry = system.registry();
        if (registry.isEmpty()) {
            return live;
        }
        return registry.get().lookup(a.id()).orElse(live);
    }

    static String describe(Throwable t) {
        if (t instanceof WharfException w) {
            return w.getMessage() + " [" + w.code().name().toLowerCase() + "]";
        }
        return String.valueOf(t);
    }

    static void printTable(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(sb);
        }
    }
}
