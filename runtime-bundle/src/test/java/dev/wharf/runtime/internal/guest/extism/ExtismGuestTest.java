package dev.wharf.runtime.internal.guest.extism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.TrapException;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.TestHost;
import dev.wharf.runtime.internal.guest.GuestKinds;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.guest.GuestVars;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernel as a plugin written against it sees it: a real module on Chicory, a host that records. */
class ExtismGuestTest {

    static final Deadline NOW = TestHost.NO_DEADLINE;

    final WasmEngine engine = new WasmEngine(false, 1000);
    final TestHost host = new TestHost("plugin");
    final GuestModule module = new GuestKinds(engine).load(bytes("guests/extism-kernel.wasm"), 64, "extism-kernel.wasm");
    Guest guest = module.instantiate(host);

    @AfterEach
    void close() {
        guest.close();
    }

    @Test
    void aModuleImportingTheKernelIsAnExtismPluginWhoseFunctionsTakeNoParameters() {
        assertThat(module.kind()).isEqualTo("extism");
        assertThat(module.exports()).containsKeys("echo", "reverse", "fail", "config", "handle_message")
                .doesNotContainKey("helper");
    }

    /** Its vars belong to the component, shared by its instances: no instance keeps a state of its own. */
    @Test
    void aPluginKeepsNoStateOfItsInstancesOwn() {
        assertThat(module.keepsState()).isFalse();
        assertThat(module.stateFunctions()).isEmpty();
    }

    @Test
    void theInputComesInAndTheOutputGoesOut() {
        assertThat(call("echo", "hello")).isEqualTo("hello");
        assertThat(call("reverse", "hello")).isEqualTo("olleh");
        assertThat(call("echo", "")).isEmpty();
    }

    @Test
    void anErrorSetFailsTheCallWithItsMessageEvenWithZero() {
        assertThatThrownBy(() -> call("fail", "it broke")).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("it broke");
        assertThatThrownBy(() -> call("three", "")).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("returned 3");
        assertThat(call("echo", "after")).isEqualTo("after");
    }

    @Test
    void configGetReadsTheComponentsConfig() {
        host.config = Map.of("greeting", "Hi");
        assertThat(call("config", "greeting")).isEqualTo("Hi");
        assertThat(call("config", "nothing")).isEmpty();
    }

    @Test
    void varsBelongToTheComponentAndOutliveTheInstance() {
        call("remember", "42");
        guest.close();
        guest = module.instantiate(host);
        assertThat(call("recall", "")).isEqualTo("42");
        byte[] saved = guest.saveState(NOW);
        host.vars = new GuestVars();
        guest.restoreState(NOW, saved);
        assertThat(call("recall", "")).isEqualTo("42");
    }

    @Test
    void aVarPastTheLimitFailsTheCallAndKeepsTheOthers() {
        call("remember", "small");
        byte[] big = new byte[(int) engine.maxVarBytes()];
        assertThatThrownBy(() -> guest.call(NOW, "remember", big)).isInstanceOf(DeliveryRefusedException.class)
                .hasMessageContaining("max-var-bytes").extracting(e -> ((DeliveryRefusedException) e).code())
                .isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(call("recall", "")).isEqualTo("small");
    }

    @Test
    void anOffsetOutsideTheKernelMemoryTrapsThePlugin() {
        assertThatThrownBy(() -> call("outside", "")).isInstanceOf(TrapException.class)
                .hasMessageContaining("load_u64(1099511627776): outside the plugin's kernel memory");
        assertThatThrownBy(() -> call("too_long", "")).isInstanceOf(TrapException.class)
                .hasMessageContaining("output_set");
    }

    @Test
    void logsGoToTheComponentsLog() {
        call("log", "a line");
        assertThat(host.lines).containsExactly("INFO a line");
    }

    @Test
    void aMessageGoesToHandleMessageWithoutItsCodecAndTheReplyGetsIt() {
        byte[] payload = Codec.JSON.encode("\"ping\"".getBytes(StandardCharsets.UTF_8));
        assertThat(guest.deliver(NOW, ComponentId.HOST, payload, true)).isEqualTo(payload);
        assertThat(guest.deliver(NOW, ComponentId.HOST, payload, false)).isNull();
    }

    @Test
    void numbersAndUnknownFunctionsAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> guest.invoke(NOW, module.exports().get("echo"), new long[0]))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("wasm:call");
        assertThatThrownBy(() -> call("helper", "")).isInstanceOf(UnknownExportException.class);
    }

    @Test
    void userHostFunctionsAreRefusedNamingEach() {
        byte[] wasm = {0, 'a', 's', 'm', 1, 0, 0, 0,
            1, 4, 1, 0x60, 0, 0, // type 0: () -> ()
            2, 47, 2, // two imports
            16, 'e', 'x', 't', 'i', 's', 'm', ':', 'h', 'o', 's', 't', '/', 'u', 's', 'e', 'r', 3, 'z', 'a', 'p', 0, 0,
            16, 'e', 'x', 't', 'i', 's', 'm', ':', 'h', 'o', 's', 't', '/', 'u', 's', 'e', 'r', 3, 'z', 'i', 'p', 0, 0};
        assertThatThrownBy(() -> new GuestKinds(engine).load(wasm, 16, "u.wasm")).isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("extism:host/user.zap").hasMessageContaining("extism:host/user.zip");
    }

    private String call(String function, String input) {
        return new String(guest.call(NOW, function, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = ExtismGuestTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
