/**
 * The capability plug-in point (whiteboard): a {@link dev.wharf.spi.capability.Capability}
 * service offers host functions under a name; components import them from module
 * {@code wharf:<name>} and declare the name in their {@code capabilities} attribute. Providers
 * come, go and are replaced at run time like any OSGi service; every call passes the security
 * policy first. A capability may also declare the {@code Wasm-Component} attributes it
 * understands ({@link dev.wharf.spi.capability.CapabilityAttribute}), and tell operators what
 * a component holds of it ({@link dev.wharf.spi.capability.CapabilityUsage}). Signatures, buffer
 * conventions and result codes: {@code docs/capabilities.md}.
 */
@Version("1.2.0")
@Export
package dev.wharf.spi.capability;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
