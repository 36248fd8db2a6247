package dev.wharf.api;

import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A ready WebAssembly component as an OSGi service: every component the runtime runs is
 * registered as one, with the properties below, so Java code can write
 * {@code @Reference(target = "(wharf.component.id=calculator)") WasmComponent calculator} and
 * let Declarative Services follow its comings and goings. An update of the component's bundle
 * swaps the module behind the same registration (its properties change, the service stays).
 * The calls are those of {@link MessageDispatcher}, bound to this component, with the host as
 * sender.
 */
@ProviderType
public interface WasmComponent {

    /** Service property: the component id. */
    String ID = MessageHandler.COMPONENT_ID;
    /** Service property: the version of the bundle that carries it. */
    String VERSION = "wharf.component.version";
    /** Service property: the names of its exported functions (string array). */
    String EXPORTS = "wharf.component.exports";
    /** Service property: the capabilities it declares (string array). */
    String CAPABILITIES = "wharf.component.capabilities";
    /**
     * Service property: the path under which the component answers HTTP requests, from its
     * {@code http-path} attribute ({@code /shorten}); set only when it exports
     * {@code wasi:http/incoming-handler} and names a path. The HTTP bundle serves it there.
     *
     * @since 4.3
     */
    String HTTP_PATH = "wharf.http.path";

    ComponentId id();

    /** The exported functions callable now, with their signatures. */
    List<ExportSignature> exports();

    /**
     * Its limits now, operator overrides included: what a caller needs to bound what it sends
     * ({@link ComponentLimits#maxMessageSize()}) and how long it waits ({@link ComponentLimits#timeoutMs()}).
     *
     * @since 4.3
     */
    ComponentLimits limits();

    /** {@link MessageDispatcher#invoke} of this component. */
    CompletionStage<InvokeResult> invoke(ComponentMessage.Invoke invoke);

    /**
     * Calls export {@code function} with plain numbers, converted to its parameter types (an
     * integer out of range or a fraction for an integer parameter is an
     * {@link InvalidArgumentsException} naming the parameter).
     */
    CompletionStage<InvokeResult> invoke(String function, Number... args);

    /** {@link MessageDispatcher#call} of this component, with plain numbers as {@link #invoke(String, Number...)}. */
    InvokeResult call(String function, Number... args);

    /**
     * Calls function {@code function} of an Extism plugin with {@code input} and waits for its
     * output, at most the component's {@code timeout-ms} beyond the calls queued before it.
     *
     * @throws GuestErrorException when the function returned a non-zero code or set an error,
     *     with the plugin's message
     * @throws InvalidArgumentsException when the component is not an Extism plugin
     * @since 4.1
     */
    byte[] call(String function, byte[] input);

    /**
     * Calls function {@code function} of an Extism plugin with {@code input}, without waiting:
     * the stage completes with its output or with the error {@link #call(String, byte[])} throws.
     *
     * @since 4.1
     */
    CompletionStage<byte[]> invoke(String function, byte[] input);

    /**
     * Calls function {@code function} of a WebAssembly component (a Component Model binary) with
     * Java values and waits for its results, at most the component's {@code timeout-ms} beyond the
     * calls queued before it. A function of an exported interface is named
     * {@code <interface>#<function>} ({@code "example:calc/ops#add"}). Values map to WIT types as
     * docs/components.md says: {@code String} for {@code string}, {@code Integer} for {@code s32},
     * {@code Long} for {@code u32} and {@code s64}, {@code List} for {@code list} and
     * {@code tuple}, {@code Map} for {@code record}, {@code Optional} for {@code option},
     * {@link WitCase} for {@code variant} and {@code result}, {@link WitResource} for resources.
     *
     * @return its results in that mapping, one per result of the function (most have one)
     * @throws InvalidArgumentsException when an argument does not fit its parameter (naming it),
     *     or when the component is not a WebAssembly component
     * @throws UnknownExportException when it has no such function
     * @throws GuestTrapException when the component trapped
     * @since 4.2
     */
    List<Object> callFunction(String function, Object... args);

    /**
     * {@link #callFunction} without waiting: the stage completes with the results or with the
     * error {@code callFunction} throws.
     *
     * @since 4.2
     */
    CompletionStage<List<Object>> invokeFunction(String function, Object... args);

    /** {@link MessageDispatcher#tell} from the host to this component. */
    Delivery tell(byte[] payload);

    /** {@link MessageDispatcher#ask} from the host to this component. */
    CompletionStage<byte[]> ask(byte[] payload, Duration timeout);

    /** {@link MessageDispatcher#askAndWait} from the host to this component. */
    byte[] askAndWait(byte[] payload, Duration timeout);

    /**
     * Hands an HTTP request to a component that exports {@code wasi:http/incoming-handler}, in
     * turn with its other messages; the sender is the host, which the security policy does not
     * check. The stage completes with the component's response, or with the error: a body larger
     * than its {@code max-message-size} is {@code TOO_LARGE}, more requests under way than its
     * {@code http-max-concurrent} {@code BUSY}, a full mailbox {@code MAILBOX_FULL}, a call past its
     * {@code timeout-ms} {@code TIMEOUT}, a trap {@code TRAP}, a handler that gave no response
     * {@code GUEST_ERROR}, a component that answers no HTTP {@code UNKNOWN_EXPORT}, and one that
     * is not serving {@code UNAVAILABLE}. An update of the component hands requests already
     * queued to the new version.
     *
     * @since 4.3
     */
    CompletionStage<OutgoingResponse> serve(IncomingRequest request);
}
