package dev.wharf.api.runtime;

import dev.wharf.api.ComponentState;

/**
 * One instance of a live component ({@code instances} in its header): a component serves its
 * messages with up to that many instances, each with its own memory, started as the load needs
 * them and given back when idle.
 *
 * @param number which instance, from 1; the first lives as long as the component, the others
 *     come and go, and a number is used again once its instance was given back
 * @param state {@code READY} while it serves, {@code STARTING} while it is being made or
 *     restarted after a failure
 * @param busy whether it is in a call into its guest now
 * @param mailboxDepth messages waiting for this instance
 * @param messagesIn messages and calls it took since it started
 * @param messagesOut messages it sent that were accepted
 * @param messagesFailed messages and calls that failed in it
 * @param restarts how often it was restarted with a fresh instance
 * @param latencyP50Nanos median time of a call into it, 0 before the first
 * @param latencyP99Nanos 99th percentile of that time, 0 before the first
 * @since 1.4
 */
public record InstanceStats(
        int number,
        ComponentState state,
        boolean busy,
        int mailboxDepth,
        long messagesIn,
        long messagesOut,
        long messagesFailed,
        int restarts,
        long latencyP50Nanos,
        long latencyP99Nanos) {}
