package dev.wharf.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** An append-only record of policy decisions that survives restarts. */
@ProviderType
public interface AuditLog {

    /** Appends {@code record}; never blocks the caller on I/O. */
    void record(AuditRecord record);

    /** The newest {@code count} records, oldest first. */
    List<AuditRecord> newest(int count);
}
