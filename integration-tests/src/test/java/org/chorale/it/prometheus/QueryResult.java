package org.chorale.it.prometheus;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /api/v1/query}: its type ({@code vector}, {@code matrix}, {@code scalar}, {@code string})
 * and its series, each with its labels and values (one for a vector or scalar, the samples for a matrix).
 */
public record QueryResult(String resultType, List<Series> series) {

    public record Series(Map<String, String> labels, List<Double> values) {
        public double lastValue() {
            return values.get(values.size() - 1);
        }
    }

    public QueryResult {
        series = List.copyOf(series);
    }

    public int size() {
        return series.size();
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    /** The value of a result holding exactly one series. */
    public double singleValue() {
        if (series.size() != 1) {
            throw new IllegalStateException("expected one series, got " + series.size() + ": " + series);
        }
        return series.get(0).lastValue();
    }
}
