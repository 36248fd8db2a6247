package dev.wharf.runtime.internal.guest.component.http;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U16;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U32;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U8;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.option;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The types of wasi:http/types 0.2 (the same from 0.2.0 to 0.2.12): its resources, host resource
 * types with ids of their own (below those of wasi:io and wasi:keyvalue), and the value types of
 * its functions, with the values this host makes of them.
 */
final class HttpTypes {

    static final ResourceType FIELDS = new ResourceType("fields", -101);
    static final ResourceType INCOMING_REQUEST = new ResourceType("incoming-request", -102);
    static final ResourceType OUTGOING_REQUEST = new ResourceType("outgoing-request", -103);
    static final ResourceType REQUEST_OPTIONS = new ResourceType("request-options", -104);
    static final ResourceType RESPONSE_OUTPARAM = new ResourceType("response-outparam", -105);
    static final ResourceType INCOMING_RESPONSE = new ResourceType("incoming-response", -106);
    static final ResourceType INCOMING_BODY = new ResourceType("incoming-body", -107);
    static final ResourceType FUTURE_TRAILERS = new ResourceType("future-trailers", -108);
    static final ResourceType OUTGOING_RESPONSE = new ResourceType("outgoing-response", -109);
    static final ResourceType OUTGOING_BODY = new ResourceType("outgoing-body", -110);
    static final ResourceType FUTURE_INCOMING_RESPONSE = new ResourceType("future-incoming-response", -111);

    /** Every resource type of wasi:http/types, for the drop hooks. */
    static final List<ResourceType> RESOURCES = List.of(FIELDS, INCOMING_REQUEST, OUTGOING_REQUEST, REQUEST_OPTIONS,
            RESPONSE_OUTPARAM, INCOMING_RESPONSE, INCOMING_BODY, FUTURE_TRAILERS, OUTGOING_RESPONSE, OUTGOING_BODY,
            FUTURE_INCOMING_RESPONSE);

    /** The methods named by the cases of {@code method} before {@code other}, in order. */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    static final VariantType METHOD = variant("get", null, "head", null, "post", null, "put", null, "delete", null,
            "connect", null, "options", null, "trace", null, "patch", null, "other", STRING);
    static final VariantType SCHEME = variant("HTTP", null, "HTTPS", null, "other", STRING);
    static final VariantType HEADER_ERROR = variant("invalid-syntax", null, "forbidden", null, "immutable", null);
    static final int INVALID_SYNTAX = 0;
    static final int FORBIDDEN = 1;
    static final int IMMUTABLE = 2;

    static final RecordType DNS_ERROR_PAYLOAD = new RecordType(List.of(new Field("rcode", option(STRING)),
            new Field("info-code", option(U16))));
    static final RecordType TLS_ALERT_RECEIVED_PAYLOAD = new RecordType(List.of(
            new Field("alert-id", option(U8)), new Field("alert-message", option(STRING))));
    static final RecordType FIELD_SIZE_PAYLOAD = new RecordType(List.of(new Field("field-name", option(STRING)),
            new Field("field-size", option(U32))));

    static final VariantType ERROR_CODE = variant(
            "DNS-timeout", null, "DNS-error", DNS_ERROR_PAYLOAD, "destination-not-found", null,
            "destination-unavailable", null, "destination-IP-prohibited", null, "destination-IP-unroutable", null,
            "connection-refused", null, "connection-terminated", null, "connection-timeout", null,
            "connection-read-timeout", null, "connection-write-timeout", null, "connection-limit-reached", null,
            "TLS-protocol-error", null, "TLS-certificate-error", null, "TLS-alert-received", TLS_ALERT_RECEIVED_PAYLOAD,
            "HTTP-request-denied", null, "HTTP-request-length-required", null, "HTTP-request-body-size", option(U64),
            "HTTP-request-method-invalid", null, "HTTP-request-URI-invalid", null, "HTTP-request-URI-too-long", null,
            "HTTP-request-header-section-size", option(U32), "HTTP-request-header-size", option(FIELD_SIZE_PAYLOAD),
            "HTTP-request-trailer-section-size", option(U32), "HTTP-request-trailer-size", FIELD_SIZE_PAYLOAD,
            "HTTP-response-incomplete", null, "HTTP-response-header-section-size", option(U32),
            "HTTP-response-header-size", FIELD_SIZE_PAYLOAD, "HTTP-response-body-size", option(U64),
            "HTTP-response-trailer-section-size", option(U32), "HTTP-response-trailer-size", FIELD_SIZE_PAYLOAD,
            "HTTP-response-transfer-coding", option(STRING), "HTTP-response-content-coding", option(STRING),
            "HTTP-response-timeout", null, "HTTP-upgrade-failed", null, "HTTP-protocol-error", null,
            "loop-detected", null, "configuration-error", null, "internal-error", option(STRING));

    private HttpTypes() {}

    private static VariantType variant(Object... namesAndPayloads) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < namesAndPayloads.length; i += 2) {
            cases.add(new Case((String) namesAndPayloads[i], (WitType) namesAndPayloads[i + 1]));
        }
        return new VariantType(cases);
    }

    /** Case {@code name} of error-code, without a payload or with {@code none}. */
    static VariantValue error(String name) {
        int index = caseIndex(name);
        return new VariantValue(index, ERROR_CODE.cases().get(index).payload() == null ? null : OptionValue.NONE);
    }

    /** error-code {@code internal-error(some(message))}. */
    static VariantValue internalError(String message) {
        return new VariantValue(caseIndex("internal-error"), new OptionValue(new Str(message)));
    }

    /** Case {@code name} of error-code with {@code some(value)} as its payload. */
    static VariantValue error(String name, WitValue value) {
        return new VariantValue(caseIndex(name), new OptionValue(value));
    }

    private static int caseIndex(String name) {
        for (int i = 0; i < ERROR_CODE.cases().size(); i++) {
            if (ERROR_CODE.cases().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("error-code has no case " + name);
    }

    /** An error-code as text: its case, and internal-error's message. */
    static String describe(VariantValue error) {
        String name = ERROR_CODE.cases().get(error.index()).name();
        if (error.payload() instanceof OptionValue o && o.value() instanceof Str s) {
            return name + "(\"" + s.value() + "\")";
        }
        return name;
    }

    /** A method value for {@code method} (any case); {@code other} for one that is no case of its own. */
    static VariantValue method(String method) {
        int i = METHODS.indexOf(method.toUpperCase(Locale.ROOT));
        return i >= 0 ? new VariantValue(i, null) : new VariantValue(METHODS.size(), new Str(method));
    }

    /** The method a method value names. */
    static String method(WitValue value) {
        VariantValue v = (VariantValue) value;
        return v.index() < METHODS.size() ? METHODS.get(v.index()) : ((Str) v.payload()).value();
    }

    /** A scheme value: HTTP, HTTPS, or other. */
    static VariantValue scheme(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> new VariantValue(0, null);
            case "https" -> new VariantValue(1, null);
            default -> new VariantValue(2, new Str(scheme));
        };
    }

    /** The scheme a scheme value names, in lower case for HTTP and HTTPS. */
    static String scheme(WitValue value) {
        VariantValue v = (VariantValue) value;
        return switch (v.index()) {
            case 0 -> "http";
            case 1 -> "https";
            default -> ((Str) v.payload()).value();
        };
    }
}
