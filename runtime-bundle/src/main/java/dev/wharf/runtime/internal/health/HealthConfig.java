package dev.wharf.runtime.internal.health;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.health}; a change applies at once. */
@ObjectClassDefinition(name = "Wharf health monitor", description = "Checks every component's health through its mailbox.")
public @interface HealthConfig {

    @AttributeDefinition(name = "interval-ms", description = "Time between two checks of all components.")
    long interval$_$ms() default 5000;

    @AttributeDefinition(name = "failure-threshold", description = "Unhealthy results in a row that restart a component.")
    int failure$_$threshold() default 3;

    @AttributeDefinition(name = "timeout-ms", description = "A check without an answer by then is unhealthy.")
    long timeout$_$ms() default 1000;
}
