/**
 * Wharf's API for callers: component ids, messages and their codecs, the
 * {@link dev.wharf.api.MessageDispatcher} that delivers them, the errors with their stable codes,
 * what a component declares ({@link dev.wharf.api.ComponentSpec}) and the read side of the
 * registry; a Java {@link dev.wharf.api.MessageHandler} that is a component, and the
 * {@link dev.wharf.api.WasmComponent} service every ready WebAssembly component is. The management API is in {@code dev.wharf.api.runtime}; the interfaces platforms
 * implement are in {@code dev.wharf.spi.*}.
 */
@Version("4.4.0")
@Export
package dev.wharf.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
