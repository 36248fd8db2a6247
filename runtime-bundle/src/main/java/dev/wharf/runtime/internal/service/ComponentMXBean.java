package dev.wharf.runtime.internal.service;

/**
 * One component in JMX, as {@code dev.wharf:type=Component,name=<id>}: what {@code wasm:info}
 * and {@code wasm:stats} say, and the operator's two actions.
 */
public interface ComponentMXBean {

    String getId();

    /** READY, STARTING, STOPPING, STOPPED or FAILED. */
    String getState();

    /** healthy, degraded or unhealthy, with the reason after a colon when there is one. */
    String getHealth();

    /** The version of the bundle that carries it. */
    String getVersion();

    String getBundleSymbolicName();

    int getMailboxDepth();

    int getMailboxCapacity();

    long getMessagesIn();

    long getMessagesOut();

    long getMessagesRefused();

    long getMessagesFailed();

    /** Median call latency, microseconds. */
    double getLatencyP50Micros();

    /** 99th percentile call latency, microseconds. */
    double getLatencyP99Micros();

    int getRestarts();

    /** Its instances now: 1 while it serves with one, up to {@link #getMaxInstances()}; 0 while none serves. */
    int getInstances();

    /** How many instances may serve it at once ({@code instances} in its header). */
    int getMaxInstances();

    /**
     * One line per instance now, by number, words and {@code key=value} pairs as {@code wasm:info}
     * prints them, with the figures of {@code wasm:stats}:
     * {@code #2 READY busy mailbox=3/1000 in=812 out=0 failed=0 restarts=0 p50=41.2us p99=96.0us}.
     */
    String[] getInstanceDetails();

    /** Restarts it with a fresh instance, as {@code wasm:restart} does. */
    void restart();

    /** Checks its health now (through its mailbox) and answers the result, as {@code wasm:health} does. */
    String checkHealth();
}
