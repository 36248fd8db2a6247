package dev.wharf.otlp;

import java.util.List;
import java.util.Map;

/**
 * One metric of one OTLP/HTTP export: its name, its type and the points it carried.
 *
 * @param resource the attributes of the resource that sent it
 * @param scope the name of the instrumentation scope (the meter's name)
 * @param type {@code sum}, {@code gauge}, {@code histogram}, or {@code other} (exponential
 *     histograms and summaries are counted but their points are not decoded)
 */
public record ReceivedMetric(Map<String, Object> resource, String scope, String name, String type, List<Point> points) {

    public ReceivedMetric {
        resource = Map.copyOf(resource);
        points = List.copyOf(points);
    }

    /**
     * One data point. A sum's or gauge's value is in {@code value} (an integer point as a double);
     * a histogram's sum is in {@code value}, with its count, bucket counts and explicit bounds.
     */
    public record Point(Map<String, Object> attributes, double value, long count, List<Long> bucketCounts,
            List<Double> bounds) {

        public Point {
            attributes = Map.copyOf(attributes);
            bucketCounts = List.copyOf(bucketCounts);
            bounds = List.copyOf(bounds);
        }
    }

    /** The sum of the values of all points (of a histogram: of their sums). */
    public double total() {
        return points.stream().mapToDouble(Point::value).sum();
    }
}
