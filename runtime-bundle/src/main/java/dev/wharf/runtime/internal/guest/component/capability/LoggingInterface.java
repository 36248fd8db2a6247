package dev.wharf.runtime.internal.guest.component.capability;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.string;

import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.EnumValue;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.engine.LineBuffer;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * wasi:logging/logging@0.1.0-draft: a line of the component's guest log, as its WASI stdout
 * and a core module's {@code wharf.log} write one (rate-limited per component, cut at
 * {@value LineBuffer#MAX_LINE_BYTES} characters). The context, when given, leads the line
 * ({@code [id] context: message}); {@code critical} is logged as an error marked so. Needs no
 * capability.
 */
final class LoggingInterface {

    static final String NAME = "wasi:logging/logging@0.1.0-draft";

    private static final EnumType LEVEL = new EnumType(List.of("trace", "debug", "info", "warn", "error", "critical"));
    private static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARNING, Level.ERROR, Level.ERROR};
    private static final int CRITICAL = 5;

    private LoggingInterface() {}

    static Map<String, Object> instance(GuestHost host) {
        return new WasiInstance(NAME).type("level", LEVEL)
                .func("log", func(null, param("level", LEVEL), param("context", Primitive.STRING),
                        param("message", Primitive.STRING)), a -> {
                            int level = ((EnumValue) a.get(0)).index();
                            if (host.logs(LEVELS[level])) {
                                host.log(LEVELS[level], line(level, string(a, 1), string(a, 2)));
                            }
                            return null;
                        })
                .build();
    }

    private static String line(int level, String context, String message) {
        String line = (level == CRITICAL ? "CRITICAL " : "") + (context.isEmpty() ? message : context + ": " + message);
        return line.length() <= LineBuffer.MAX_LINE_BYTES ? line : line.substring(0, LineBuffer.MAX_LINE_BYTES);
    }
}
