package dev.wharf.runtime.internal.actor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.watchdog}: the timer that enforces call deadlines. */
@ObjectClassDefinition(name = "Wharf watchdog", description = "Interrupts calls into guests that pass their timeout-ms.")
public @interface WatchdogConfig {

    @AttributeDefinition(name = "tick-ms", description = "How often call deadlines are checked; a call may overrun its timeout-ms by up to this much.")
    long tick$_$ms() default 5;
}
