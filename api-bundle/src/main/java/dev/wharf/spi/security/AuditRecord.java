package dev.wharf.spi.security;

import dev.wharf.api.ComponentId;
import java.time.Instant;

/** One policy decision as the audit log keeps it. */
public record AuditRecord(Instant time, ComponentId sender, ComponentId receiver, int size, boolean allowed, String reason) {}
