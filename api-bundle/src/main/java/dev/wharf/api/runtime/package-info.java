/**
 * The management API of the Wharf runtime, modelled on Felix SCR's
 * {@code ServiceComponentRuntime}: one service, {@link dev.wharf.api.runtime.ComponentRuntime},
 * that answers with immutable records. The shell uses nothing else; so can any console.
 */
@Version("1.4.0")
@Export
package dev.wharf.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
