package dev.wharf.runtime.internal.actor;

import dev.wharf.runtime.internal.codec.ArgumentCodec;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every actor uses of the runtime, the same for all of them.
 *
 * @param system the actor table and the pool that runs the actors
 * @param watchdog the timer: call deadlines, restart backoff, health check timeouts
 * @param outbox where a guest's {@code send} goes
 * @param changes told of every change of a live actor the registry should know about
 * @param codec encodes the results of an Invoke
 * @param logLimits how fast each guest may write to the log, as configured now
 * @param capabilities where a guest's capability calls go
 */
public record ActorServices(ActorSystem system, Watchdog watchdog, Outbox outbox, Consumer<ComponentActor> changes,
        ArgumentCodec codec, Supplier<GuestLogLimits> logLimits, CapabilityRouter capabilities) {}
