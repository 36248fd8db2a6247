/** The security policy and audit log implementations; private to the bundle. */
package dev.wharf.security.internal;
