package org.chorale.generator;

import org.apache.kafka.clients.admin.Admin;
import org.chorale.events.ModelCheckpoint;
import org.chorale.model.Backend;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.runtime.loop.TransactionalLoop;
import org.chorale.runtime.metrics.WorkerMetrics;
import org.chorale.runtime.read.CompactedTopicReader;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The generator worker as the CLI starts it: consumes {@code chorale.generation.requests} (group
 * {@code chorale-generator}; run several to scale out) with the runtime's transactional loop and a
 * {@link CompositionHandler}. {@link #run()} blocks until {@link #close()}.
 *
 * <p>Settings beyond the common ones (docs/metrics.md):
 * <ul>
 *   <li>{@value #MAX_STEPS} (default 20000): the longest piece (and primer) in time steps;</li>
 *   <li>{@code chorale.generator.max.poll.records} (default 1): requests per transaction — one, so each answer is
 *       visible as soon as it is composed;</li>
 *   <li>{@code chorale.generator.max.poll.interval} (default 30m): the longest a request may take;</li>
 *   <li>{@value #REQUIRE_GPU} (false): refuse to start unless ND4J runs on CUDA (set by the CUDA image).</li>
 * </ul>
 * {@value #MAX_STEPS} may also be written {@code chorale.generator.max.steps} (environment
 * {@code CHORALE_GENERATOR_MAX_STEPS}).
 */
public final class GeneratorWorker implements Runnable, AutoCloseable {
    public static final String ROLE = "generator";
    public static final String MAX_STEPS = "chorale.generator.max-steps";
    public static final int DEFAULT_MAX_STEPS = 20_000;
    public static final String REQUIRE_GPU = "chorale.require.gpu";
    /** Whether the worker creates missing Chorale topics at start (off where the cluster forbids it). */
    public static final String ENSURE_TOPICS = "chorale.topics.ensure";

    private final WorkerMetrics metrics;
    private final boolean ownsMetrics;
    private final ModelCatalog catalog;
    private final TransactionalLoop loop;
    private final AtomicBoolean catalogClosed = new AtomicBoolean();

    /** A worker with its own metrics server on {@code chorale.metrics.port}. */
    public GeneratorWorker(ChoraleConfig config) {
        this(config, null);
    }

    /**
     * A worker reporting to {@code sharedMetrics} (not closed by this worker), or to its own server when null.
     *
     * @throws IllegalStateException when {@value #REQUIRE_GPU} is set and ND4J fell back to the CPU
     */
    public GeneratorWorker(ChoraleConfig config, WorkerMetrics sharedMetrics) {
        Backend.Info backend = config.getBoolean(REQUIRE_GPU, false) ? Backend.requireCuda() : Backend.describe();
        Topics topics = config.topics();
        if (config.getBoolean(ENSURE_TOPICS, true)) {
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                Topics.ensure(admin, config.topicSettings());
            }
        }
        int maxSteps = config.getInt(MAX_STEPS, config.getInt(MAX_STEPS.replace('-', '.'), DEFAULT_MAX_STEPS));
        if (maxSteps < 1) throw new IllegalArgumentException(MAX_STEPS + " must be positive, got " + maxSteps);
        String version = Objects.requireNonNullElse(GeneratorWorker.class.getPackage().getImplementationVersion(), "dev");
        ownsMetrics = sharedMetrics == null;
        metrics = ownsMetrics ? WorkerMetrics.start(ROLE, config.instanceId(),
                new WorkerMetrics.WorkerInfo(backend.name(), backend.device(), version), config.metricsPort())
                : sharedMetrics;
        metrics.bindOffHeapMemory(Backend::offheapBytes, Backend::maxOffheapBytes);
        ModelCatalog created = null;
        try {
            GeneratorMetrics meters = new GeneratorMetrics(metrics.registry(), this::modelsLoaded);
            created = new ModelCatalog(CompactedTopicReader.forEvents(config.kafkaProperties(), topics.models(),
                    ModelCheckpoint.class), meters::modelVersion);
            CompositionHandler handler = new CompositionHandler(topics.compositions(), created,
                    new RequestValidator(maxSteps), new Composer(maxSteps), meters, config.instanceId(), Clock.systemUTC());
            LoopSettings settings = LoopSettings.forRole(ROLE, config, List.of(topics.generationRequests()))
                    .withMaxPollRecords(config.getInt("chorale.generator.max.poll.records", 1))
                    .withMaxPollInterval(config.getDuration("chorale.generator.max.poll.interval", Duration.ofMinutes(30)));
            catalog = created;
            loop = new TransactionalLoop(settings, handler, metrics);
            metrics.addHealthCheck(ROLE + "-loop", loop::healthy);
        } catch (RuntimeException e) {
            if (created != null) created.close();
            if (ownsMetrics) metrics.close();
            throw e;
        }
    }

    private int modelsLoaded() {
        return catalog == null ? 0 : catalog.loaded();
    }

    /** Answers requests until {@link #close()} or a fatal Kafka error. */
    @Override
    public void run() {
        try {
            loop.run();
        } finally {
            closeCatalog(); // on the loop's thread: the catalog's Kafka reader is not thread-safe
        }
    }

    /** True while the loop runs and its transactions go through (what {@code /healthz} reports). */
    public boolean healthy() {
        return loop.healthy();
    }

    /** The port serving {@code /metrics} and {@code /healthz} (-1 when the shared metrics are not served). */
    public int metricsPort() {
        return metrics.port();
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    /** Stops the loop (finishing the request in hand), closes the clients and, if it owns them, the metrics. */
    @Override
    public void close() {
        loop.close();
        if (loop.state() != TransactionalLoop.State.RUNNING) closeCatalog();
        metrics.removeHealthCheck(ROLE + "-loop");
        if (ownsMetrics) metrics.close();
    }

    private void closeCatalog() {
        if (catalogClosed.compareAndSet(false, true)) catalog.close();
    }
}
