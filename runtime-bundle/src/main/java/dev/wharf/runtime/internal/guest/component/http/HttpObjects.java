package dev.wharf.runtime.internal.guest.component.http;

import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.HeldBytes;
import dev.wharf.runtime.internal.component.wasi.HostObjects;
import dev.wharf.runtime.internal.component.wasi.HostObjects.Freeable;
import dev.wharf.runtime.internal.component.wasi.OutputSink;
import dev.wharf.runtime.internal.component.wasi.StreamFailure;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The objects behind the resources of wasi:http/types, as the host keeps them in the instance's
 * {@link HostObjects}. A message owns its headers and its body; a handle to them that the guest
 * gets from the message is a view. Each gives back what it holds when it is freed.
 */
final class HttpObjects {

    private HttpObjects() {}

    /** A handle to fields: the guest's own (mutable, freed with the handle) or a view of a message's (immutable). */
    record FieldsRef(Fields fields, boolean mutable) implements Freeable {
        @Override
        public void free() {
            if (mutable) {
                fields.free();
            }
        }
    }

    /** What an incoming request and an incoming response share: their headers, and their body until it is consumed. */
    abstract static class IncomingMessage implements Freeable {
        final Fields headers;
        private final IncomingBody body;

        IncomingMessage(Fields headers, HeldBytes body) {
            this.headers = headers;
            this.body = new IncomingBody(body);
        }

        /** Its body, once: {@code null} after the first call. */
        final HeldBytes consume() {
            return body.stream();
        }

        @Override
        public final void free() {
            headers.free();
            body.free();
        }
    }

    /** A request the component serves: what wasi:http's incoming-request shows. */
    static final class IncomingRequest extends IncomingMessage {
        final String method;
        final String scheme;
        final String authority;
        final String pathWithQuery;

        IncomingRequest(String method, String scheme, String authority, String pathWithQuery, Fields headers,
                HeldBytes body) {
            super(headers, body);
            this.method = method;
            this.scheme = scheme;
            this.authority = authority;
            this.pathWithQuery = pathWithQuery;
        }
    }

    /** An incoming message's body: its bytes, until its stream takes them. */
    static final class IncomingBody implements Freeable {
        private HeldBytes bytes;

        IncomingBody(HeldBytes bytes) {
            this.bytes = bytes;
        }

        /** The bytes for its stream, once: {@code null} after the first call. */
        HeldBytes stream() {
            HeldBytes b = bytes;
            bytes = null;
            return b;
        }

        @Override
        public void free() {
            if (bytes != null) {
                bytes.release();
            }
        }
    }

    /** The trailers of an incoming body: there are none (the API carries none), ready at once. */
    static final class FutureTrailers {
        boolean taken;
    }

    /** A response the host received for an outgoing request. */
    static final class IncomingResponse extends IncomingMessage {
        final int status;

        IncomingResponse(int status, Fields headers, HeldBytes body) {
            super(headers, body);
            this.status = status;
        }
    }

    /** The body of an outgoing message: bytes written to its stream, at most {@code cap}, then finished. */
    static final class OutgoingBody implements OutputSink {
        private final HostObjects budget;
        private final Fields headers;
        private final long cap;
        private final String capName;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean streamTaken;
        boolean finished;
        /** It will never be finished: the guest dropped it, or its finish failed. */
        boolean abandoned;
        /** Why it is incomplete, once {@link #abandoned}. */
        String incomplete;
        /** A write went past the cap. */
        boolean overflowed;

        /**
         * @param headers its message's headers, whose content-length it must match
         * @param cap the most bytes it takes
         * @param capName the error-code case of a body past it: HTTP-request-body-size or HTTP-response-body-size
         */
        OutgoingBody(HostObjects budget, Fields headers, long cap, String capName) {
            this.budget = budget;
            this.headers = headers;
            this.cap = cap;
            this.capName = capName;
        }

        @Override
        public StreamFailure write(byte[] data) {
            if (bytes.size() + (long) data.length > cap) {
                overflowed = true;
                return new StreamFailure("the body would exceed its limit of " + cap + " bytes", overflowError());
            }
            budget.charge(data.length);
            bytes.write(data, 0, data.length);
            return null;
        }

        @Override
        public boolean closed() {
            return finished || abandoned;
        }

        long cap() {
            return cap;
        }

        /** The error-code of a body written past its cap: the body-size case with the cap. */
        VariantValue overflowError() {
            return HttpTypes.error(capName, WasiValues.u64(cap));
        }

        /**
         * Why the body written does not match its message's content-length header: the body-size
         * case with the length written; {@code null} when it matches or there is none.
         */
        VariantValue lengthMismatch() {
            List<byte[]> declared = headers.get("content-length");
            if (declared.isEmpty()) {
                return null;
            }
            String value = new String(declared.get(0), StandardCharsets.US_ASCII).trim();
            return value.equals(Long.toString(bytes.size())) ? null
                    : HttpTypes.error(capName, WasiValues.u64(bytes.size()));
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        /** Gives the bytes written back to the budget. */
        void release() {
            budget.release(bytes.size());
            bytes.reset();
        }
    }

    /** The table's object of an outgoing-body handle: dropping it unfinished abandons the body. */
    record BodyHandle(OutgoingBody body) implements Freeable {
        @Override
        public void free() {
            if (!body.finished && !body.abandoned) {
                body.abandoned = true;
                body.incomplete = "it was dropped without outgoing-body.finish";
            }
        }
    }

    /** What an outgoing request and an outgoing response share: their headers, and the body once the guest asks for it. */
    abstract static class OutgoingMessage implements Freeable {
        final Fields headers;
        OutgoingBody body;

        OutgoingMessage(Fields headers) {
            this.headers = headers;
        }

        @Override
        public final void free() {
            headers.free();
            if (body != null) {
                body.release();
            }
        }
    }

    /** A request the component makes; sent by wasi:http/outgoing-handler#handle. */
    static final class OutgoingRequest extends OutgoingMessage {
        String method = "GET";
        String scheme;
        String authority;
        String pathWithQuery;

        OutgoingRequest(Fields headers) {
            super(headers);
        }
    }

    /** The timeouts a guest asks for (nanoseconds, {@code null} when not set); the http capability's own apply. */
    static final class RequestOptions {
        Long connectTimeout;
        Long firstByteTimeout;
        Long betweenBytesTimeout;
    }

    /** A response the component answers with. */
    static final class OutgoingResponse extends OutgoingMessage {
        int status = 200;

        OutgoingResponse(Fields headers) {
            super(headers);
        }
    }

    /** Where the component sets its answer to the request it serves: a response, or an error-code. */
    static final class ResponseOutparam {
        boolean set;
        OutgoingResponse response;
        VariantValue error;
    }
}
