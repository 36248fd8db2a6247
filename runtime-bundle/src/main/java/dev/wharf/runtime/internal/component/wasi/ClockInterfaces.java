package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DATETIME;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.POLLABLE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.integer;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.u64;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.RecordValue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * wasi:clocks/monotonic-clock ({@link Pollables}' clock: nanoseconds since the WASI instance was
 * made, resolution 1 ns as {@link System#nanoTime()} counts) and wasi:clocks/wall-clock (the
 * system's UTC clock; a time before 1970 reads as 1970, as the type is unsigned; resolution
 * given as 1 µs, what Java's system clock gives on the platforms Wharf runs on).
 */
final class ClockInterfaces {

    /** The wall clock's resolution as a datetime: 1 µs. */
    private static final RecordValue WALL_RESOLUTION = new RecordValue(List.of(u64(0), u64(1000)));

    private ClockInterfaces() {}

    static void addTo(Map<String, Map<String, Object>> interfaces, Pollables pollables, Clock wall) {
        interfaces.put("clocks/monotonic-clock", new WasiInstance("wasi:clocks/monotonic-clock")
                .resource(POLLABLE).type("instant", U64).type("duration", U64)
                .func("now", func(U64), a -> u64(pollables.now()))
                .func("resolution", func(U64), a -> u64(1))
                .func("subscribe-instant", func(own(POLLABLE), param("when", U64)),
                        a -> new Handle(Pollables.at(integer(a, 0))))
                .func("subscribe-duration", func(own(POLLABLE), param("when", U64)),
                        a -> new Handle(pollables.after(integer(a, 0))))
                .build());
        interfaces.put("clocks/wall-clock", new WasiInstance("wasi:clocks/wall-clock")
                .type("datetime", DATETIME)
                .func("now", func(DATETIME), a -> datetime(wall.instant()))
                .func("resolution", func(DATETIME), a -> WALL_RESOLUTION)
                .build());
    }

    private static WitValue datetime(Instant t) {
        if (t.getEpochSecond() < 0) {
            t = Instant.EPOCH;
        }
        return new RecordValue(List.of(u64(t.getEpochSecond()), u64(t.getNano())));
    }
}
