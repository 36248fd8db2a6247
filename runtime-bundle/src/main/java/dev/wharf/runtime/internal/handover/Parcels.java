package dev.wharf.runtime.internal.handover;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.WharfException;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.actor.Carried;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.DeadLetters;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.guest.ValueForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The parcel's format: one component and its messages as maps of JDK and API types, written by
 * the old runtime ({@link #component}) and read by the new one ({@link #unpack}). A message is a
 * {@code deliver} (sender, receiver, payload, and the asker's future when it is a request), a
 * {@code call} (an Invoke: export name, arguments, codec name, the caller's future), calls with
 * bytes or values, or an {@code http} request (the request and the servlet's future); each
 * component also carries the error its messages get when no runtime takes them.
 */
public final class Parcels {

    static final String COMPONENTS = "components";
    static final String TAKEN = "taken";
    static final String PAUSED_AT = "paused-at";
    static final String FROM = "from";
    static final String REGISTRATION = "registration";
    static final String ID = "id";
    private static final String SYMBOLIC_NAME = "symbolic-name";
    private static final String STATE = "state";
    private static final String MESSAGES = "messages";
    private static final String UNAVAILABLE = "unavailable";
    private static final String KIND = "kind";
    private static final String DELIVER = "deliver";
    private static final String BYTES = "bytes";
    private static final String VALUES = "values";
    private static final String HTTP = "http";
    private static final String FORM = "form";
    private static final String FUNCTION = "function";
    private static final String INPUT = "input";
    private static final String SENDER = "sender";
    private static final String TO = "to";
    private static final String PAYLOAD = "payload";
    private static final String REPLY = "reply";
    private static final String EXPORT = "export";
    private static final String ARGS = "args";
    private static final String CODEC = "codec";
    private static final String RESULT = "result";

    private Parcels() {
    }

    /** What {@code actor} carries, as a parcel entry. */
    public static Map<String, Object> component(ComponentActor actor, Carried carried) {
        Map<String, Object> c = new HashMap<>();
        c.put(ID, actor.id().value());
        c.put(SYMBOLIC_NAME, actor.origin().symbolicName());
        if (carried.state() != null) {
            c.put(STATE, carried.state());
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Envelope e : carried.messages()) {
            messages.add(message(e));
        }
        c.put(MESSAGES, messages);
        c.put(UNAVAILABLE, new ComponentUnavailableException(actor.id(), ComponentState.STOPPED));
        return c;
    }

    private static Map<String, Object> message(Envelope e) {
        Map<String, Object> m = new HashMap<>();
        if (e instanceof Envelope.Deliver d) {
            m.put(KIND, DELIVER);
            m.put(SENDER, d.sender().value());
            m.put(TO, d.to().value());
            m.put(PAYLOAD, d.payload());
            if (d.reply() != null) {
                m.put(REPLY, d.reply());
            }
        } else if (e instanceof Envelope.Bytes b) {
            m.put(KIND, BYTES);
            m.put(FUNCTION, b.function());
            m.put(INPUT, b.input());
            m.put(RESULT, b.result());
        } else if (e instanceof Envelope.Values v) {
            // arguments of the JDK's and the API's types, or a payload: plain data for any runtime
            m.put(KIND, VALUES);
            m.put(FUNCTION, v.function());
            m.put(FORM, v.form().name());
            m.put(INPUT, v.arguments());
            m.put(RESULT, v.result());
        } else if (e instanceof Envelope.Http h) {
            // an API record: plain data for any runtime, answered through the servlet's future
            m.put(KIND, HTTP);
            m.put(INPUT, h.request());
            m.put(RESULT, h.result());
        } else if (e instanceof Envelope.Call c) {
            m.put(EXPORT, c.signature().name());
            m.put(ARGS, c.args());
            m.put(CODEC, c.codec().name());
            m.put(RESULT, c.result());
        } else {
            throw new IllegalArgumentException("only messages and calls are handed over, not " + e);
        }
        return m;
    }

    /** Whether {@code component} was left by a bundle of {@code symbolicName}: another bundle's is not its to take. */
    public static boolean from(Map<String, Object> component, String symbolicName) {
        return symbolicName.equals(component.get(SYMBOLIC_NAME));
    }

    /** {@code component} as it arrives in {@code actor}: its state, and its messages as envelopes of this runtime. */
    @SuppressWarnings("unchecked")
    public static Carried unpack(Map<String, Object> component, ComponentActor actor, DeadLetters deadLetters) {
        List<Envelope> messages = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) component.get(MESSAGES)) {
            if (DELIVER.equals(m.get(KIND))) {
                messages.add(new Envelope.Deliver(ComponentId.of((String) m.get(SENDER)), ComponentId.of((String) m.get(TO)),
                        (byte[]) m.get(PAYLOAD), (CompletableFuture<byte[]>) m.get(REPLY), deadLetters));
                continue;
            }
            if (BYTES.equals(m.get(KIND))) {
                messages.add(new Envelope.Bytes((String) m.get(FUNCTION), (byte[]) m.get(INPUT),
                        (CompletableFuture<byte[]>) m.get(RESULT)));
                continue;
            }
            if (VALUES.equals(m.get(KIND))) {
                messages.add(new Envelope.Values((String) m.get(FUNCTION), ValueForm.valueOf((String) m.get(FORM)),
                        m.get(INPUT), (CompletableFuture<Object>) m.get(RESULT)));
                continue;
            }
            if (HTTP.equals(m.get(KIND))) {
                messages.add(new Envelope.Http((IncomingRequest) m.get(INPUT), (CompletableFuture<OutgoingResponse>) m.get(RESULT)));
                continue;
            }
            ExportSignature export = actor.module().exports().get((String) m.get(EXPORT));
            CompletableFuture<InvokeResult> result = (CompletableFuture<InvokeResult>) m.get(RESULT);
            if (export == null) {
                result.completeExceptionally((Throwable) component.get(UNAVAILABLE));
            } else {
                messages.add(new Envelope.Call(export, (long[]) m.get(ARGS), Codec.valueOf((String) m.get(CODEC)), result));
            }
        }
        return new Carried((byte[]) component.get(STATE), messages);
    }

    /**
     * Answers every message of {@code component} with its error, a tell in {@code deadLetters}
     * when there are any; returns how many. JDK types only, but for the dead letters: it also
     * runs when the old runtime may be gone (with {@code deadLetters} {@code null} then).
     */
    @SuppressWarnings("unchecked")
    public static int failAll(Map<String, Object> component, DeadLetters deadLetters) {
        Throwable error = (Throwable) component.get(UNAVAILABLE);
        List<Map<String, Object>> messages = (List<Map<String, Object>>) component.get(MESSAGES);
        for (Map<String, Object> m : messages) {
            Object future = m.containsKey(RESULT) ? m.get(RESULT) : m.get(REPLY);
            if (future instanceof CompletableFuture<?> f) {
                f.completeExceptionally(error);
            } else if (deadLetters != null) {
                deadLetters.record(ComponentId.of((String) m.get(SENDER)), ComponentId.of((String) m.get(TO)),
                        ((byte[]) m.get(PAYLOAD)).length, (WharfException) error);
            }
        }
        return messages.size();
    }
}
