package dev.wharf.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.security}; every change applies at once. */
@ObjectClassDefinition(name = "Wharf security policy", description = "Checks every message between components.")
public @interface SecurityConfig {

    String PID = "dev.wharf.security";

    @AttributeDefinition(description = "strict: deny what the declarations do not admit; permissive: log and audit"
            + " the denial, deliver anyway; development: no checks (a warning at start)")
    String mode() default "strict";

    @AttributeDefinition(description = "Record every granted message in the audit log too (denials always are).")
    boolean audit() default false;

    @AttributeDefinition(name = "default-max-message-size",
            description = "Largest payload, in bytes, for a component whose header does not declare max-message-size.")
    int default$_$max$_$message$_$size() default 1_048_576;

    @AttributeDefinition(name = "default-rate-limit",
            description = "Messages per second from each sender, for a component that does not declare rate-limit.")
    int default$_$rate$_$limit() default 1000;

    @AttributeDefinition(name = "audit-max-bytes", description = "Size at which the audit file is rotated.")
    long audit$_$max$_$bytes() default 10L * 1024 * 1024;

    @AttributeDefinition(name = "audit-files", description = "Rotated audit files kept besides the current one.")
    int audit$_$files() default 5;

    @AttributeDefinition(name = "audit-queue", description = "Records waiting for the disk; beyond it they are counted as dropped.")
    int audit$_$queue() default 65_536;
}
