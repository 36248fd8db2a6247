/**
 * The write side of the registry: the runtime publishes what it knows about each component to a
 * {@link dev.wharf.spi.registry.ComponentStore}. Platforms may implement it ({@code @ConsumerType});
 * the registry bundle provides one persisted in an MVStore. Reads go through
 * {@link dev.wharf.api.ComponentRegistry}.
 */
@Version("1.0.0")
@Export
package dev.wharf.spi.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
