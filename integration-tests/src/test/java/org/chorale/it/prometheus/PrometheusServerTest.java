package org.chorale.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tooling on something real: the real prometheus binary scrapes a Micrometer Prometheus registry served by
 * the Prometheus client's HTTP server (as the workers serve theirs) and answers queries with the meters' values.
 */
class PrometheusServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static PrometheusMeterRegistry registry;
    private static HTTPServer metrics;
    private static PrometheusServer prometheus;
    private static final AtomicReference<Double> temperature = new AtomicReference<>(21.5);

    @BeforeAll
    static void start() throws IOException {
        PrometheusServer.assumeInstalled();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("worker", "probe-1");
        Counter requests = Counter.builder("chorale.probe.requests").tag("outcome", "completed").register(registry);
        requests.increment(7);
        Gauge.builder("chorale.probe.temperature", temperature, AtomicReference::get).register(registry);
        metrics = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(0)
                .registry(registry.getPrometheusRegistry()).buildAndStart();
        prometheus = PrometheusServer.start(List.of(
                new ScrapeTarget("127.0.0.1:" + metrics.getPort(), Map.of("role", "ingest"))));
        prometheus.waitForTargetsUp(WAIT);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void queriesReturnTheScrapedValuesWithTargetAndMeterLabels() {
        QueryResult gauge = prometheus.awaitQuery("chorale_probe_temperature", r -> !r.isEmpty(), WAIT);
        assertEquals("vector", gauge.resultType());
        assertEquals(21.5, gauge.singleValue());
        Map<String, String> labels = gauge.series().get(0).labels();
        assertEquals("ingest", labels.get("role"), "target label");
        assertEquals("probe-1", labels.get("worker"), "the registry's common tag");
        assertEquals(7.0, prometheus.query("chorale_probe_requests_total{outcome=\"completed\"}").singleValue());
    }

    @Test
    void newValuesArriveWithTheNextScrape() {
        temperature.set(-3.25);
        QueryResult r = prometheus.awaitQuery("chorale_probe_temperature", x -> !x.isEmpty() && x.singleValue() == -3.25, WAIT);
        assertEquals(-3.25, r.singleValue());
    }

    @Test
    void rangeSelectorsReturnAMatrixOfSamples() {
        QueryResult m = prometheus.awaitQuery("chorale_probe_requests_total[1m]",
                r -> !r.isEmpty() && r.series().get(0).values().size() >= 2, WAIT);
        assertEquals("matrix", m.resultType());
        assertTrue(m.series().get(0).values().stream().allMatch(v -> v == 7.0), m.toString());
    }

    @Test
    void scalarsAndEmptyResultsAreReportedAsSuch() {
        QueryResult scalar = prometheus.query("scalar(vector(4)) * 2");
        assertEquals("scalar", scalar.resultType());
        assertEquals(8.0, scalar.singleValue());
        assertTrue(prometheus.query("chorale_probe_no_such_metric").isEmpty());
    }

    @Test
    void invalidPromQlIsRefusedNotAnswered() {
        PrometheusQueryException e = assertThrows(PrometheusQueryException.class, () -> prometheus.query("sum(rate(x[1m])"));
        assertEquals("bad_data", e.errorType());
    }

    @Test
    void closeStopsTheProcessAndFreesItsPort() throws IOException {
        PrometheusServer other = PrometheusServer.start(List.of());
        int port = other.baseUri().getPort();
        assertTrue(other.isRunning());
        other.close();
        assertFalse(other.isRunning());
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }
}
