package dev.wharf.otlp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the bodies of OTLP/HTTP exports (protobuf) into {@link ReceivedSpan}s and
 * {@link ReceivedMetric}s. The field numbers are those of opentelemetry-proto:
 * {@code collector/trace/v1/trace_service.proto}, {@code trace/v1/trace.proto},
 * {@code collector/metrics/v1/metrics_service.proto}, {@code metrics/v1/metrics.proto},
 * {@code common/v1/common.proto} and {@code resource/v1/resource.proto}.
 */
public final class OtlpDecoder {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpDecoder() {
    }

    /** An {@code ExportTraceServiceRequest}. */
    public static List<ReceivedSpan> spans(byte[] body) {
        List<ReceivedSpan> spans = new ArrayList<>();
        ProtoReader request = new ProtoReader(body);
        while (request.next()) {
            if (request.field() == 1) { // resource_spans
                ProtoReader resourceSpans = request.messageValue();
                Map<String, Object> resource = Map.of();
                List<ProtoReader> scopes = new ArrayList<>();
                while (resourceSpans.next()) {
                    switch (resourceSpans.field()) {
                        case 1 -> resource = resource(resourceSpans.messageValue());
                        case 2 -> scopes.add(resourceSpans.messageValue()); // scope_spans
                        default -> resourceSpans.skip();
                    }
                }
                for (ProtoReader scopeSpans : scopes) {
                    String scope = "";
                    List<ProtoReader> list = new ArrayList<>();
                    while (scopeSpans.next()) {
                        switch (scopeSpans.field()) {
                            case 1 -> scope = scopeName(scopeSpans.messageValue());
                            case 2 -> list.add(scopeSpans.messageValue());
                            default -> scopeSpans.skip();
                        }
                    }
                    for (ProtoReader span : list) {
                        spans.add(span(resource, scope, span));
                    }
                }
            }
        }
        return spans;
    }

    /** An {@code ExportMetricsServiceRequest}. */
    public static List<ReceivedMetric> metrics(byte[] body) {
        List<ReceivedMetric> metrics = new ArrayList<>();
        ProtoReader request = new ProtoReader(body);
        while (request.next()) {
            if (request.field() == 1) { // resource_metrics
                ProtoReader resourceMetrics = request.messageValue();
                Map<String, Object> resource = Map.of();
                List<ProtoReader> scopes = new ArrayList<>();
                while (resourceMetrics.next()) {
                    switch (resourceMetrics.field()) {
                        case 1 -> resource = resource(resourceMetrics.messageValue());
                        case 2 -> scopes.add(resourceMetrics.messageValue()); // scope_metrics
                        default -> resourceMetrics.skip();
                    }
                }
                for (ProtoReader scopeMetrics : scopes) {
                    String scope = "";
                    List<ProtoReader> list = new ArrayList<>();
                    while (scopeMetrics.next()) {
                        switch (scopeMetrics.field()) {
                            case 1 -> scope = scopeName(scopeMetrics.messageValue());
                            case 2 -> list.add(scopeMetrics.messageValue());
                            default -> scopeMetrics.skip();
                        }
                    }
                    for (ProtoReader metric : list) {
                        metrics.add(metric(resource, scope, metric));
                    }
                }
            }
        }
        return metrics;
    }

    private static ReceivedSpan span(Map<String, Object> resource, String scope, ProtoReader span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        int status = 0;
        long start = 0;
        long end = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        while (span.next()) {
            switch (span.field()) {
                case 1 -> traceId = HEX.formatHex(span.bytesValue());
                case 2 -> spanId = HEX.formatHex(span.bytesValue());
                case 4 -> parent = HEX.formatHex(span.bytesValue());
                case 5 -> name = span.stringValue();
                case 6 -> kind = (int) span.varintValue();
                case 7 -> start = span.fixed64Value();
                case 8 -> end = span.fixed64Value();
                case 9 -> keyValue(span.messageValue(), attributes);
                case 15 -> status = statusCode(span.messageValue());
                default -> span.skip();
            }
        }
        return new ReceivedSpan(resource, scope, traceId, spanId, parent, name, kind, attributes, status, start, end);
    }

    private static int statusCode(ProtoReader status) {
        int code = 0;
        while (status.next()) {
            if (status.field() == 3) {
                code = (int) status.varintValue();
            }
        }
        return code;
    }

    private static ReceivedMetric metric(Map<String, Object> resource, String scope, ProtoReader metric) {
        String name = "";
        String type = "other";
        List<ReceivedMetric.Point> points = new ArrayList<>();
        while (metric.next()) {
            switch (metric.field()) {
                case 1 -> name = metric.stringValue();
                case 5, 7 -> { // gauge, sum: data_points = 1 (NumberDataPoint)
                    type = metric.field() == 5 ? "gauge" : "sum";
                    ProtoReader data = metric.messageValue();
                    while (data.next()) {
                        if (data.field() == 1) {
                            points.add(numberPoint(data.messageValue()));
                        }
                    }
                }
                case 9 -> { // histogram: data_points = 1 (HistogramDataPoint)
                    type = "histogram";
                    ProtoReader data = metric.messageValue();
                    while (data.next()) {
                        if (data.field() == 1) {
                            points.add(histogramPoint(data.messageValue()));
                        }
                    }
                }
                default -> metric.skip();
            }
        }
        return new ReceivedMetric(resource, scope, name, type, points);
    }

    private static ReceivedMetric.Point numberPoint(ProtoReader point) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        double value = 0;
        while (point.next()) {
            switch (point.field()) {
                case 7 -> keyValue(point.messageValue(), attributes);
                case 4 -> value = point.doubleValue(); // as_double
                case 6 -> value = point.fixed64Value(); // as_int (sfixed64)
                default -> point.skip();
            }
        }
        return new ReceivedMetric.Point(attributes, value, 1, List.of(), List.of());
    }

    private static ReceivedMetric.Point histogramPoint(ProtoReader point) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        double sum = 0;
        long count = 0;
        List<Long> buckets = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        while (point.next()) {
            switch (point.field()) {
                case 9 -> keyValue(point.messageValue(), attributes);
                case 4 -> count = point.fixed64Value();
                case 5 -> sum = point.doubleValue();
                case 6 -> point.addFixed64s(buckets);
                case 7 -> point.addDoubles(bounds);
                default -> point.skip();
            }
        }
        return new ReceivedMetric.Point(attributes, sum, count, buckets, bounds);
    }

    private static Map<String, Object> resource(ProtoReader resource) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        while (resource.next()) {
            if (resource.field() == 1) {
                keyValue(resource.messageValue(), attributes);
            }
        }
        return attributes;
    }

    private static String scopeName(ProtoReader scope) {
        String name = "";
        while (scope.next()) {
            if (scope.field() == 1) {
                name = scope.stringValue();
            }
        }
        return name;
    }

    /** A {@code KeyValue} into {@code into}; a value that is not set is left out. */
    private static void keyValue(ProtoReader keyValue, Map<String, Object> into) {
        String key = "";
        Object value = null;
        while (keyValue.next()) {
            switch (keyValue.field()) {
                case 1 -> key = keyValue.stringValue();
                case 2 -> value = anyValue(keyValue.messageValue());
                default -> keyValue.skip();
            }
        }
        if (value != null) {
            into.put(key, value);
        }
    }

    private static Object anyValue(ProtoReader any) {
        Object value = null;
        while (any.next()) {
            switch (any.field()) {
                case 1 -> value = any.stringValue();
                case 2 -> value = any.varintValue() != 0;
                case 3 -> value = any.varintValue();
                case 4 -> value = any.doubleValue();
                case 5 -> { // ArrayValue: values = 1
                    List<Object> list = new ArrayList<>();
                    ProtoReader array = any.messageValue();
                    while (array.next()) {
                        if (array.field() == 1) {
                            Object element = anyValue(array.messageValue());
                            if (element != null) {
                                list.add(element);
                            }
                        }
                    }
                    value = List.copyOf(list);
                }
                case 6 -> { // KeyValueList: values = 1
                    Map<String, Object> map = new LinkedHashMap<>();
                    ProtoReader kvs = any.messageValue();
                    while (kvs.next()) {
                        if (kvs.field() == 1) {
                            keyValue(kvs.messageValue(), map);
                        }
                    }
                    value = map;
                }
                case 7 -> value = any.bytesValue();
                default -> any.skip();
            }
        }
        return value;
    }
}
