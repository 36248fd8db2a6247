package dev.wharf.runtime.internal.header;

import java.util.Map;

/** One clause of an OSGi header: its path and its attributes, in the order written. */
public record HeaderClause(String path, Map<String, String> attributes, String text) {}
