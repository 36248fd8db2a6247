package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node says about itself on {@code wharf.<lattice>.node.<node>}: a {@code hello} when it
 * (re)connects, which the other nodes answer with their own {@code beat} at once; a
 * {@code beat} every {@code heartbeat-ms} and whenever the components it hosts change; a
 * {@code bye} when it leaves. Every one carries the full list of what it hosts, so a lost
 * message is repaired by the next. Text, one field per line:
 * <pre>
 * wharf-lattice 1
 * node b
 * instance 3f2a...
 * kind beat
 * hosts worker pong
 * </pre>
 */
record Announcement(String node, String instance, Kind kind, List<ComponentId> hosts) {

    enum Kind { HELLO, BEAT, BYE }

    private static final String MAGIC = "wharf-lattice 1";

    Announcement {
        hosts = List.copyOf(hosts);
    }

    byte[] encode() {
        StringBuilder sb = new StringBuilder(64 + hosts.size() * 16).append(MAGIC).append('\n')
                .append("node ").append(node).append('\n')
                .append("instance ").append(instance).append('\n')
                .append("kind ").append(kind.name().toLowerCase(java.util.Locale.ROOT)).append('\n')
                .append("hosts");
        hosts.forEach(id -> sb.append(' ').append(id.value()));
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an announcement.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static Announcement decode(byte[] data) {
        String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 5 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a Wharf lattice announcement (expected '" + MAGIC + "' and 4 fields)");
        }
        String node = field(lines[1], "node");
        String instance = field(lines[2], "instance");
        Kind kind;
        try {
            kind = Kind.valueOf(field(lines[3], "kind").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown announcement kind in '" + lines[3] + "'");
        }
        if (!lines[4].equals("hosts") && !lines[4].startsWith("hosts ")) {
            throw new IllegalArgumentException("expected 'hosts', found '" + lines[4] + "'");
        }
        List<ComponentId> hosts = new ArrayList<>();
        for (String id : lines[4].substring(5).trim().split(" ")) {
            if (id.isEmpty()) {
                continue;
            }
            if (!ComponentId.isValid(id)) {
                throw new IllegalArgumentException("invalid component id '" + id + "' in the hosts of node " + node);
            }
            hosts.add(ComponentId.of(id));
        }
        return new Announcement(node, instance, kind, hosts);
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ") || line.length() == name.length() + 1) {
            throw new IllegalArgumentException("expected '" + name + " <value>', found '" + line + "'");
        }
        return line.substring(name.length() + 1);
    }
}
