package dev.wharf.runtime.internal.component.link;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import java.util.List;

/**
 * A function of the Component Model, called with component values: one a component exports
 * ({@code canon lift} of a core function), or one the host gives it for an import.
 */
public interface ComponentFunction {

    WitType.FuncType type();

    /**
     * Calls it.
     *
     * @return the results, one per result of its type
     * @throws dev.wharf.runtime.internal.component.CanonicalAbiTrap when a value does not fit its
     *     type in the guest's memory
     */
    List<WitValue> call(List<WitValue> args);
}
