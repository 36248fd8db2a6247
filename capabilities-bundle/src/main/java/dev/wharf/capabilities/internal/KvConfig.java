package dev.wharf.capabilities.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.capability.kv}; a change applies to the next call. */
@ObjectClassDefinition(name = "Wharf kv capability", description = "The key-value store components reach as wharf:kv.")
public @interface KvConfig {

    String PID = "dev.wharf.capability.kv";

    @AttributeDefinition(name = "default-max-bytes",
            description = "Quota, in bytes of keys plus values, of a component that does not declare kv-max-bytes.")
    long default$_$max$_$bytes() default 1_048_576;
}
