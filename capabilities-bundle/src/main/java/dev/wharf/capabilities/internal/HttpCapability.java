package dev.wharf.capabilities.internal;

import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.capabilities.internal.HttpArguments.Header;
import dev.wharf.capabilities.internal.HttpArguments.Target;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityAttribute;
import dev.wharf.spi.capability.CapabilityCall;
import dev.wharf.spi.capability.CapabilityException;
import dev.wharf.spi.capability.CapabilityFunction;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Capability {@code http}: outgoing HTTP/1.1 requests, in module {@code wharf:http}, only to the
 * hosts the component's {@code http-allow} admits.
 * <ul>
 * <li>{@code request(method_ptr, method_len, url_ptr, url_len, headers_ptr, headers_len, body_ptr,
 *     body_len, out) -> i32}: the status code; {@code out} receives 16 bytes, (ptr, len) of the
 *     body and (ptr, len) of the headers as {@code name: value\n} lines. -INVALID_ARGUMENTS,
 *     -DENIED (not in http-allow, audited, nothing sent), -TOO_LARGE, -TIMEOUT, -REQUEST_FAILED.</li>
 * </ul>
 * Redirects are never followed: the allow-list is checked for the URL the guest names, and a
 * redirect could lead anywhere. The guest gets the 3xx and may ask again.
 */
@Component(service = Capability.class, property = Capability.NAME + "=http", configurationPid = HttpConfig.PID)
@Designate(ocd = HttpConfig.class)
public final class HttpCapability implements Capability {

    private static final System.Logger LOG = System.getLogger("dev.wharf.capabilities");
    static final String TARGET = AuditRecord.capabilityTarget("http", "request");
    /** The attribute naming the hosts a component's requests may go to. */
    static final String ALLOW = "http-allow";
    private static final long WARN_EVERY = TimeUnit.SECONDS.toNanos(1);

    /** An immutable snapshot of the configuration, swapped whole on every change. */
    record Settings(long timeoutNanos, int maxResponseBytes, int maxRequestBytes) {
        /** @throws IllegalArgumentException naming the property that is out of range */
        static Settings of(HttpConfig c) {
            ConfigCheck check = new ConfigCheck(HttpConfig.PID);
            return new Settings(TimeUnit.MILLISECONDS.toNanos(check.atLeast("timeout-ms", c.timeout$_$ms(), 1)),
                    check.atLeast("max-response-bytes", c.max$_$response$_$bytes(), 0),
                    check.atLeast("max-request-bytes", c.max$_$request$_$bytes(), 0));
        }
    }

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor;
    private final HttpClient client;
    private final ConcurrentHashMap<ComponentId, Long> warned = new ConcurrentHashMap<>();
    private final List<CapabilityFunction> functions = List.of(CapabilityFunction.i32("request", 9, this::request));
    private final List<CapabilityAttribute> attributes = List.of(new CapabilityAttribute(ALLOW,
            "hosts requests may go to: host, host:port, *.domain (with an optional :port), comma-separated",
            HostPattern::list));
    private final ConcurrentHashMap<String, List<HostPattern>> allowLists = new ConcurrentHashMap<>();
    private volatile Settings settings;
    private volatile AuditLog audit;

    @Activate
    public HttpCapability(HttpConfig config) {
        configure(config);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wharf-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @Modified
    void modified(HttpConfig config) {
        configure(config);
    }

    private void configure(HttpConfig config) {
        Settings before = settings;
        settings = ConfigCheck.apply(() -> Settings.of(config), before != null ? before
                : Settings.of(ConfigCheck.defaults(HttpConfig.class)), before == null, LOG);
    }

    /**
     * Stops the client's threads. The JDK's own selector thread of the client ends when the
     * client is no longer referenced; Java 17 offers no way to stop it sooner.
     */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindAudit(AuditLog log) {
        audit = log;
    }

    void unbindAudit(AuditLog log) {
        if (audit == log) {
            audit = null;
        }
    }

    @Override
    public List<CapabilityFunction> functions() {
        return functions;
    }

    @Override
    public List<CapabilityAttribute> attributes() {
        return attributes;
    }

    /** The patterns of an {@code http-allow} value, parsed once per distinct value. */
    private List<HostPattern> allowList(String value) {
        List<HostPattern> parsed = allowLists.get(value);
        if (parsed == null) {
            parsed = HostPattern.list(value);
            if (allowLists.size() > 1000) {
                allowLists.clear(); // values that keep changing: parse again rather than grow
            }
            allowLists.put(value, parsed);
        }
        return parsed;
    }

    private long request(CapabilityCall call, long[] args) {
        Settings s = settings;
        String method = HttpArguments.method(call.readString((int) args[0], (int) args[1]));
        Target target = HttpArguments.target(call.readString((int) args[2], (int) args[3]));
        String allow = call.spec().setting(ALLOW).orElse("");
        if (!HostPattern.anyMatches(allowList(allow), target.host(), target.port())) {
            return deny(call.component(), target, allow);
        }
        List<Header> headers = HttpArguments.headers(call.readString((int) args[4], (int) args[5]));
        int bodyLength = (int) args[7];
        if (Integer.toUnsignedLong(bodyLength) > s.maxRequestBytes()) {
            throw new CapabilityException(ErrorCode.TOO_LARGE, "a request body of " + Integer.toUnsignedString(bodyLength)
                    + " bytes is larger than max-request-bytes " + s.maxRequestBytes());
        }
        byte[] body = call.read((int) args[6], bodyLength);
        int out = (int) args[8];
        // the 16 bytes of out are checked before anything is sent or allocated in the guest
        call.write(out, new byte[16]);

        long remaining = call.remainingNanos();
        // a call already past its deadline (or already interrupted for it) sends nothing
        if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
            return -ErrorCode.TIMEOUT.code();
        }
        long timeout = Math.min(s.timeoutNanos(), remaining);
        HttpRequest request = build(target, method, headers, body, timeout);
        HttpResponse<byte[]> response = send(request, s.maxResponseBytes(), timeout, target);
        if (response == null) {
            return -ErrorCode.TIMEOUT.code();
        }
        call.returnBytes(out, response.body());
        call.returnBytes(out + 8, headerLines(response.headers().map()));
        return response.statusCode();
    }

    private static HttpRequest build(Target target, String method, List<Header> headers, byte[] body, long timeout) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(target.uri())
                    .timeout(Duration.ofNanos(timeout))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Header h : headers) {
                b.header(h.name(), h.value());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            // an invalid or restricted header name (Host, Content-Length, ...) or value
            throw HttpArguments.invalid(e.getMessage());
        }
    }

    /**
     * Sends {@code request} and waits at most {@code timeout} for the whole response.
     *
     * @return the response, or {@code null} when time ran out or the calling thread was interrupted
     *     (its interrupt flag is then set again)
     */
    private HttpResponse<byte[]> send(HttpRequest request, int cap, long timeout, Target target) {
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> f;
        try {
            f = client.sendAsync(request, CappedBody.handler(cap, body::set));
        } catch (IllegalArgumentException e) {
            throw HttpArguments.invalid(e.getMessage());
        }
        try {
            return f.get(timeout, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(f, body.get());
            return null;
        } catch (InterruptedException e) {
            abort(f, body.get());
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw failure(e.getCause(), target);
        }
    }

    private static void abort(CompletableFuture<?> f, CappedBody body) {
        // cancelling the future aborts the exchange; cancelling the body stops a read under way
        f.cancel(true);
        if (body != null) {
            body.cancel();
        }
    }

    private static RuntimeException failure(Throwable cause, Target target) {
        Throwable t = cause;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CappedBody.TooLarge tooLarge) {
                return new CapabilityException(ErrorCode.TOO_LARGE, tooLarge.getMessage());
            }
            if (c instanceof HttpTimeoutException) {
                return new CapabilityException(ErrorCode.TIMEOUT, "request to " + target.hostPort() + " timed out");
            }
        }
        if (t instanceof IOException) {
            return new CapabilityException(ErrorCode.REQUEST_FAILED, "request to " + target.hostPort() + " failed: " + t);
        }
        if (t instanceof IllegalArgumentException) {
            return HttpArguments.invalid(t.getMessage());
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** One {@code name: value\n} line per value, names in lower case. */
    static byte[] headerLines(Map<String, List<String>> headers) {
        StringBuilder sb = new StringBuilder();
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                String n = name.toLowerCase(Locale.ROOT);
                values.forEach(v -> sb.append(n).append(": ").append(v).append('\n'));
            }
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long deny(ComponentId component, Target target, String allow) {
        String reason = "host '" + target.hostPort() + "' is not in http-allow ("
                + (allow.isBlank() ? "none" : allow) + ")";
        AuditLog log = audit;
        if (log != null) {
            log.record(new AuditRecord(Instant.now(), component, TARGET, 0, false, reason));
        }
        long now = System.nanoTime();
        boolean[] due = {false};
        warned.compute(component, (id, last) -> {
            if (last == null || now - last >= WARN_EVERY) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (due[0]) {
            LOG.log(Level.WARNING, "http request of component '" + component + "' refused: " + reason);
        }
        return -ErrorCode.DENIED.code();
    }
}
