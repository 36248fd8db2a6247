package dev.wharf.api.runtime;

import dev.wharf.api.ComponentId;
import dev.wharf.api.StateChange;
import dev.wharf.api.UnknownComponentException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime knows about its components now, and what an operator can ask of it. Every
 * answer is a snapshot: records that do not change afterwards.
 */
@ProviderType
public interface ComponentRuntime {

    /** Every component, live or remembered by the registry (stopped, failed), ordered by id. */
    List<ComponentInfo> components();

    /** The component {@code id}, live or remembered by the registry. */
    Optional<ComponentInfo> component(ComponentId id);

    /** The message counters and call latency of every live component, ordered by id. */
    List<ComponentStats> stats();

    /** The message counters and call latency of live component {@code id}. */
    Optional<ComponentStats> stats(ComponentId id);

    /** The states {@code id} went through, oldest first, as the registry keeps them; empty without a registry. */
    List<StateChange> history(ComponentId id);

    /** The newest {@code count} messages that could not be delivered or handled, oldest first. */
    List<DeadLetter> deadLetters(int count);

    /** How many messages could not be delivered or handled since the runtime started. */
    long deadLetterCount();

    /** The component clauses that could not be deployed, while their bundles are active. */
    List<DeploymentProblem> problems();

    /**
     * Restarts {@code id} with a fresh instance: behind the messages already queued, or at once
     * when it is {@code FAILED} or was shut down.
     *
     * @throws UnknownComponentException when no live component has that id
     */
    void restart(ComponentId id);

    /**
     * Checks the health of {@code id} now, through its mailbox, as the health monitor does: the
     * result counts towards the monitor's {@code failure-threshold}. The stage completes
     * exceptionally with {@link UnknownComponentException} when there is no such live component.
     */
    CompletionStage<HealthReport> checkHealth(ComponentId id);
}
