package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.INPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.OUTPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.TERMINAL_INPUT;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.TERMINAL_OUTPUT;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U8;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.list;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.option;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.tuple;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.EMPTY_LIST;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.integer;

import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import java.util.Map;

/**
 * wasi:cli as Wharf's sandbox has it: no environment, no arguments, no working directory; stdin,
 * stdout and stderr the streams of {@link IoInterfaces}; none of them a terminal; {@code exit}
 * a {@link WasiExit} thrown to the caller.
 */
final class CliInterfaces {

    private CliInterfaces() {}

    static void addTo(Map<String, Map<String, Object>> interfaces) {
        interfaces.put("cli/environment", new WasiInstance("wasi:cli/environment")
                .func("get-environment", func(list(tuple(STRING, STRING))), a -> EMPTY_LIST)
                .func("get-arguments", func(list(STRING)), a -> EMPTY_LIST)
                .func("initial-cwd", func(option(STRING)), a -> OptionValue.NONE)
                .build());
        interfaces.put("cli/exit", new WasiInstance("wasi:cli/exit")
                .func("exit", func(null, param("status", result(null, null))), a -> {
                    throw new WasiExit(((ResultValue) a.get(0)).ok() ? 0 : 1);
                })
                // unstable (feature cli-exit-with-code), given for the guests that use it
                .func("exit-with-code", func(null, param("status-code", U8)), a -> {
                    throw new WasiExit((int) integer(a, 0) & 0xFF);
                })
                .build());
        interfaces.put("cli/stdin", new WasiInstance("wasi:cli/stdin").resource(INPUT_STREAM)
                .func("get-stdin", func(own(INPUT_STREAM)), a -> new Handle(IoInterfaces.STDIN))
                .build());
        interfaces.put("cli/stdout", new WasiInstance("wasi:cli/stdout").resource(OUTPUT_STREAM)
                .func("get-stdout", func(own(OUTPUT_STREAM)), a -> new Handle(IoInterfaces.STDOUT))
                .build());
        interfaces.put("cli/stderr", new WasiInstance("wasi:cli/stderr").resource(OUTPUT_STREAM)
                .func("get-stderr", func(own(OUTPUT_STREAM)), a -> new Handle(IoInterfaces.STDERR))
                .build());
        interfaces.put("cli/terminal-input",
                new WasiInstance("wasi:cli/terminal-input").resource(TERMINAL_INPUT).build());
        interfaces.put("cli/terminal-output",
                new WasiInstance("wasi:cli/terminal-output").resource(TERMINAL_OUTPUT).build());
        interfaces.put("cli/terminal-stdin", noTerminal("stdin", TERMINAL_INPUT));
        interfaces.put("cli/terminal-stdout", noTerminal("stdout", TERMINAL_OUTPUT));
        interfaces.put("cli/terminal-stderr", noTerminal("stderr", TERMINAL_OUTPUT));
    }

    /** wasi:cli/terminal-{stream}: get-terminal-{stream} answers none, the stream is no terminal. */
    private static Map<String, Object> noTerminal(String stream, ResourceType terminal) {
        return new WasiInstance("wasi:cli/terminal-" + stream).resource(terminal)
                .func("get-terminal-" + stream, func(option(own(terminal))), a -> OptionValue.NONE)
                .build();
    }
}
