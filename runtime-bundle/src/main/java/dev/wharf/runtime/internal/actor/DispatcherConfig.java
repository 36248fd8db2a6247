package dev.wharf.runtime.internal.actor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Wharf dispatcher", description = "The thread pool that runs component actors.")
public @interface DispatcherConfig {

    @AttributeDefinition(description = "Pool threads; 0 means one per available processor.")
    int threads() default 0;

    @AttributeDefinition(description = "Messages an actor processes per turn before yielding the thread to others.")
    int throughput() default 64;

    @AttributeDefinition(name = "drain-timeout-ms", description = "How long a stopping component may take to finish its queued messages.")
    long drain$_$timeout$_$ms() default 5000;

    @AttributeDefinition(description = "Compile modules to JVM bytecode; false runs every component in the interpreter.")
    boolean compile() default true;

    @AttributeDefinition(name = "spin-us", description = "How long an idle dispatcher thread spins for new work before it parks; 0 parks at once.")
    long spin$_$us() default 50;

    @AttributeDefinition(name = "policy-wait-ms", description = "While no security policy is present, how long a message between components waits for one before it fails.")
    long policy$_$wait$_$ms() default 5000;

    @AttributeDefinition(name = "policy-wait-max", description = "How many messages may wait for a security policy; beyond it they are refused at once.")
    int policy$_$wait$_$max() default 10_000;

    @AttributeDefinition(name = "watchdog-tick-ms", description = "How often call deadlines are checked.")
    long watchdog$_$tick$_$ms() default 5;
}
