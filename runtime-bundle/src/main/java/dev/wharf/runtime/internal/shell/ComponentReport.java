package dev.wharf.runtime.internal.shell;

import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.StateChange;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.api.runtime.InstanceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of {@code wasm:info}: one {@code key: value} per line, lists indented below their key. */
final class ComponentReport {

    private final List<String> lines = new ArrayList<>();

    private ComponentReport() {}

    /** A component the runtime runs or the registry remembers. */
    static ShellOutput of(ComponentInfo c, List<StateChange> history, List<String> wit) {
        ComponentReport r = new ComponentReport();
        ComponentMetadata m = c.metadata();
        r.line("id:          " + m.id());
        r.line("state:       " + m.state() + " since " + m.stateSince() + m.reason().map(x -> " (" + x + ")").orElse(""));
        if (c.live()) {
            r.line("health:      " + m.health().label() + (m.health().detail().isEmpty() ? "" : " (" + m.health().detail() + ")"));
        }
        r.line("bundle:      " + m.bundleId() + " (" + m.bundleSymbolicName() + " " + m.bundleVersion() + ")");
        boolean extism = c.kind().filter(k -> k.equals("extism") || k.equals("component")).isPresent();
        if (c.engine().filter(e -> e == ComponentInfo.Engine.JAVA).isPresent()) {
            r.line("kind:        java");
        } else {
            c.kind().ifPresent(k -> r.line("kind:        " + switch (k) {
                case "extism" -> "extism (an Extism plugin: wasm:call <id> <function> <input>)";
                case "component" -> "component (a WebAssembly component: wasm:invoke <id> <function> [value ...] in WAVE)";
                default -> k;
            }));
            r.line("module:      " + m.spec().modulePath() + " sha256:" + m.moduleSha256());
        }
        c.engine().filter(e -> e != ComponentInfo.Engine.JAVA).ifPresent(e -> r.line("engine:      "
                + (e == ComponentInfo.Engine.COMPILED ? "compiled" : "interpreter") + (c.wasi() ? ", WASI preview 1" : "")));
        r.line("installed:   " + m.firstInstalled());
        r.line("restarts:    " + m.restartCount());
        for (RestartRecord x : m.restarts()) {
            r.line("  " + x.time() + " " + x.reason().name().toLowerCase(Locale.ROOT) + ": " + x.detail());
        }
        if (!history.isEmpty()) {
            r.line("history:");
            for (StateChange x : history) {
                r.line("  " + x.time() + " " + x.state() + x.reason().map(y -> " (" + y + ")").orElse(""));
            }
        }
        if (!c.live()) {
            // none live; how many may serve it once it is, as configured
            r.line("instances:   0/" + m.spec().limits().instances());
            return new ShellOutput.Lines(r.lines);
        }
        ComponentLimits l = m.spec().limits();
        r.line("receive-from: " + (m.spec().receiveFrom().isEmpty() ? "(host only)" : String.join(",", m.spec().receiveFrom())));
        r.line("send-to:     " + (m.spec().sendTo().isEmpty() ? "(none)" : String.join(",", m.spec().sendTo())));
        if (!m.spec().capabilities().isEmpty()) {
            r.line("capabilities: " + String.join(",", m.spec().capabilities()));
        }
        // the attributes of its capabilities (http-allow, kv-max-bytes, ...), as set
        m.spec().settings().forEach((name, value) -> r.line(String.format("%-12s %s", name + ":", value)));
        r.line("limits:      max-message-size=" + l.maxMessageSize() + " rate-limit=" + l.rateLimit()
                + " memory-max-pages=" + l.memoryMaxPages() + " timeout-ms=" + l.timeoutMs() + " mailbox=" + l.mailbox());
        r.line("supervision: restart=" + l.restart().headerValue() + " max-restarts=" + l.maxRestarts()
                + " restart-window-ms=" + l.restartWindowMs());
        r.line("mailbox:     " + c.mailboxDepth() + "/" + l.mailbox());
        if (c.engine().filter(e -> e == ComponentInfo.Engine.JAVA).isEmpty()) {
            r.instances(c.instances(), l);
        }
        r.line(extism ? "functions:" : "exports:");
        for (ExportSignature e : m.exports()) {
            r.line("  " + (extism ? e.name() : e));
        }
        if (!wit.isEmpty()) {
            r.line("wit:");
            wit.forEach(line -> r.line("  " + line));
        }
        return new ShellOutput.Lines(r.lines);
    }

    /** A component that could not be deployed. */
    static ShellOutput of(String id, List<DeploymentProblem> problems) {
        ComponentReport r = new ComponentReport();
        for (DeploymentProblem p : problems) {
            r.line("id:          " + id);
            r.line("state:       INVALID (not deployed)");
            r.line("bundle:      " + p.bundleId() + " (" + p.symbolicName() + ")");
            r.line("clause:      " + p.clause());
            r.line("reason:      " + p.message());
            r.line("since:       " + p.time());
        }
        return new ShellOutput.Lines(r.lines);
    }

    /**
     * {@code instances: <live>/<max>}, then one line per instance: its number, state, busy or
     * idle, its mailbox (each instance has one of {@code mailbox} messages), messages it took,
     * its restarts; words and {@code key=value} pairs, so a script can split them on spaces.
     */
    private void instances(List<InstanceStats> instances, ComponentLimits l) {
        line("instances:   " + instances.size() + "/" + l.instances());
        for (InstanceStats i : instances) {
            line(instanceLine(i, l.mailbox()));
        }
    }

    static String instanceLine(InstanceStats i, int mailbox) {
        return "  #" + i.number() + " " + i.state() + " " + (i.busy() ? "busy" : "idle") + " mailbox=" + i.mailboxDepth()
                + "/" + mailbox + " in=" + i.messagesIn() + " restarts=" + i.restarts();
    }

    private void line(String text) {
        lines.add(text);
    }
}
