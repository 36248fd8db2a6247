package dev.wharf.runtime.internal.component.link;

import com.dylibso.chicory.runtime.Memory;
import dev.wharf.runtime.internal.component.StringEncoding;
import dev.wharf.runtime.internal.component.WitType;

/**
 * What the canonical built-ins of a component make, one per definition the {@link Linker} meets:
 * functions lifted out of core code, core functions lowered from component functions, and the
 * resource built-ins. The implementation carries the canonical ABI and the handle tables.
 */
public interface Functions {

    /** The options of a lift or lower, resolved to the instance's memory and functions; absent ones {@code null}. */
    record Options(StringEncoding encoding, Memory memory, CoreFunction realloc, CoreFunction postReturn) {}

    /** Resource type {@code type} is defined by the component instance, with {@code destructor} or none ({@code null}). */
    void defines(WitType.ResourceType type, CoreFunction destructor);

    ComponentFunction lift(WitType.FuncType type, CoreFunction core, Options options);

    CoreFunction lower(ComponentFunction function, Options options);

    CoreFunction resourceNew(WitType.ResourceType resource);

    CoreFunction resourceDrop(WitType.ResourceType resource);

    CoreFunction resourceRep(WitType.ResourceType resource);
}
