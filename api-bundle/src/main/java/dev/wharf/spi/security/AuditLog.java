package dev.wharf.spi.security;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** An append-only record of policy decisions that survives restarts. */
@ConsumerType
public interface AuditLog {

    /** Appends {@code record}; never blocks the caller on I/O. */
    void record(AuditRecord record);

    /** The newest {@code count} records, oldest first. */
    List<AuditRecord> newest(int count);
}
