/**
 * HTTP requests as WebAssembly components answer them: a component exporting
 * {@code wasi:http/incoming-handler} is served through its {@link dev.wharf.api.WasmComponent}
 * service, which then carries the property {@link dev.wharf.api.WasmComponent#HTTP_PATH}. Bodies
 * are whole byte arrays, bounded by the component's limits: nothing here streams.
 */
@Version("1.0.0")
@Export
package dev.wharf.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
