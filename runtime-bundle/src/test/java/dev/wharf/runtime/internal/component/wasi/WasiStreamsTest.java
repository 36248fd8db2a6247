package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.bytes;
import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.handle;
import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** wasi:io/streams on stdout, stderr and stdin, through wasi:cli's getters. */
class WasiStreamsTest {

    static final String STREAMS = "wasi:io/streams";
    static final WitValue OK = new ResultValue(true, null);
    static final WitValue CLOSED = new ResultValue(false, new VariantValue(1, null));

    final WasiFixtures f = new WasiFixtures();

    Handle stdout() {
        return (Handle) f.call("wasi:cli/stdout", "get-stdout");
    }

    Handle stderr() {
        return (Handle) f.call("wasi:cli/stderr", "get-stderr");
    }

    Handle stdin() {
        return (Handle) f.call("wasi:cli/stdin", "get-stdin");
    }

    WitValue write(Handle stream, String text) {
        return f.call(STREAMS, "[method]output-stream.write", stream, bytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void stdoutAndStderrWriteLinesAtTheirLevels() {
        assertThat(f.call(STREAMS, "[method]output-stream.check-write", stdout()))
                .isEqualTo(new ResultValue(true, u64(4096)));
        assertThat(write(stdout(), "hello, ")).isEqualTo(OK);
        assertThat(f.lines).as("no line before its end").isEmpty();
        assertThat(write(stdout(), "wörld\nsecond")).isEqualTo(OK);
        assertThat(f.call(STREAMS, "[method]output-stream.blocking-write-and-flush", stderr(),
                bytes("oops\n".getBytes(StandardCharsets.UTF_8)))).isEqualTo(OK);
        assertThat(f.call(STREAMS, "[method]output-stream.flush", stdout())).isEqualTo(OK);
        assertThat(f.call(STREAMS, "[method]output-stream.blocking-flush", stdout())).isEqualTo(OK);
        assertThat(f.lines).as("a flush does not end a line").containsExactly("2 hello, wörld", "3 oops");
        f.wasi.close();
        assertThat(f.lines).containsExactly("2 hello, wörld", "3 oops", "2 second");
    }

    @Test
    void aWriteOfMoreThanCheckWritePermitsIsATrap() {
        assertThat(f.call(STREAMS, "[method]output-stream.write", stdout(), bytes(4096, 'a'))).isEqualTo(OK);
        assertThat(f.call(STREAMS, "[method]output-stream.blocking-write-and-flush", stdout(), bytes(4096, 'b')))
                .isEqualTo(OK);
        assertThatThrownBy(() -> f.call(STREAMS, "[method]output-stream.write", stdout(), bytes(4097, 'c')))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("4097 bytes, more than check-write permits (4096)");
        assertThatThrownBy(() -> f.call(STREAMS, "[method]output-stream.blocking-write-and-flush", stdout(),
                bytes(4097, 'c'))).isInstanceOf(CanonicalAbiTrap.class);
        assertThatThrownBy(() -> f.call(STREAMS, "[method]output-stream.write-zeroes", stdout(), u64(4097)))
                .isInstanceOf(CanonicalAbiTrap.class);
        assertThatThrownBy(() -> f.call(STREAMS, "[method]output-stream.blocking-write-zeroes-and-flush", stdout(),
                u64(-1))).isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("18446744073709551615 bytes");
        assertThat(f.lines).as("a full line waits for one more byte").isEmpty();
        assertThat(f.call(STREAMS, "[method]output-stream.write-zeroes", stdout(), u64(3))).isEqualTo(OK);
        f.wasi.close();
        assertThat(f.lines).containsExactly("2 " + "a".repeat(4096) + "b".repeat(4096), "2 " + "\0".repeat(3));
    }

    @Test
    void aLongLineIsCutAt8192BytesBetweenCharacters() {
        String ab = "ab".repeat(2048);
        for (int i = 0; i < 4; i++) {
            write(stdout(), ab);
        }
        write(stdout(), "c\n");
        assertThat(f.lines).containsExactly("2 " + ab.repeat(2), "2 " + ab.repeat(2), "2 c");
        f.lines.clear();
        // 8191 bytes, then a 2-byte character: the cut comes before it rather than in it
        write(stdout(), "x".repeat(4095));
        write(stdout(), "x".repeat(4096));
        write(stdout(), "é");
        write(stdout(), "\n");
        assertThat(f.lines).containsExactly("2 " + "x".repeat(8191), "2 é");
    }

    @Test
    void stdinIsClosedAndEverySubscriptionReady() {
        Handle in = stdin();
        assertThat(f.call(STREAMS, "[method]input-stream.read", in, u64(10))).isEqualTo(CLOSED);
        assertThat(f.call(STREAMS, "[method]input-stream.blocking-read", in, u64(-1))).isEqualTo(CLOSED);
        assertThat(f.call(STREAMS, "[method]input-stream.skip", in, u64(10))).isEqualTo(CLOSED);
        assertThat(f.call(STREAMS, "[method]input-stream.blocking-skip", in, u64(10))).isEqualTo(CLOSED);
        assertThat(f.call(STREAMS, "[method]output-stream.splice", stdout(), in, u64(10))).isEqualTo(CLOSED);
        assertThat(f.call(STREAMS, "[method]output-stream.blocking-splice", stdout(), in, u64(10))).isEqualTo(CLOSED);
        for (WitValue p : new WitValue[] {f.call(STREAMS, "[method]input-stream.subscribe", in),
                f.call(STREAMS, "[method]output-stream.subscribe", stdout())}) {
            assertThat(f.call("wasi:io/poll", "[method]pollable.ready", p)).isEqualTo(new WitValue.Bool(true));
            f.call("wasi:io/poll", "[method]pollable.block", p);
        }
    }

    @Test
    void afterTheEndTheOutputStreamsAreClosed() {
        f.wasi.close();
        assertThat(f.call(STREAMS, "[method]output-stream.check-write", stdout())).isEqualTo(CLOSED);
        assertThat(write(stdout(), "late\n")).isEqualTo(CLOSED);
        assertThat(f.call(STREAMS, "[method]output-stream.blocking-flush", stderr())).isEqualTo(CLOSED);
        assertThat(f.lines).isEmpty();
    }

    @Test
    void aRepThisHostNeverGaveIsATrap() {
        assertThatThrownBy(() -> write(handle(7), "x")).isInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("no live output-stream with representation 7");
        assertThatThrownBy(() -> f.call(STREAMS, "[method]input-stream.read", handle(2), u64(1)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("no live input-stream with representation 2");
        assertThatThrownBy(() -> f.call("wasi:io/error", "[method]error.to-debug-string", handle(1)))
                .isInstanceOf(CanonicalAbiTrap.class);
    }
}
