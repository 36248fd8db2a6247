package dev.wharf.capabilities.internal;

import dev.wharf.api.ErrorCode;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityCall;
import dev.wharf.spi.capability.CapabilityFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Capability {@code config}: a component reads its own {@code config.<key>} configuration values,
 * in module {@code wharf:config}. The runtime supplies them fresh on each call, so a changed
 * configuration is seen by the next call without a restart.
 * <ul>
 * <li>{@code get(key_ptr, key_len, out) -> i32}: 0 and the UTF-8 value through {@code out}; -NOT_FOUND</li>
 * </ul>
 */
@Component(service = Capability.class, property = Capability.NAME + "=config")
public final class ConfigCapability implements Capability {

    private final List<CapabilityFunction> functions = List.of(CapabilityFunction.i32("get", 3, ConfigCapability::get));

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
}
