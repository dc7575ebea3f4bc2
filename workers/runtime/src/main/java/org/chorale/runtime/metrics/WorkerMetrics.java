package org.chorale.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.chorale.runtime.broker.PortInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's meters and its HTTP endpoint (docs/metrics.md): a Micrometer {@link PrometheusMeterRegistry} whose
 * meters all carry the tags {@code role} and {@code worker}; JVM, process and system binders;
 * {@code chorale_worker_info{backend,device,version} 1}; Kafka client meters via {@link #bindKafkaClient}. Served on
 * {@code GET /metrics} (Prometheus text) and {@code GET /healthz} (200 {@code ok} while every health check holds,
 * 503 listing the failing ones otherwise). Thread-safe.
 */
public final class WorkerMetrics implements AutoCloseable {

    /**
     * What the worker computes on, for {@code chorale_worker_info}.
     *
     * @param backend {@code cpu} or {@code cuda}
     * @param device  e.g. the CPU model or GPU name
     * @param version Chorale's version
     */
    public record WorkerInfo(String backend, String device, String version) {
        public WorkerInfo {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(version, "version");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMetrics.class);
    /** Kafka clients create metrics lazily (per partition, per node); Micrometer looks for new ones this often. */
    private static final Duration DEFAULT_KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final String role;
    private final String worker;
    private final WorkerInfo info;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final Map<String, BooleanSupplier> healthChecks = new ConcurrentHashMap<>();
    private final HTTPServer server;
    private final Duration kafkaMetricsRefresh;

    private WorkerMetrics(String role, String worker, WorkerInfo info, Integer port, Duration kafkaMetricsRefresh) {
        this.role = Objects.requireNonNull(role, "role");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.info = Objects.requireNonNull(info, "info");
        this.kafkaMetricsRefresh = Objects.requireNonNull(kafkaMetricsRefresh, "kafkaMetricsRefresh");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("role", role, "worker", worker);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("chorale.worker.info", () -> 1)
                .description("What this worker runs on (value is always 1)")
                .tags("backend", info.backend(), "device", info.device(), "version", info.version())
                .register(registry);
        server = port == null ? null : serve(port);
    }

    /**
     * Meters served over HTTP on {@code port} (0 = a free port, see {@link #port()}).
     *
     * @throws PortInUseException when the port is taken
     */
    public static WorkerMetrics start(String role, String worker, WorkerInfo info, int port) {
        return new WorkerMetrics(role, worker, info, port, DEFAULT_KAFKA_METRICS_REFRESH);
    }

    /**
     * As {@link #start(String, String, WorkerInfo, int)}, looking for new Kafka client metrics (such as the lag of a
     * newly assigned partition) every {@code kafkaMetricsRefresh}.
     */
    public static WorkerMetrics start(String role, String worker, WorkerInfo info, int port,
                                      Duration kafkaMetricsRefresh) {
        return new WorkerMetrics(role, worker, info, port, kafkaMetricsRefresh);
    }

    /** Meters without an HTTP server (tools, tests, a worker embedded in another process). */
    public static WorkerMetrics unserved(String role, String worker, WorkerInfo info) {
        return new WorkerMetrics(role, worker, info, null, DEFAULT_KAFKA_METRICS_REFRESH);
    }

    private HTTPServer serve(int port) {
        try {
            return HTTPServer.builder()
                    .port(port)
                    .registry(registry.getPrometheusRegistry())
                    .defaultHandler(new HealthOrNotFound())
                    .buildAndStart();
        } catch (BindException e) {
            close();
            throw new PortInUseException(port, "metrics port " + port
                    + " is already in use — is another worker running? use port 0 for a free port");
        } catch (IOException e) {
            close();
            throw new IllegalStateException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The HTTP port, or -1 when not served. */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    public String role() {
        return role;
    }

    public String worker() {
        return worker;
    }

    /** Adds (or replaces) a named check that {@code /healthz} requires to hold. A throwing check fails. */
    public void addHealthCheck(String name, BooleanSupplier check) {
        healthChecks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
    }

    public void removeHealthCheck(String name) {
        healthChecks.remove(name);
    }

    /** Names of the checks that do not hold now; empty when healthy. */
    public List<String> failingHealthChecks() {
        List<String> failing = new ArrayList<>();
        healthChecks.forEach((name, check) -> {
            boolean holds;
            try {
                holds = check.getAsBoolean();
            } catch (RuntimeException e) {
                holds = false;
            }
            if (!holds) {
                failing.add(name);
            }
        });
        failing.sort(null);
        return failing;
    }

    public boolean healthy() {
        return failingHealthChecks().isEmpty();
    }

    /**
     * Registers the off-heap memory gauges of a worker that computes on ND4J: {@code chorale.nd4j.offheap} and
     * {@code chorale.nd4j.offheap.max} in bytes (Prometheus {@code chorale_nd4j_offheap_bytes},
     * {@code chorale_nd4j_offheap_max_bytes}), tagged with this worker's {@code backend} and {@code device} so a
     * dashboard tells GPU from CPU workers. Workers sharing these metrics may each call it: the first
     * registration stays.
     *
     * @param inUse off-heap bytes in use now
     * @param limit the most off-heap bytes the process may allocate
     */
    public void bindOffHeapMemory(LongSupplier inUse, LongSupplier limit) {
        // Supplier gauges hold their supplier strongly (object gauges would hold it weakly and read NaN after GC)
        Gauge.builder("chorale.nd4j.offheap", () -> inUse.getAsLong()).baseUnit("bytes")
                .description("ND4J (JavaCPP) off-heap memory in use")
                .tags("backend", info.backend(), "device", info.device()).register(registry);
        Gauge.builder("chorale.nd4j.offheap.max", () -> limit.getAsLong()).baseUnit("bytes")
                .description("ND4J (JavaCPP) off-heap memory limit")
                .tags("backend", info.backend(), "device", info.device()).register(registry);
    }

    /** Binds a consumer's metrics ({@code kafka_consumer_*}, including records lag); close the result with the client. */
    public AutoCloseable bindKafkaClient(Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, List.of(), refresher(), kafkaMetricsRefresh);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Binds a producer's metrics ({@code kafka_producer_*}); close the result with the client. */
    public AutoCloseable bindKafkaClient(Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer, List.of(), refresher(), kafkaMetricsRefresh);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Each binding gets its own scheduler: closing a binding shuts its scheduler down. */
    private static ScheduledExecutorService refresher() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chorale-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The Prometheus text exposition, as {@code /metrics} serves it. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the HTTP server and the registry's binders. Idempotent. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        gcMetrics.close();
        registry.close();
    }

    /** {@code /healthz}; everything else but {@code /metrics} is 404. */
    private final class HealthOrNotFound implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/healthz")) {
                    List<String> failing = failingHealthChecks();
                    respond(exchange, failing.isEmpty() ? 200 : 503,
                            failing.isEmpty() ? "ok\n" : "unhealthy: " + String.join(", ", failing) + "\n");
                } else if (path.equals("/")) {
                    respond(exchange, 200, "Chorale " + role + " worker " + worker + ": /metrics, /healthz\n");
                } else {
                    respond(exchange, 404, "not found; try /metrics or /healthz\n");
                }
            } catch (RuntimeException e) {
                LOG.warn("health endpoint failed", e);
            }
        }

        private void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
