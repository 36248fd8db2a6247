package dev.wharf.runtime.internal.guest.component.http;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BYTES;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.ERROR;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.INPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.OUTPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.POLLABLE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U16;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;

import dev.wharf.api.ComponentId;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wasi:http 0.2 for one component instance: the instances of {@code wasi:http/types} and
 * {@code wasi:http/outgoing-handler} it imports (any 0.2.x version: their WIT is the same from
 * 0.2.0 to 0.2.12, bar the unstable {@code send-informational}, given too), and the serving of
 * HTTP requests by its {@code wasi:http/incoming-handler} export. Its resources are stateful
 * host objects in its {@link Wasi}'s {@code HostObjects}, bounded, freed on drop, and all freed
 * when the instance ends (with its WASI). An outgoing request is the {@code http} capability's
 * {@code request} ({@link HttpClient}). Used by the thread running the instance's call.
 */
public final class WasiHttp {

    private static final Pattern NAME = Pattern.compile(
            "wasi:http/(types|outgoing-handler|incoming-handler)@0\\.2\\.(?:0|[1-9][0-9]{0,8})");

    private final Map<String, Object> types;
    private final Map<String, Object> outgoing;
    private final IncomingHandler incoming;

    /**
     * @param host the component's host, through which requests go to the http capability
     * @param wasi the instance's WASI, whose streams, pollables and host objects the bodies use
     * @param functions the instance's canonical functions, which tell of dropped handles
     * @param memoryBytes the component's memory cap: the most a body it writes may have
     */
    public WasiHttp(GuestHost host, Wasi wasi, CanonicalFunctions functions, long memoryBytes) {
        HttpState state = new HttpState(wasi, memoryBytes);
        for (ResourceType r : HttpTypes.RESOURCES) {
            functions.onDrop(r, rep -> state.objects.drop(r, rep));
        }
        ClientFunctions client = new ClientFunctions(state, new HttpClient(host, state, memoryBytes));
        WasiInstance t = typesInstance();
        new FieldsFunctions(state).addTo(t);
        new MessageFunctions(state).addTo(t);
        new BodyFunctions(state).addTo(t);
        client.addTypes(t);
        this.types = t.build();
        this.outgoing = client.handler();
        this.incoming = new IncomingHandler(state, functions);
    }

    /** The wasi:http/types instance's types, by the names its WIT gives them. */
    private static WasiInstance typesInstance() {
        WasiInstance t = new WasiInstance("wasi:http/types")
                .type("duration", U64).resource(INPUT_STREAM).resource(OUTPUT_STREAM).type("io-error", ERROR)
                .resource(POLLABLE).type("method", HttpTypes.METHOD).type("scheme", HttpTypes.SCHEME)
                .type("DNS-error-payload", HttpTypes.DNS_ERROR_PAYLOAD)
                .type("TLS-alert-received-payload", HttpTypes.TLS_ALERT_RECEIVED_PAYLOAD)
                .type("field-size-payload", HttpTypes.FIELD_SIZE_PAYLOAD).type("error-code", HttpTypes.ERROR_CODE)
                .type("header-error", HttpTypes.HEADER_ERROR).type("field-key", STRING).type("field-name", STRING)
                .type("field-value", BYTES).type("headers", HttpTypes.FIELDS).type("trailers", HttpTypes.FIELDS)
                .type("status-code", U16);
        HttpTypes.RESOURCES.forEach(t::resource);
        return t;
    }

    /** The instance for import {@code importName} when it is wasi:http's types or outgoing-handler; else {@code null}. */
    public Object provide(String importName) {
        Matcher m = NAME.matcher(importName);
        if (!m.matches()) {
            return null;
        }
        return switch (m.group(1)) {
            case "types" -> types;
            case "outgoing-handler" -> outgoing;
            default -> null; // incoming-handler is exported by a component, never imported from the host
        };
    }

    /** Whether {@link #provide} gives import {@code importName}: a deployer's check. */
    public static boolean provides(String importName) {
        Matcher m = NAME.matcher(importName);
        return m.matches() && !m.group(1).equals("incoming-handler");
    }

    /** Whether {@code interfaceName} is a wasi:http/incoming-handler this host serves requests with. */
    public static boolean isIncomingHandler(String interfaceName) {
        Matcher m = NAME.matcher(interfaceName);
        return m.matches() && m.group(1).equals("incoming-handler");
    }

    /**
     * Serves {@code request} with the component's {@code handle} (the export {@code export} of its
     * incoming-handler).
     *
     * @throws dev.wharf.api.GuestErrorException when the guest set no response, an error, an unfinished body
     *     or one past the component's memory cap
     * @throws dev.wharf.api.DeliveryRefusedException ({@code TOO_LARGE}) when the request is more than the host
     *     holds for it
     */
    public OutgoingResponse serve(Deadline deadline, ComponentId id, String export, ComponentFunction handle,
            IncomingRequest request) {
        return incoming.serve(deadline, id, export, handle, request);
    }
}
