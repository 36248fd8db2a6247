package dev.wharf.example.clock;

import dev.wharf.api.ValueType;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityFunction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Capability {@code clock}: the time, for components that declare {@code capabilities="clock"}.
 * They import, from module {@code wharf:clock}:
 *
 * <pre>
 * now(out i32) -> i32     the current UTC time as ISO-8601 text, always with milliseconds
 *                         (2025-11-24T10:21:07.512Z), in a buffer from the guest's alloc whose
 *                         address and length the host stores at out; 0, or a negative error code
 * millis() -> i64         milliseconds since 1970-01-01T00:00:00Z
 * </pre>
 *
 * In C, with {@code guest/c/wharf.h}:
 *
 * <pre>
 * WHARF_IMPORT_CAP("clock", "now") int32_t clock_now(wharf_bytes *out);
 * WHARF_IMPORT_CAP("clock", "millis") int64_t clock_millis(void);
 * </pre>
 *
 * Registering the service is all it takes: components that declare the capability and waited in
 * {@code STARTING} start, and a new version of this bundle serves the very next call.
 */
@Component(service = Capability.class, property = "wharf.capability=clock")
public final class ClockCapability implements Capability {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock = Clock.systemUTC();

    @Override
    public List<CapabilityFunction> functions() {
        return List.of(
                CapabilityFunction.i32("now", 1, (call, args) -> {
                    byte[] text = ISO_MILLIS.format(clock.instant()).getBytes(StandardCharsets.US_ASCII);
                    call.returnBytes((int) args[0], text); // a bad out pointer or a failed alloc answers its code
                    return 0;
                }),
                new CapabilityFunction("millis", List.of(), ValueType.I64, (call, args) -> clock.millis()));
    }
}
