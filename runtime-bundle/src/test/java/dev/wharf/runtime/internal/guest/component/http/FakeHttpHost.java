package dev.wharf.runtime.internal.guest.component.http;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.guest.TestHost;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A component's host whose http capability is a fake keeping the capability's convention
 * (docs/capabilities.md, wharf:http): it reads the request from the memory it is given, answers
 * hosts of {@link #allowed} with {@link #status}, a fixed body and a header, and others with -2
 * (DENIED), as a policy or http-allow would; it records each request as "METHOD URL\nHEADERS\nBODY".
 */
final class FakeHttpHost extends TestHost {

    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile String allowed = "127.0.0.1";
    volatile int status = 200;
    volatile ErrorCode failure;

    FakeHttpHost() {
        super("http-test");
    }

    @Override
    public long[] capability(CapabilityImport imp, GuestMemory memory, long[] a) {
        if (!imp.capability().equals("http") || !imp.function().equals("request")) {
            return new long[] {-ErrorCode.CAPABILITY_UNAVAILABLE.code()};
        }
        String method = text(memory, a[0], a[1]);
        String url = text(memory, a[2], a[3]);
        requests.add(method + " " + url + "\n" + text(memory, a[4], a[5]) + "\n" + text(memory, a[6], a[7]));
        if (failure != null) {
            return new long[] {-failure.code()};
        }
        if (!URI.create(url).getHost().equals(allowed)) {
            return new long[] {-ErrorCode.DENIED.code()};
        }
        int out = (int) a[8];
        memory.returnBytes(out, ("fetched " + url).getBytes(StandardCharsets.UTF_8));
        memory.returnBytes(out + 8, "content-type: text/plain\nx-fake: yes\n".getBytes(StandardCharsets.UTF_8));
        return new long[] {status};
    }

    private static String text(GuestMemory memory, long ptr, long len) {
        return new String(memory.read((int) ptr, (int) len), StandardCharsets.UTF_8);
    }
}
