package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.lattice.LatticeLink;
import dev.wharf.spi.lattice.LatticeNode;
import dev.wharf.spi.lattice.LatticeView;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code wasm:lattice} command: the nodes of the lattice and what each hosts, one row per
 * node under a header ({@code NODE SEEN-MS COMPONENTS}, this node marked {@code *}), then one line
 * {@code lattice <name>: node <this>, connected to <url>} (or {@code not connected}). Without a
 * {@code dev.wharf.lattice} configuration it says so: the container is alone.
 */
@Component(service = LatticeCommands.class, property = {"osgi.command.scope=wasm", "osgi.command.function=lattice"})
public final class LatticeCommands {

    static final String USAGE = "wasm:lattice [--json]";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LatticeLink link;

    public void lattice(String... args) {
        lattice(System.out, args);
    }

    void lattice(PrintStream out, String... args) {
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            out.println("usage: " + USAGE);
            return;
        }
        boolean json = Arrays.asList(args).contains("--json");
        if (args.length > (json ? 1 : 0)) {
            out.println("error: usage: " + USAGE + " (unknown argument '"
                    + Arrays.stream(args).filter(a -> !a.equals("--json")).findFirst().orElse("") + "')");
            return;
        }
        LatticeLink l = link;
        if (l == null) {
            out.println("error: this container is in no lattice; configure PID dev.wharf.lattice"
                    + " (e.g. deploy/dev.wharf.lattice.cfg with servers, lattice and node) to join one");
            return;
        }
        LatticeView v = l.view();
        if (json) {
            out.println(json(v));
            return;
        }
        out.println(String.format("%-24s %-8s %s", "NODE", "SEEN-MS", "COMPONENTS"));
        for (LatticeNode n : v.nodes()) {
            out.println(String.format("%-24s %-8s %s", n.name() + (n.self() ? " *" : ""), Long.toString(n.lastSeenMillis()),
                    n.components().isEmpty() ? "-" : n.components().stream().map(ComponentId::value)
                            .collect(Collectors.joining(","))));
        }
        out.println("lattice " + v.lattice() + ": node " + v.node() + ", "
                + (v.connected() ? "connected to " + v.server() : "not connected (servers " + v.server() + ")"));
    }

    private static String json(LatticeView v) {
        StringBuilder sb = new StringBuilder("{\"lattice\":").append(quote(v.lattice())).append(",\"node\":")
                .append(quote(v.node())).append(",\"connected\":").append(v.connected()).append(",\"server\":")
                .append(quote(v.server())).append(",\"nodes\":[");
        for (int i = 0; i < v.nodes().size(); i++) {
            LatticeNode n = v.nodes().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"node\":").append(quote(n.name())).append(",\"self\":").append(n.self())
                    .append(",\"seen-ms\":").append(n.lastSeenMillis()).append(",\"components\":[")
                    .append(n.components().stream().map(id -> quote(id.value())).collect(Collectors.joining(",")))
                    .append("]}");
        }
        return sb.append("]}").toString();
    }

    // names and ids hold no characters that need escaping beyond these
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
