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

    /** Restarts it with a fresh instance, as {@code wasm:restart} does. */
    void restart();

    /** Checks its health now (through its mailbox) and answers the result, as {@code wasm:health} does. */
    String checkHealth();
}
