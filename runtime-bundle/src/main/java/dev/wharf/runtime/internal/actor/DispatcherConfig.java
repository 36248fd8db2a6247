package dev.wharf.runtime.internal.actor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.dispatcher}: the pool of threads that runs the actors. */
@ObjectClassDefinition(name = "Wharf dispatcher", description = "The thread pool that runs component actors.")
public @interface DispatcherConfig {

    @AttributeDefinition(description = "Pool threads; 0 means one per available processor.")
    int threads() default 0;

    @AttributeDefinition(name = "max-threads", description = "The most pool threads, counting the extra ones started "
            + "while guests are in long calls; 0 means 16 per available processor.")
    int max$_$threads() default 0;

    @AttributeDefinition(name = "blocked-after-ms", description = "How long a guest call may hold a pool thread before that "
            + "thread no longer counts as one of the pool's threads and an extra one is started for the other components.")
    long blocked$_$after$_$ms() default 20;

    @AttributeDefinition(name = "max-capability-calls", description = "The most capability calls under way at once in the "
            + "container. A call that waits in its provider (an HTTP request, a database) parks its thread; parked threads do "
            + "not count against max-threads, and one more call than this is answered at once with -36 (BUSY).")
    int max$_$capability$_$calls() default 256;

    @AttributeDefinition(description = "Messages an actor processes per turn before yielding the thread to others.")
    int throughput() default 64;

    @AttributeDefinition(name = "drain-timeout-ms", description = "How long a stopping component may take to finish its queued messages.")
    long drain$_$timeout$_$ms() default 5000;

    @AttributeDefinition(name = "caller-runs", description = "When a component is idle, a synchronous call (call, "
            + "askAndWait, a blocking WasmComponent call, wasm:invoke, wasm:ask) from a thread outside any turn runs the "
            + "component's turn on that thread instead of handing it to the pool. Asynchronous calls (invoke, tell, ask, a "
            + "guest's send) never run guest code on their caller's thread.")
    boolean caller$_$runs() default true;

    @AttributeDefinition(name = "instance-idle-ms", description = "How long an instance beyond a component's first "
            + "(instances in its header) may go without a message before it is given back, with its memory; it is given "
            + "back between this and twice this time after its last message.")
    long instance$_$idle$_$ms() default 30_000;

    @AttributeDefinition(name = "spin-us", description = "How long an idle dispatcher thread spins for new work before it parks; 0 parks at once.")
    long spin$_$us() default 50;
}
