package dev.wharf.security.internal;

import java.lang.annotation.Annotation;

/** SecurityConfig values for tests. */
final class Configs {

    private Configs() {}

    static SecurityConfig of(String mode, boolean audit, int defaultMax, int defaultRate, long auditMaxBytes, int files,
            int queue) {
        return new SecurityConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SecurityConfig.class; }
            @Override public String mode() { return mode; }
            @Override public boolean audit() { return audit; }
            @Override public int default$_$max$_$message$_$size() { return defaultMax; }
            @Override public int default$_$rate$_$limit() { return defaultRate; }
            @Override public long audit$_$max$_$bytes() { return auditMaxBytes; }
            @Override public int audit$_$files() { return files; }
            @Override public int audit$_$queue() { return queue; }
        };
    }

    static SecurityConfig mode(String mode) {
        return of(mode, false, 1_048_576, 1000, 10L << 20, 5, 1024);
    }
}
