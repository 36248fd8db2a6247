package dev.wharf.capabilities.internal;

import dev.wharf.api.ErrorCode;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityCall;
import dev.wharf.spi.capability.CapabilityFunction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Capability {@code config}: a component reads its own {@code config.<key>} configuration values,
 * in module {@code wharf:config}. The runtime supplies them fresh on each call, so a changed
 * configuration is seen by the next call without a restart.
 * <ul>
 * <li>{@code get(key_ptr, key_len, out) -> i32}: 0 and the UTF-8 value through {@code out}; -NOT_FOUND</li>
 * <li>{@code list(out) -> i32}: the number of values; through {@code out} each key then its value,
 *     each as a u32 LE length and its UTF-8 bytes, in ascending order of the keys (it serves
 *     {@code wasi:config/store}'s {@code get-all} for WebAssembly components)</li>
 * </ul>
 */
@Component(service = Capability.class, property = Capability.NAME + "=config")
public final class ConfigCapability implements Capability {

    private final List<CapabilityFunction> functions = List.of(CapabilityFunction.i32("get", 3, ConfigCapability::get),
            CapabilityFunction.i32("list", 1, ConfigCapability::list));

    @Override
    public List<CapabilityFunction> functions() {
        return functions;
    }

    private static long get(CapabilityCall call, long[] args) {
        Optional<String> value = call.config(call.readString((int) args[0], (int) args[1]));
        if (value.isEmpty()) {
            return -ErrorCode.NOT_FOUND.code();
        }
        call.returnBytes((int) args[2], value.get().getBytes(StandardCharsets.UTF_8));
        return 0;
    }

    private static long list(CapabilityCall call, long[] args) {
        Map<String, String> values = new TreeMap<>(call.config());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        values.forEach((key, value) -> {
            lengthAndBytes(out, key.getBytes(StandardCharsets.UTF_8));
            lengthAndBytes(out, value.getBytes(StandardCharsets.UTF_8));
        });
        call.returnBytes((int) args[0], out.toByteArray());
        return values.size();
    }

    private static void lengthAndBytes(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
