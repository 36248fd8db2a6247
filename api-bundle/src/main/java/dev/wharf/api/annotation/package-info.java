/** Bundle annotations for component bundles built with bnd. */
@Version("1.0.0")
@Export
package dev.wharf.api.annotation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
