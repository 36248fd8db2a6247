/** Wharf's runtime: everything in it is private to the bundle. */
package dev.wharf.runtime;
