package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Bool;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.RecordValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** wasi:clocks and the pollables of wasi:io/poll on them. */
class WasiClocksTest {

    static final String MONO = "wasi:clocks/monotonic-clock";
    static final String POLL = "wasi:io/poll";

    final WasiFixtures f = new WasiFixtures();

    long now() {
        return ((Int) f.call(MONO, "now")).value();
    }

    @Test
    void theMonotonicClockCountsNanosecondsFromZeroAndNeverGoesBack() {
        long a = now();
        long b = now();
        assertThat(a).isGreaterThanOrEqualTo(0).isLessThan(TimeUnit.SECONDS.toNanos(60));
        assertThat(b).isGreaterThanOrEqualTo(a);
        assertThat(f.call(MONO, "resolution")).isEqualTo(u64(1));
    }

    @Test
    void theWallClockIsTheSystemsUtcTime() {
        RecordValue t = (RecordValue) f.call("wasi:clocks/wall-clock", "now");
        long seconds = ((Int) t.fields().get(0)).value();
        long nanos = ((Int) t.fields().get(1)).value();
        assertThat(Math.abs(seconds - Instant.now().getEpochSecond())).isLessThanOrEqualTo(1);
        assertThat(nanos).isBetween(0L, 999_999_999L);
        assertThat(f.call("wasi:clocks/wall-clock", "resolution"))
                .isEqualTo(new RecordValue(List.of(u64(0), u64(1000))));
    }

    @Test
    void theWallClockGivesSecondsAndNanosecondsSince1970AndNothingBefore() {
        Instant t = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        assertThat(new WasiFixtures(Clock.fixed(t, ZoneOffset.UTC)).call("wasi:clocks/wall-clock", "now"))
                .isEqualTo(new RecordValue(List.of(u64(1_700_000_000L), u64(123_456_789))));
        Instant before1970 = Instant.ofEpochSecond(-5, 7);
        assertThat(new WasiFixtures(Clock.fixed(before1970, ZoneOffset.UTC)).call("wasi:clocks/wall-clock", "now"))
                .isEqualTo(new RecordValue(List.of(u64(0), u64(0))));
    }

    @Test
    void aDurationPollableBecomesReadyWhenItsTimeHasCome() {
        WitValue p = f.call(MONO, "subscribe-duration", u64(TimeUnit.MILLISECONDS.toNanos(50)));
        long start = System.nanoTime();
        assertThat(f.call(POLL, "[method]pollable.ready", p)).isEqualTo(new Bool(false));
        f.call(POLL, "[method]pollable.block", p);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
        assertThat(f.call(POLL, "[method]pollable.ready", p)).isEqualTo(new Bool(true));
    }

    @Test
    void pollAnswersTheReadyOnesAfterWaitingForTheFirst() {
        WitValue past = f.call(MONO, "subscribe-instant", u64(0));
        WitValue soon = f.call(MONO, "subscribe-instant", u64(now() + TimeUnit.MILLISECONDS.toNanos(30)));
        WitValue never = f.call(MONO, "subscribe-duration", u64(-1));
        assertThat(f.call(POLL, "poll", new ListValue(List.of(never, past, soon))))
                .isEqualTo(new ListValue(List.of(u64(1))));
        long start = System.nanoTime();
        assertThat(f.call(POLL, "poll", new ListValue(List.of(never, soon)))).isEqualTo(new ListValue(List.of(u64(1))));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(f.call(POLL, "[method]pollable.ready", never)).isEqualTo(new Bool(false));
        assertThatThrownBy(() -> f.call(POLL, "poll", new ListValue(List.of()))).isInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("empty");
    }

    @Test
    void anInterruptEndsABlockAsChicoryEndsAnInterruptedCall() {
        WitValue never = f.call(MONO, "subscribe-duration", u64(-1));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> f.call(POLL, "[method]pollable.block", never))
                    .isInstanceOf(ChicoryInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPollablesRepIsItsDeadlineRoundedUpByLessThanOnePartIn2To26() {
        for (long v : new long[] {0, 1, (1 << 27) - 1, 1 << 27, (1 << 27) + 1, (1L << 28) - 1, 1L << 40,
                ((1L << 27) - 2) << 30}) {
            checkRoundTrip(v);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            checkRoundTrip(random.nextLong(1L << random.nextInt(1, 57)));
        }
        assertThat(Pollables.at(1L << 57)).as("past 4.5 years: exponent 31 is the waitables'").isEqualTo(Pollables.NEVER);
        assertThat(Pollables.at(1L << 58)).isEqualTo(Pollables.NEVER);
        assertThat(Pollables.at(-1)).as("a u64 past Long.MAX_VALUE").isEqualTo(Pollables.NEVER);
        assertThat(Pollables.deadline(Pollables.NEVER)).isEqualTo(Long.MAX_VALUE);
        assertThat(Pollables.at(0)).isEqualTo(Pollables.READY);
    }

    static void checkRoundTrip(long v) {
        int rep = Pollables.at(v);
        long back = Pollables.deadline(rep);
        assertThat(back).as("deadline of %d", v).isGreaterThanOrEqualTo(v);
        assertThat(back - v).as("deadline of %d", v).isLessThanOrEqualTo(v >> 26);
    }

    @Test
    void subscribeDurationSaturates() {
        Pollables p = new Pollables(() -> 1000);
        assertThat(p.after(Long.MAX_VALUE)).isEqualTo(Pollables.NEVER);
        assertThat(p.after(-5)).isEqualTo(Pollables.NEVER);
        assertThat(Pollables.deadline(p.after(5))).isEqualTo(5);
        assertThat(new Handle(p.after(0))).isEqualTo(new Handle(Pollables.READY));
    }
}
