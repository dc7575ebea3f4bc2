package org.chorale.runtime.metrics;

import static org.chorale.runtime.testing.Records.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chorale.runtime.broker.PortInUseException;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.runtime.loop.TransactionalLoop;
import org.chorale.runtime.testing.KafkaBrokerExtension;
import org.chorale.runtime.testing.Records;
import org.chorale.runtime.testing.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scrapes a worker's real HTTP endpoint while its loop runs. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerMetricsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(WorkerMetrics metrics, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAndHealthOfARunningWorker(TestBroker broker) throws Exception {
        String in = broker.uniqueTopic("metrics-in");
        String out = broker.uniqueTopic("metrics-out");
        broker.createTopic(in, 2);
        broker.createTopic(out, 2);
        Records.produce(broker, in, List.of(Map.entry("a", utf8("a")), Map.entry("b", utf8("b"))));
        LoopSettings settings = new LoopSettings("generator", "gen-1", in + "-group", List.of(in),
                broker.fastGroupConfig(), 10, Duration.ofSeconds(30), 3, out, Duration.ofMillis(100),
                Duration.ofSeconds(30));

        try (WorkerMetrics metrics = WorkerMetrics.start("generator", "gen-1",
                new WorkerMetrics.WorkerInfo("cpu", "test-cpu", "0.1.0"), 0, Duration.ofMillis(200))) {
            TransactionalLoop loop = new TransactionalLoop(settings,
                    (record, outbox) -> outbox.send(new ProducerRecord<>(out, record.key(), record.value())), metrics);
            metrics.addHealthCheck("loop", loop::healthy);
            assertEquals(503, get(metrics, "/healthz").statusCode(), "not running yet");
            Thread thread = new Thread(loop, "metrics-loop");
            thread.start();
            try {
                Records.readUntil(broker, out, "read_committed", Duration.ofSeconds(60), read -> read.size() >= 2);
                String scrape = awaitScrapeContaining(metrics, "kafka_consumer_fetch_manager_records_lag{");

                assertTrue(metrics.port() > 0);
                assertTrue(scrape.contains("chorale_worker_info{backend=\"cpu\",device=\"test-cpu\",role=\"generator\","
                        + "version=\"0.1.0\",worker=\"gen-1\"} 1"), scrape);
                assertTrue(scrape.contains("chorale_transactions_total{outcome=\"committed\",role=\"generator\","
                        + "worker=\"gen-1\"}"), scrape);
                for (String name : List.of("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads{",
                        "process_cpu_usage{", "system_cpu_count{", "process_uptime_seconds{",
                        "kafka_producer_record_send_total{", "kafka_consumer_fetch_manager_records_consumed_total{")) {
                    assertTrue(scrape.contains(name), name);
                }
                HttpResponse<String> health = get(metrics, "/healthz");
                assertEquals(200, health.statusCode());
                assertEquals("ok\n", health.body());
                assertEquals(404, get(metrics, "/nope").statusCode());
            } finally {
                loop.close();
                thread.join(30_000);
            }
            HttpResponse<String> health = get(metrics, "/healthz");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("loop"), health.body());
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        try (WorkerMetrics first = WorkerMetrics.start("ingest", "i-1", new WorkerMetrics.WorkerInfo("cpu", "x", "v"), 0)) {
            PortInUseException error = assertThrows(PortInUseException.class, () -> WorkerMetrics.start("ingest", "i-2",
                    new WorkerMetrics.WorkerInfo("cpu", "x", "v"), first.port()));
            assertTrue(error.getMessage().contains("port " + first.port() + " is already in use"), error.getMessage());
        }
    }

    @Test
    void offHeapGaugesCarryTheBackendAndDeviceAndReadTheirSuppliers() {
        long[] inUse = {1_000};
        try (WorkerMetrics metrics = WorkerMetrics.unserved("trainer", "t-1",
                new WorkerMetrics.WorkerInfo("cuda", "CUDA A100", "0.1.0"))) {
            metrics.bindOffHeapMemory(() -> inUse[0], () -> 8_000);
            metrics.bindOffHeapMemory(() -> -1, () -> -1); // a second worker sharing the metrics: first one stays
            inUse[0] = 2_500;
            String scrape = metrics.scrape();
            String tags = "{backend=\"cuda\",device=\"CUDA A100\",role=\"trainer\",worker=\"t-1\"}";
            assertTrue(scrape.contains("chorale_nd4j_offheap_bytes" + tags + " 2500.0"), scrape);
            assertTrue(scrape.contains("chorale_nd4j_offheap_max_bytes" + tags + " 8000.0"), scrape);
        }
    }

    /** Kafka clients create per-partition metrics after the binder starts; it finds them on its next refresh. */
    private String awaitScrapeContaining(WorkerMetrics metrics, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = get(metrics, "/metrics");
            assertEquals(200, response.statusCode());
            if (response.body().contains(text) || System.nanoTime() > deadline) {
                assertTrue(response.body().contains(text), text);
                return response.body();
            }
            Thread.sleep(100); // polling a scrape, as Prometheus does
        }
    }
}
