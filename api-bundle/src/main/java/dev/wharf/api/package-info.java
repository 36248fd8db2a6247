/**
 * The public API of Wharf: the values, messages, errors and services that the Wharf bundles and
 * the platforms embedding them share. Nothing else is exported by any Wharf bundle.
 */
@Version("1.0.0")
@Export
package dev.wharf.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
