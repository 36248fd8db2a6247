package dev.wharf.runtime.internal.management;

/** The runtime in JMX, as {@code dev.wharf:type=Runtime}. */
public interface WharfRuntimeMXBean {

    /** The version of the runtime bundle. */
    String getVersion();

    /** Live WebAssembly components. */
    int getComponents();

    /** Live Java components. */
    int getJavaComponents();

    /** The ids of the live components, WebAssembly and Java. */
    String[] getComponentIds();

    /** Distinct modules in use: components of the same module share one. */
    int getDistinctModules();

    /** Dispatcher pool threads now, extra ones included. */
    int getPoolThreads();

    /** Linear memory held by all guests, bytes. */
    long getMemoryBudgetUsedBytes();

    /** The memory budget of all guests, bytes ({@code memory-budget-mb}). */
    long getMemoryBudgetLimitBytes();

    /** Messages that could not be delivered or handled since the runtime started. */
    long getDeadLetters();

    /** Component clauses that could not be deployed. */
    int getDeploymentProblems();
}
