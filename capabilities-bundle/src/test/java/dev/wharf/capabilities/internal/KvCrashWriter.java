package dev.wharf.capabilities.internal;

import dev.wharf.api.ComponentId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Run in its own JVM by KvStoreTest: writes keys until killed, printing the number of each acknowledged one. */
public final class KvCrashWriter {

    private KvCrashWriter() {}

    public static void main(String[] args) {
        KvStore store = new KvStore(Path.of(args[0]));
        ComponentId a = ComponentId.of("a");
        for (int i = 0; i < 1_000_000; i++) {
            if (!store.set(a, ("key-" + i).getBytes(StandardCharsets.UTF_8), ("value-" + i).getBytes(StandardCharsets.UTF_8),
                    Long.MAX_VALUE)) {
                throw new IllegalStateException("refused");
            }
            System.out.println(i);
        }
    }
}
