package dev.wharf.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stored form of entries: capability settings round trip, and entries of format 2 are read as settings. */
class EntryCodecTest {

    static EntryCodec.Entry entry(Map<String, String> settings) {
        return entry(settings, ComponentLimits.DEFAULTS);
    }

    static EntryCodec.Entry entry(Map<String, String> settings, ComponentLimits limits) {
        ComponentSpec spec = new ComponentSpec(ComponentId.of("s"), "s.wasm", List.of(), List.of(), limits,
                EnumSet.of(ComponentAttribute.CAPABILITIES), List.of("kv", "http"), settings);
        return new EntryCodec.Entry(new ComponentMetadata(spec, 1, "b", "1.0.0", "ab", List.of(), ComponentState.READY,
                Instant.ofEpochSecond(5), Optional.empty(), HealthStatus.HEALTHY, 0, Instant.ofEpochSecond(1), List.of()),
                List.of());
    }

    @Test
    void settingsOfCapabilitiesRoundTrip() throws Exception {
        Map<String, String> settings = Map.of("http-allow", "a.example.com, *.b.org", "kv-max-bytes", "4096", "x-y", "z");
        EntryCodec.Entry read = EntryCodec.decode(EntryCodec.encode(entry(settings)));
        assertThat(read.metadata().spec().settings()).isEqualTo(settings);
        assertThat(read.metadata().spec()).isEqualTo(entry(settings).metadata().spec());
    }

    /** Format 2 ended with the capabilities, then http-allow as a list and kv-max-bytes as a long. */
    @Test
    void anEntryOfFormat2HasItsHttpAllowAndKvMaxBytesAsSettings() throws Exception {
        byte[] now = EntryCodec.encode(entry(Map.of()));
        // the same entry in format 2: the version, and in place of the empty settings (an int 0)
        // the two fields format 2 had
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(old);
        out.writeInt(2);
        out.write(now, 4, now.length - 12);
        out.writeInt(2);
        out.writeUTF("a.example.com");
        out.writeUTF("localhost:8080");
        out.writeLong(4096);
        assertThat(ByteBuffer.wrap(now, now.length - 8, 4).getInt()).as("the empty settings before the instances").isZero();
        EntryCodec.Entry read = EntryCodec.decode(old.toByteArray());
        assertThat(read.metadata().spec().settings()).containsExactly(Map.entry("http-allow", "a.example.com,localhost:8080"),
                Map.entry("kv-max-bytes", "4096"));
        assertThat(read.metadata().spec().capabilities()).containsExactly("kv", "http");
    }

    @Test
    void theInstancesRoundTrip() throws Exception {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        ComponentLimits eight = new ComponentLimits(d.maxMessageSize(), d.rateLimit(), d.memoryMaxPages(), d.timeoutMs(),
                d.mailbox(), d.restart(), d.maxRestarts(), d.restartWindowMs(), 8);
        EntryCodec.Entry read = EntryCodec.decode(EntryCodec.encode(entry(Map.of("x", "y"), eight)));
        assertThat(read.metadata().spec().limits().instances()).isEqualTo(8);
        assertThat(read.metadata().spec()).isEqualTo(entry(Map.of("x", "y"), eight).metadata().spec());
    }

    /** Format 3 ended with the settings: its components have one instance. */
    @Test
    void anEntryOfFormat3HasOneInstance() throws Exception {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        byte[] now = EntryCodec.encode(entry(Map.of("x", "y"), new ComponentLimits(d.maxMessageSize(), d.rateLimit(),
                d.memoryMaxPages(), d.timeoutMs(), d.mailbox(), d.restart(), d.maxRestarts(), d.restartWindowMs(), 5)));
        assertThat(ByteBuffer.wrap(now, now.length - 4, 4).getInt()).as("the instances at the end").isEqualTo(5);
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(old);
        out.writeInt(3);
        out.write(now, 4, now.length - 8);
        EntryCodec.Entry read = EntryCodec.decode(old.toByteArray());
        assertThat(read.metadata().spec().limits().instances()).isEqualTo(1);
        assertThat(read.metadata().spec().settings()).containsExactly(Map.entry("x", "y"));
        assertThat(read.metadata().spec()).isEqualTo(entry(Map.of("x", "y")).metadata().spec());
    }
}
