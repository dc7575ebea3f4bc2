package org.chorale.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsContractTest {
    private static final String SAMPLE = """
            ## Training
            | metric | type | meaning |
            |---|---|---|
            | `a_gauge` | gauge | a |
            | `a_seconds` | timer (`_count`, `_sum`, `_max`) | t |
            | `b_total` | counter, tag `outcome` = `x` \\| `y` | c |
            | `lat_seconds` | timer with percentile histogram (`_bucket`, `_count`, `_sum`) | h |
            | `plain_seconds` | timer | p |
            | `m_bytes` / `m_max_bytes` | gauge | two |
            | `kafka_x` (and the other `kafka_*` client metrics) | gauge | k |
            | `jvm_*`, `process_*` | | binders |

            | key | default | meaning |
            |---|---|---|
            | `chorale.metrics.port` | `9400` | not a metric |
            | `not_a_metric_either` | `x` | settings table |
            """;

    @Test
    void readsNamesTimersAndPrefixesFromTheTables() {
        MetricsContract c = MetricsContract.parse(SAMPLE);
        assertEquals(Set.of("a_gauge", "a_seconds_count", "a_seconds_sum", "a_seconds_max", "b_total",
                "lat_seconds_bucket", "lat_seconds_count", "lat_seconds_sum",
                "plain_seconds_count", "plain_seconds_sum", "plain_seconds_max",
                "m_bytes", "m_max_bytes", "kafka_x"), c.names());
        assertEquals(Set.of("kafka_", "jvm_", "process_"), c.prefixes());
    }

    @Test
    void allowsContractNamesAndPrefixesOnly() {
        MetricsContract c = MetricsContract.parse(SAMPLE);
        assertTrue(c.allows("jvm_memory_used_bytes"));
        assertTrue(c.allows("a_seconds_sum"));
        assertFalse(c.allows("a_seconds"), "a timer's bare name is no Prometheus series");
        assertFalse(c.allows("lat_seconds_max"), "not listed for the histogram timer");
        assertFalse(c.allows("not_a_metric_either"));
        assertFalse(c.allows("system_cpu_usage"));
    }

    @Test
    void theProjectContractHasTheDocumentedFamilies() {
        MetricsContract c = MetricsContract.load(RepoLayout.metricsContract());
        assertTrue(c.names().contains("chorale_generation_latency_seconds_bucket"));
        assertTrue(c.names().contains("chorale_training_epoch_seconds_count"));
        assertTrue(c.names().contains("chorale_nd4j_offheap_max_bytes"));
        assertTrue(c.names().contains("chorale_handler_failures_total"));
        assertTrue(c.names().contains("chorale_generation_latency_seconds_max"));
        assertEquals(Set.of("kafka_", "jvm_", "process_", "system_"), c.prefixes());
    }
}
