package org.chorale.it.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.chorale.it.deploy.CodeFacts;

/**
 * Three "workers" that expose, with real Micrometer meters on a real Prometheus registry served by the Prometheus
 * client's HTTP server, every metric docs/metrics.md promises, with the tags it promises. Their values move on a
 * 100 ms tick so that rates, increases and histogram quantiles have something to compute.
 *
 * <p>This is the contract, not the workers: it proves that the dashboards' queries fit the contract as Micrometer
 * names it. The Kafka client meters are named as Micrometer's KafkaMetrics binder names them (checked against
 * micrometer-core 1.17.2 and kafka-clients 4.4.0), including Kafka 4.x's second, deprecated copy of each dotted
 * topic name with '_' for '.'; JVM and process meters come from Micrometer's own binders.
 */
final class ContractFleetSimulation implements AutoCloseable {
    static final String MODEL = "jsb-paper";
    static final int PARTITIONS = 2;
    /** The topic each role consumes in this simulation. */
    static final Map<String, String> CONSUMED_TOPIC = Map.of(
            "ingest", CodeFacts.TOPIC_PREFIX + "midi.ingest",
            "trainer", CodeFacts.TOPIC_PREFIX + "training.epochs",
            "generator", CodeFacts.GENERATION_REQUESTS_TOPIC);
    private static final Duration TICK = Duration.ofMillis(100);

    private final Map<String, PrometheusMeterRegistry> registries = new LinkedHashMap<>();
    private final List<HTTPServer> servers = new ArrayList<>();
    private final List<JvmGcMetrics> gcBinders = new ArrayList<>();
    private final List<Runnable> activity = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contract-fleet-ticker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong tick = new AtomicLong();

    private ContractFleetSimulation() {}

    static ContractFleetSimulation start() {
        ContractFleetSimulation fleet = new ContractFleetSimulation();
        try {
            for (String role : CodeFacts.ROLES) {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                registry.config().commonTags("role", role, "worker", role + "-sim-1");
                fleet.registries.put(role, registry);
                fleet.bindJvm(registry);
                fleet.fleetMeters(registry, role);
                switch (role) {
                    case "trainer" -> fleet.trainerMeters(registry);
                    case "generator" -> fleet.generatorMeters(registry);
                    case "ingest" -> fleet.ingestMeters(registry);
                    default -> throw new IllegalStateException(role);
                }
                fleet.servers.add(HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(0)
                        .registry(registry.getPrometheusRegistry()).buildAndStart());
            }
        } catch (IOException e) {
            fleet.close();
            throw new UncheckedIOException(e);
        }
        fleet.ticker.scheduleAtFixedRate(fleet::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return fleet;
    }

    /** The three workers as Prometheus targets, labelled with their role as the deploy configs label them. */
    List<ScrapeTarget> targets() {
        List<ScrapeTarget> targets = new ArrayList<>();
        int i = 0;
        for (String role : registries.keySet()) {
            targets.add(new ScrapeTarget("127.0.0.1:" + servers.get(i++).getPort(), Map.of("role", role)));
        }
        return targets;
    }

    /** What a role's /metrics shows now (Prometheus text format). */
    String scrape(String role) {
        return registries.get(role).scrape();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        servers.forEach(HTTPServer::close);
        gcBinders.forEach(JvmGcMetrics::close);
        registries.values().forEach(MeterRegistry::close);
    }

    private void tick() {
        tick.incrementAndGet();
        activity.forEach(Runnable::run);
    }

    private void bindJvm(MeterRegistry r) {
        new JvmMemoryMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(r);
        gcBinders.add(gc);
    }

    /** Meters every worker has: info, transactions, dead letters, handler failures, ND4J off-heap, Kafka consumer lag. */
    private void fleetMeters(MeterRegistry r, String role) {
        Gauge.builder("chorale.worker.info", () -> 1)
                .tags("backend", "cpu", "device", "cpu-avx2", "version", "0.1.0-SNAPSHOT").register(r);
        Counter committed = Counter.builder("chorale.transactions").tag("outcome", "committed").register(r);
        Counter aborted = Counter.builder("chorale.transactions").tag("outcome", "aborted").register(r);
        Counter deadLetters = Counter.builder("chorale.deadletters").tag("reason", "undecodable").register(r);
        Counter handlerFailures = Counter.builder("chorale.handler.failures").register(r);
        String[] backend = {"backend", "cpu", "device", "cpu-avx2"};
        Gauge.builder("chorale.nd4j.offheap", () -> 300_000_000 + tick.get() % 50 * 1_000_000).baseUnit("bytes")
                .tags(backend).register(r);
        Gauge.builder("chorale.nd4j.offheap.max", () -> 6L << 30).baseUnit("bytes").tags(backend).register(r);
        String topic = CONSUMED_TOPIC.get(role);
        AtomicLong consumed = new AtomicLong();
        // Kafka 4.x reports each dotted topic twice: as named, and (deprecated) with '_' for '.'
        for (String topicTag : List.of(topic, topic.replace('.', '_'))) {
            for (int p = 0; p < PARTITIONS; p++) {
                int partition = p;
                Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 5 + partition + tick.get() % 7)
                        .tags("client.id", "chorale-" + role + "-consumer", "kafka.version", "4.4.0",
                                "topic", topicTag, "partition", String.valueOf(partition))
                        .register(r);
            }
            FunctionCounter.builder("kafka.consumer.fetch.manager.records.consumed.total", consumed, AtomicLong::get)
                    .tags("client.id", "chorale-" + role + "-consumer", "kafka.version", "4.4.0", "topic", topicTag)
                    .register(r);
        }
        activity.add(() -> consumed.addAndGet(3));
        activity.add(() -> {
            committed.increment(3);
            if (tick.get() % 5 == 0) {
                aborted.increment();
                deadLetters.increment();
                handlerFailures.increment();
            }
        });
    }

    private void trainerMeters(MeterRegistry r) {
        String[] model = {"model", MODEL};
        Gauge.builder("chorale.training.epoch.cost", () -> 1.0 / (1 + tick.get())).tags(model).register(r);
        Gauge.builder("chorale.training.valid.nll.per.step", () -> 8.5).tags(model).register(r);
        Gauge.builder("chorale.training.valid.frame.accuracy", () -> 0.33).tags(model).register(r);
        Gauge.builder("chorale.training.baseline.nll.per.step", () -> 11.2).tags(model).register(r);
        Gauge.builder("chorale.training.gradient.norm", () -> 0.8).tags(model).register(r);
        Gauge.builder("chorale.training.epoch", () -> tick.get() / 10).tags(model).register(r);
        Gauge.builder("chorale.training.checkpoint.version", () -> tick.get() / 10).tags(model).register(r);
        Gauge.builder("chorale.training.timesteps.per.second", () -> 2400).tags(model).register(r);
        // music statistics of the epoch's samples and of the training split (the "Music quality" panels)
        Map<String, Double> sample = Map.of("polyphony_mean", 3.1, "unique_pitches", 24.0, "scale_consistency", 0.92);
        Map<String, Double> corpus = Map.of("polyphony_mean", 2.8, "unique_pitches", 31.0, "scale_consistency", 0.95);
        sample.forEach((stat, v) -> Gauge.builder("chorale.training.sample.stat", () -> v).tags(model).tag("stat", stat).register(r));
        corpus.forEach((stat, v) -> Gauge.builder("chorale.training.corpus.stat", () -> v).tags(model).tag("stat", stat).register(r));
        Counter timesteps = Counter.builder("chorale.training.timesteps").tags(model).register(r);
        // not "chorale.training.epoch": Micrometer refuses a gauge and a timer of one name; this still exports
        // as chorale_training_epoch_seconds
        Timer epoch = Timer.builder("chorale.training.epoch.seconds").tags(model).register(r);
        Counter.builder("chorale.training.requests.skipped").tags(model).tag("reason", "stale").register(r);
        Counter completed = Counter.builder("chorale.training.epochs").tags(model).tag("outcome", "completed").register(r);
        Counter failed = Counter.builder("chorale.training.epochs").tags(model).tag("outcome", "failed").register(r);
        activity.add(() -> {
            timesteps.increment(240);
            epoch.record(Duration.ofMillis(900 + tick.get() % 200));
            completed.increment();
            if (tick.get() % 20 == 0) {
                failed.increment();
            }
        });
    }

    private void generatorMeters(MeterRegistry r) {
        Timer latency = Timer.builder("chorale.generation.latency").publishPercentileHistogram().register(r);
        Counter completed = Counter.builder("chorale.generation.requests")
                .tags("outcome", "completed", "reason", "none").register(r);
        Counter failed = Counter.builder("chorale.generation.requests")
                .tags("outcome", "failed", "reason", "unknown_model").register(r);
        Counter timesteps = Counter.builder("chorale.generation.timesteps").register(r);
        Gauge.builder("chorale.generation.models.loaded", () -> 1).register(r);
        Gauge.builder("chorale.generation.model.version", () -> 7).tag("model", MODEL).register(r);
        activity.add(() -> {
            latency.record(Duration.ofMillis(40 + tick.get() % 5 * 20)); // 40..120 ms
            completed.increment();
            timesteps.increment(128);
            if (tick.get() % 10 == 0) {
                failed.increment();
            }
        });
    }

    private void ingestMeters(MeterRegistry r) {
        Counter accepted = Counter.builder("chorale.ingest.files").tag("outcome", "accepted").register(r);
        Counter rejected = Counter.builder("chorale.ingest.files").tag("outcome", "rejected").register(r);
        Counter notMidi = Counter.builder("chorale.ingest.rejections").tag("reason", "NOT_MIDI").register(r);
        Counter bytes = Counter.builder("chorale.ingest.bytes").register(r);
        Timer parse = Timer.builder("chorale.ingest.parse").register(r);
        activity.add(() -> {
            accepted.increment();
            bytes.increment(12_000);
            parse.record(Duration.ofMillis(3 + tick.get() % 4));
            if (tick.get() % 4 == 0) {
                rejected.increment();
                notMidi.increment();
            }
        });
    }
}
