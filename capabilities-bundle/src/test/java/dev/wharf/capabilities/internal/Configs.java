package dev.wharf.capabilities.internal;

import java.lang.annotation.Annotation;

/** Configuration values for tests. */
final class Configs {

    private Configs() {}

    static KvConfig kv(long defaultMaxBytes) {
        return new KvConfig() {
            @Override public Class<? extends Annotation> annotationType() { return KvConfig.class; }
            @Override public long default$_$max$_$bytes() { return defaultMaxBytes; }
        };
    }

    static HttpConfig http(long timeoutMs, int maxResponseBytes, int maxRequestBytes) {
        return new HttpConfig() {
            @Override public Class<? extends Annotation> annotationType() { return HttpConfig.class; }
            @Override public long timeout$_$ms() { return timeoutMs; }
            @Override public int max$_$response$_$bytes() { return maxResponseBytes; }
            @Override public int max$_$request$_$bytes() { return maxRequestBytes; }
        };
    }
}
