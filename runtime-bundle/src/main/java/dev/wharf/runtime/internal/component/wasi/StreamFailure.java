package dev.wharf.runtime.internal.component.wasi;

/**
 * Why a stream operation failed: the wasi:io/error resource a guest gets with
 * {@code last-operation-failed}. {@code detail} is what an interface that knows the failure makes
 * of it (wasi:http's {@code http-error-code} answers the error-code held there), or {@code null}.
 */
public record StreamFailure(String message, Object detail) {}
