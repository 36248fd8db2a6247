package dev.wharf.runtime.internal.actor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.dispatcher}: the pool of threads that runs the actors. */
@ObjectClassDefinition(name = "Wharf dispatcher", description = "The thread pool that runs component actors.")
public @interface DispatcherConfig {

    @AttributeDefinition(description = "Pool threads; 0 means one per available processor.")
    int threads() default 0;

    @AttributeDefinition(description = "Messages an actor processes per turn before yielding the thread to others.")
    int throughput() default 64;

    @AttributeDefinition(name = "drain-timeout-ms", description = "How long a stopping component may take to finish its queued messages.")
    long drain$_$timeout$_$ms() default 5000;

    @AttributeDefinition(name = "spin-us", description = "How long an idle dispatcher thread spins for new work before it parks; 0 parks at once.")
    long spin$_$us() default 50;
}
