package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.handle;
import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.EnumValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names Wasi answers, and the parts of WASI that Wharf's sandbox leaves empty. */
class WasiTest {

    final WasiFixtures f = new WasiFixtures();

    static final List<String> INTERFACES = List.of("io/error", "io/poll", "io/streams", "cli/environment", "cli/exit",
            "cli/stdin", "cli/stdout", "cli/stderr", "cli/terminal-input", "cli/terminal-output", "cli/terminal-stdin",
            "cli/terminal-stdout", "cli/terminal-stderr", "clocks/monotonic-clock", "clocks/wall-clock",
            "random/random", "random/insecure", "random/insecure-seed", "filesystem/types", "filesystem/preopens");

    @Test
    void everyInterfaceIsGivenAtAny02Version() {
        for (String i : INTERFACES) {
            Object v0 = f.wasi.provide("wasi:" + i + "@0.2.0");
            assertThat(v0).as(i).isInstanceOf(Map.class);
            assertThat(f.wasi.provide("wasi:" + i + "@0.2.6")).as(i).isSameAs(v0);
            assertThat(f.wasi.provide("wasi:" + i + "@0.2.12")).as(i).isSameAs(v0);
            assertThat(f.wasi.provide("wasi:" + i + "@0.3.0")).as(i).isNull();
            assertThat(f.wasi.provide("wasi:" + i + "@0.1.0")).as(i).isNull();
        }
    }

    @Test
    void otherNamesAreNotGiven() {
        for (String name : List.of("wasi:io/streams", "wasi:io/streams@0.2", "wasi:io/streams@0.2.0-rc-2023-11-10",
                "wasi:io/streams@0.2.01", "wasi:io/streams@1.2.0", "wasi:io/streams@0.2.0+build",
                "wasi:io/nothing@0.2.0",
                "wasi:sockets/tcp@0.2.0", "wasi:http/types@0.2.0", "wharf:io/streams@0.2.0", "WASI:io/streams@0.2.0",
                "wasi:io/streams@0.2.0 ", "run", "")) {
            assertThat(f.wasi.provide(name)).as(name).isNull();
        }
    }

    @Test
    void resourceTypesAreSharedAcrossInterfacesAndUnlikeAnyAComponentDefines() {
        Object outputStream = f.instance("wasi:io/streams").get("output-stream");
        assertThat(f.instance("wasi:cli/stdout").get("output-stream")).isSameAs(outputStream);
        assertThat(f.instance("wasi:cli/stderr").get("output-stream")).isSameAs(outputStream);
        assertThat(f.instance("wasi:filesystem/types").get("output-stream")).isSameAs(outputStream);
        assertThat(f.instance("wasi:io/streams").get("error")).isSameAs(f.instance("wasi:io/error").get("error"));
        assertThat(f.instance("wasi:clocks/monotonic-clock").get("pollable"))
                .isSameAs(f.instance("wasi:io/poll").get("pollable"));
        assertThat(((WitType.ResourceType) outputStream).id()).isNegative();
    }

    @Test
    void noEnvironmentNoArgumentsNoWorkingDirectory() {
        WitValue empty = new WitValue.ListValue(List.of());
        assertThat(f.call("wasi:cli/environment", "get-environment")).isEqualTo(empty);
        assertThat(f.call("wasi:cli/environment", "get-arguments")).isEqualTo(empty);
        assertThat(f.call("wasi:cli/environment", "initial-cwd")).isEqualTo(OptionValue.NONE);
        for (String s : List.of("stdin", "stdout", "stderr")) {
            assertThat(f.call("wasi:cli/terminal-" + s, "get-terminal-" + s)).as(s).isEqualTo(OptionValue.NONE);
        }
    }

    @Test
    void exitIsThrownWithItsStatus() {
        assertThatThrownBy(() -> f.call("wasi:cli/exit", "exit", new ResultValue(true, null)))
                .isInstanceOfSatisfying(WasiExit.class, e -> assertThat(e.ok()).isTrue());
        assertThatThrownBy(() -> f.call("wasi:cli/exit", "exit", new ResultValue(false, null)))
                .isInstanceOfSatisfying(WasiExit.class, e -> assertThat(e.status()).isEqualTo(1));
        assertThatThrownBy(() -> f.call("wasi:cli/exit", "exit-with-code", u64(42)))
                .isInstanceOfSatisfying(WasiExit.class, e -> assertThat(e.status()).isEqualTo(42));
    }

    @Test
    void noPreopensAndEveryFileOperationDenied() {
        assertThat(f.call("wasi:filesystem/preopens", "get-directories")).isEqualTo(new WitValue.ListValue(List.of()));
        WitValue denied = new ResultValue(false, new EnumValue(0));
        int methods = 0;
        for (Map.Entry<String, Object> e : f.instance("wasi:filesystem/types").entrySet()) {
            if (e.getValue() instanceof ComponentFunction fn && e.getKey().startsWith("[method]")
                    && !e.getKey().endsWith("is-same-object")) {
                methods++;
                assertThat(fn.type().results().get(0).type()).as(e.getKey()).isInstanceOf(WitType.ResultType.class);
                assertThat(fn.call(arguments(fn.type()))).as(e.getKey()).containsExactly(denied);
            }
        }
        assertThat(methods).isEqualTo(27);
        assertThat(f.call("wasi:filesystem/types", "[method]descriptor.is-same-object", handle(1), handle(1)))
                .isEqualTo(new WitValue.Bool(false));
        assertThat(f.call("wasi:filesystem/types", "filesystem-error-code", handle(1))).isEqualTo(OptionValue.NONE);
    }

    /** Placeholder arguments of the right count: the denied operations do not look at them. */
    static List<WitValue> arguments(WitType.FuncType type) {
        return type.params().stream().map(p -> (WitValue) (p.type() == WitType.Primitive.STRING ? new Str("/etc/passwd")
                : handle(1))).toList();
    }
}
