package dev.wharf.runtime.internal.component.link;

/**
 * A core function of a component instance: an export of one of its core instances, or one the
 * host makes ({@code canon lower}, the resource built-ins). Called with core values as Chicory
 * passes them (i32 and f32 in the low bits, f64 as raw bits).
 */
@FunctionalInterface
public interface CoreFunction {
    long[] call(long... args);
}
