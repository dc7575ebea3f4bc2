package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {
    @Test
    void findsSelectedMetricsButNotFunctionsLabelsOrKeywords() {
        assertEquals(Set.of("chorale_generation_latency_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.95, sum by (worker, le) (rate(chorale_generation_latency_seconds_bucket{worker=~\".*\"}[1m])))"));
        assertEquals(Set.of("a_total", "b_total"), PromQl.metricNames(
                "sum(rate(a_total{outcome=\"x\"}[5m] offset 1h)) / on(role) group_left(model) sum without (le) (b_total)"));
        assertEquals(Set.of("up"), PromQl.metricNames("count by (role) (up == bool 1) or vector(0)"));
    }

    @Test
    void stringsAndRegexesAreNotMetrics() {
        assertEquals(Set.of("kafka_consumer_fetch_manager_records_lag"), PromQl.metricNames(
                "label_replace(max by (role) (kafka_consumer_fetch_manager_records_lag{topic=~\"chorale[.].+\"}), "
                        + "\"group\", \"chorale-$1\", \"role\", \"(.+)\")"));
    }

    @Test
    void numbersWithUnitsAreNotMetrics() {
        assertEquals(Set.of("x"), PromQl.metricNames("x > 1e3 and x < 0x10 or x offset 5m"));
    }

    @Test
    void unbalancedSelectorsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.metricNames("x{a=\"b\""));
    }
}
