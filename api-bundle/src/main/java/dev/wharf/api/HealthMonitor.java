package dev.wharf.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** Checks the health of components through their own mailboxes, periodically and on demand. */
@ProviderType
public interface HealthMonitor {

    /** Checks {@code id} now; completes with its status, or exceptionally when it is unknown. */
    CompletionStage<HealthStatus> check(ComponentId id);
}
