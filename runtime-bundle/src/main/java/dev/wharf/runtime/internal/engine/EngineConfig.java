package dev.wharf.runtime.internal.engine;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.engine}: how modules are loaded. */
@ObjectClassDefinition(name = "Wharf engine", description = "Loads, validates and compiles WebAssembly modules.")
public @interface EngineConfig {

    @AttributeDefinition(description = "Compile modules to JVM bytecode; false runs every component in the "
            + "interpreter. Applies to modules loaded afterwards.")
    boolean compile() default true;

    @AttributeDefinition(name = "max-timeout-ms", description = "The highest timeout-ms a component may have: a "
            + "header or override above it is a deploy error. Bounds how long one call can hold a thread.")
    long max$_$timeout$_$ms() default 30_000;

    @AttributeDefinition(name = "log-rate", description = "Lines per second each component may write to the log "
            + "(wharf.log and WASI stdout/stderr); beyond it lines are counted and reported as suppressed.")
    int log$_$rate() default 100;

    @AttributeDefinition(name = "log-burst", description = "Lines a component may write at once before log-rate applies.")
    int log$_$burst() default 200;

    @AttributeDefinition(name = "memory-budget-mb", description = "The linear memory all guests together may hold, "
            + "in MiB; 0 means half of the JVM's maximum heap. Past it memory.grow answers -1 and a new instance fails.")
    long memory$_$budget$_$mb() default 0;

    @AttributeDefinition(name = "max-var-bytes", description = "The most bytes the vars of one Extism plugin may hold "
            + "(names and values together); a var_set past it fails the call. Applies to modules loaded afterwards.")
    long max$_$var$_$bytes() default 1_048_576;

    @AttributeDefinition(name = "compile-cache-mb", description = "Compiled modules kept in the runtime bundle's data "
            + "area, in MiB, so a restart does not compile an unchanged module again; least recently used entries go "
            + "past it. 0 turns the cache off.")
    long compile$_$cache$_$mb() default 256;
}
