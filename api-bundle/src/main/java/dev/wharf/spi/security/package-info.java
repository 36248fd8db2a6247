/**
 * The security plug-in point: a {@link dev.wharf.spi.security.SecurityPolicy} decides every
 * message between components and every capability call, an {@link dev.wharf.spi.security.AuditLog} keeps the decisions.
 * Platforms implement these ({@code @ConsumerType}); the security bundle provides the default
 * implementations. While no policy service is present, nothing is delivered between components.
 */
@Version("2.1.0")
@Export
package dev.wharf.spi.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
