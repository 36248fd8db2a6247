package dev.wharf.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Requirement;

/**
 * Marks a bundle as a component bundle: bnd writes the requirement on the Wharf extender
 * ({@code osgi.extender=dev.wharf.component}, version 1.x) into its manifest, so the bundle
 * resolves only where a Wharf runtime is present and is extended by that runtime. Put it on any
 * class or on a {@code package-info.java} of the bundle.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Requirement(namespace = RequireWharfComponents.NAMESPACE, name = RequireWharfComponents.NAME, version = "1.0")
public @interface RequireWharfComponents {
    /** The extender namespace. */
    String NAMESPACE = "osgi.extender";
    /** The name of Wharf's extender capability. */
    String NAME = "dev.wharf.component";
}
