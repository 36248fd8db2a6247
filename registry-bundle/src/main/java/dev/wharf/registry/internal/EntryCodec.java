package dev.wharf.registry.internal;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.StateChange;
import dev.wharf.api.ValueType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored form of a registry entry: a format version, then every field in a fixed order.
 * Written by hand rather than by serialization so that the format is ours to evolve: an entry of
 * a newer format is refused with a clear message instead of being misread.
 */
final class EntryCodec {

    /**
     * 4 ends with the instances of the component's limits; 3 keeps the attributes of capabilities
     * as named settings (and its components have one instance); 2 had the capabilities,
     * http-allow and kv-max-bytes at the end (read as settings); 1 had neither. All are still read.
     */
    static final int FORMAT = 4;

    private EntryCodec() {}

    /** A component's metadata and its state history. */
    record Entry(ComponentMetadata metadata, List<StateChange> history) {}

    static byte[] encode(Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ComponentMetadata m = e.metadata();
            ComponentSpec s = m.spec();
            ComponentLimits l = s.limits();
            out.writeInt(FORMAT);
            out.writeUTF(s.id().value());
            out.writeUTF(s.modulePath());
            strings(out, s.receiveFrom());
            strings(out, s.sendTo());
            out.writeInt(l.maxMessageSize());
            out.writeInt(l.rateLimit());
            out.writeInt(l.memoryMaxPages());
            out.writeLong(l.timeoutMs());
            out.writeInt(l.mailbox());
            out.writeUTF(l.restart().name());
            out.writeInt(l.maxRestarts());
            out.writeLong(l.restartWindowMs());
            strings(out, s.declared().stream().map(ComponentAttribute::headerName).toList());
            out.writeLong(m.bundleId());
            out.writeUTF(m.bundleSymbolicName());
            out.writeUTF(m.bundleVersion());
            out.writeUTF(m.moduleSha256());
            out.writeInt(m.exports().size());
            for (ExportSignature x : m.exports()) {
                out.writeUTF(x.name());
                types(out, x.params());
                types(out, x.results());
            }
            out.writeUTF(m.state().name());
            instant(out, m.stateSince());
            optional(out, m.reason());
            out.writeUTF(m.health().label());
            out.writeUTF(m.health().detail());
            out.writeInt(m.restartCount());
            instant(out, m.firstInstalled());
            out.writeInt(m.restarts().size());
            for (RestartRecord r : m.restarts()) {
                instant(out, r.time());
                out.writeUTF(r.reason().name());
                out.writeUTF(r.detail());
            }
            out.writeInt(e.history().size());
            for (StateChange c : e.history()) {
                instant(out, c.time());
                out.writeUTF(c.state().name());
                optional(out, c.reason());
            }
            strings(out, s.capabilities());
            out.writeInt(s.settings().size());
            for (Map.Entry<String, String> x : s.settings().entrySet()) {
                out.writeUTF(x.getKey());
                out.writeUTF(x.getValue());
            }
            out.writeInt(l.instances());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    /** Thrown for an entry written by a newer Wharf. */
    static final class NewerFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        NewerFormatException(int format) {
            super("registry entry format " + format + " is newer than this Wharf's " + FORMAT);
        }
    }

    static Entry decode(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format > FORMAT) {
                throw new NewerFormatException(format);
            }
            ComponentId id = ComponentId.of(in.readUTF());
            String path = in.readUTF();
            List<String> receiveFrom = strings(in);
            List<String> sendTo = strings(in);
            ComponentLimits limits = new ComponentLimits(in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                    in.readInt(), RestartPolicy.valueOf(in.readUTF()), in.readInt(), in.readLong());
            // the instances are at the end of the entry, read there
            Set<ComponentAttribute> declared = new HashSet<>();
            for (String name : strings(in)) {
                // written as header names, so the format does not depend on the enum's constants
                ComponentAttribute.fromHeaderName(name).ifPresent(declared::add);
            }
            long bundleId = in.readLong();
            String bsn = in.readUTF();
            String version = in.readUTF();
            String sha = in.readUTF();
            int nExports = count(in, 10, "exports");
            List<ExportSignature> exports = new ArrayList<>(nExports);
            for (int i = 0; i < nExports; i++) {
                exports.add(new ExportSignature(in.readUTF(), types(in), types(in)));
            }
            ComponentState state = ComponentState.valueOf(in.readUTF());
            Instant since = instant(in);
            Optional<String> reason = optional(in);
            String label = in.readUTF();
            String healthReason = in.readUTF();
            HealthStatus health = switch (label) {
                case "healthy" -> HealthStatus.HEALTHY;
                case "degraded" -> new HealthStatus.Degraded(healthReason);
                default -> new HealthStatus.Unhealthy(healthReason);
            };
            int restartCount = in.readInt();
            Instant firstInstalled = instant(in);
            int nRestarts = count(in, 16, "restarts");
            List<RestartRecord> restarts = new ArrayList<>(nRestarts);
            for (int i = 0; i < nRestarts; i++) {
                restarts.add(new RestartRecord(instant(in), RestartRecord.Reason.valueOf(in.readUTF()), in.readUTF()));
            }
            int nHistory = count(in, 15, "state changes");
            List<StateChange> history = new ArrayList<>(nHistory);
            for (int i = 0; i < nHistory; i++) {
                history.add(new StateChange(instant(in), ComponentState.valueOf(in.readUTF()), optional(in)));
            }
            // format 1 has no capabilities and no settings: what a spec without them holds
            List<String> capabilities = format >= 2 ? strings(in) : List.of();
            Map<String, String> settings = format >= 3 ? settings(in) : format == 2 ? formerSettings(in) : Map.of();
            // before format 4 every component had one instance
            if (format >= 4) {
                limits = withInstances(limits, in.readInt());
            }
            ComponentSpec spec = new ComponentSpec(id, path, receiveFrom, sendTo, limits, declared, capabilities, settings);
            return new Entry(new ComponentMetadata(spec, bundleId, bsn, version, sha, exports, state, since, reason, health,
                    restartCount, firstInstalled, restarts), history);
        } catch (EOFException e) {
            throw new IOException("truncated registry entry: it ends after " + data.length + " bytes, before its last field", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed registry entry: " + e.getMessage(), e);
        }
    }

    /**
     * A count of what follows: each element takes at least {@code minBytes}, so a count the
     * remaining bytes cannot hold is refused here, before anything is allocated for it.
     */
    private static int count(DataInputStream in, int minBytes, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytes > in.available()) {
            throw new IOException("malformed registry entry: " + n + " " + what + " claimed, " + in.available()
                    + " bytes left");
        }
        return n;
    }

    private static ComponentLimits withInstances(ComponentLimits l, int instances) {
        return new ComponentLimits(l.maxMessageSize(), l.rateLimit(), l.memoryMaxPages(), l.timeoutMs(), l.mailbox(),
                l.restart(), l.maxRestarts(), l.restartWindowMs(), instances);
    }

    private static Map<String, String> settings(DataInputStream in) throws IOException {
        int n = count(in, 4, "settings");
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            out.put(in.readUTF(), in.readUTF());
        }
        return out;
    }

    /** Format 2 kept the two capability attributes of its time in fields of their own. */
    private static Map<String, String> formerSettings(DataInputStream in) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<String> httpAllow = strings(in);
        long kvMaxBytes = in.readLong();
        if (!httpAllow.isEmpty()) {
            out.put("http-allow", String.join(",", httpAllow));
        }
        if (kvMaxBytes > 0) {
            out.put("kv-max-bytes", Long.toString(kvMaxBytes));
        }
        return out;
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = count(in, 2, "strings");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    private static void types(DataOutputStream out, List<ValueType> types) throws IOException {
        out.writeInt(types.size());
        for (ValueType t : types) {
            out.writeByte(t.ordinal());
        }
    }

    private static List<ValueType> types(DataInputStream in) throws IOException {
        int n = count(in, 1, "value types");
        List<ValueType> out = new ArrayList<>(n);
        ValueType[] all = ValueType.values();
        for (int i = 0; i < n; i++) {
            int t = in.readByte();
            if (t < 0 || t >= all.length) {
                throw new IOException("malformed registry entry: value type " + t + " (there are " + all.length + ")");
            }
            out.add(all[t]);
        }
        return out;
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        long seconds = in.readLong();
        int nanos = in.readInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IOException("malformed registry entry: no instant is " + seconds + " s + " + nanos + " ns", e);
        }
    }

    private static void optional(DataOutputStream out, Optional<String> s) throws IOException {
        out.writeBoolean(s.isPresent());
        if (s.isPresent()) {
            out.writeUTF(s.get());
        }
    }

    private static Optional<String> optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }
}
