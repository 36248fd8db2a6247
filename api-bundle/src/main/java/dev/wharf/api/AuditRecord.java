package dev.wharf.api;

import java.time.Instant;

/** One policy decision as the audit log keeps it. */
public record AuditRecord(Instant time, ComponentId sender, ComponentId receiver, int size, boolean allowed, String reason) {}
