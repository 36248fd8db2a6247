package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvCommandsTest {

    static final ComponentId A = ComponentId.of("a");

    @TempDir
    Path dir;
    KvStore store;
    KvCapability kv;
    KvCommands commands;

    @BeforeEach
    void open() {
        store = new KvStore(dir.resolve(KvStore.FILE));
        kv = new KvCapability(store, Configs.kv(1000));
        commands = new KvCommands(kv);
    }

    @AfterEach
    void close() {
        kv.deactivate();
    }

    String run(String... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        commands.kv(new PrintStream(b, true, StandardCharsets.UTF_8), args);
        return b.toString(StandardCharsets.UTF_8);
    }

    void put(String key, byte[] value) {
        assertThat(store.set(A, key.getBytes(StandardCharsets.UTF_8), value, 1000)).isTrue();
    }

    @Test
    void printsOneLinePerEntryThenTheCount() {
        put("color", "grün".getBytes(StandardCharsets.UTF_8));
        put("b/1", new byte[] {0x00, (byte) 0xff});
        put("b/2", "line\nbreak".getBytes(StandardCharsets.UTF_8));
        put("b/3", "0xcafe".getBytes(StandardCharsets.UTF_8));
        assertThat(store.set(A, new byte[] {(byte) 0xc3}, new byte[0], 1000)).isTrue();
        assertThat(run("a")).isEqualTo("b/1\t0x00ff\n"
                + "b/2\t0x6c696e650a627265616b\n"
                + "b/3\t0x307863616665\n"
                + "color\tgrün\n"
                + "0xc3\t\n"
                + "5 entries, 38 of 1000 bytes\n");
        assertThat(run("a", "b/")).isEqualTo("b/1\t0x00ff\nb/2\t0x6c696e650a627265616b\nb/3\t0x307863616665\n"
                + "3 entries, 38 of 1000 bytes\n");
    }

    @Test
    void noEntriesIsNoError() {
        assertThat(run("nobody")).isEqualTo("0 entries, 0 of 1000 bytes\n");
        put("k", new byte[] {'v'});
        assertThat(run("a", "x")).isEqualTo("0 entries, 2 of 1000 bytes\n");
    }

    @Test
    void aWrongArgumentIsOneErrorLine() {
        assertThat(run()).isEqualTo("error: usage: wasm:kv <id> [prefix] (missing arguments)\n");
        assertThat(run("a", "b", "c")).isEqualTo("error: usage: wasm:kv <id> [prefix] (too many arguments)\n");
        assertThat(run("Not/An/Id")).isEqualTo("error: invalid component id 'Not/An/Id'; usage: wasm:kv <id> [prefix]\n");
    }
}
