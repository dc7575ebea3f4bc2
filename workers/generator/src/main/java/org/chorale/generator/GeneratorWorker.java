package org.chorale.generator;

import org.chorale.events.ModelCheckpoint;
import org.chorale.model.Backend;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.runtime.loop.LoopWorker;
import org.chorale.runtime.loop.TransactionalLoop;
import org.chorale.runtime.metrics.WorkerMetrics;
import org.chorale.runtime.read.CompactedTopicReader;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
public final class GeneratorWorker extends LoopWorker {
    public static final String ROLE = "generator";
    public static final String MAX_STEPS = "chorale.generator.max-steps";
    public static final int DEFAULT_MAX_STEPS = 20_000;
    public static final String REQUIRE_GPU = "chorale.require.gpu";

    private volatile ModelCatalog catalog;

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
        super(ROLE, config, sharedMetrics, workerInfo(config));
        metrics().bindOffHeapMemory(Backend::offheapBytes, Backend::maxOffheapBytes);
        ModelCatalog created = null;
        try {
            Topics topics = config.topics();
            int maxSteps = config.getInt(MAX_STEPS, config.getInt(MAX_STEPS.replace('-', '.'), DEFAULT_MAX_STEPS));
            if (maxSteps < 1) throw new IllegalArgumentException(MAX_STEPS + " must be positive, got " + maxSteps);
            GeneratorMetrics meters = new GeneratorMetrics(metrics().registry(), this::modelsLoaded);
            created = new ModelCatalog(CompactedTopicReader.forEvents(config.kafkaProperties(), topics.models(),
                    ModelCheckpoint.class), meters::modelVersion);
            CompositionHandler handler = new CompositionHandler(topics.compositions(), created,
                    new RequestValidator(maxSteps), new Composer(maxSteps), meters, config.instanceId(), Clock.systemUTC());
            LoopSettings settings = LoopSettings.forRole(ROLE, config, List.of(topics.generationRequests()))
                    .withMaxPollRecords(config.getInt("chorale.generator.max.poll.records", 1))
                    .withMaxPollInterval(config.getDuration("chorale.generator.max.poll.interval", Duration.ofMinutes(30)));
            catalog = created;
            attach(new TransactionalLoop(settings, handler, metrics()), created); // the catalog's reader: loop thread only
        } catch (RuntimeException e) {
            if (created != null) created.close();
            throw failedToStart(e);
        }
    }

    /** Which backend ND4J runs on; with {@value #REQUIRE_GPU}, refuses a silent CPU fallback before anything starts. */
    private static WorkerMetrics.WorkerInfo workerInfo(ChoraleConfig config) {
        Backend.Info backend = config.getBoolean(REQUIRE_GPU, false) ? Backend.requireCuda() : Backend.describe();
        String version = Objects.requireNonNullElse(GeneratorWorker.class.getPackage().getImplementationVersion(), "dev");
        return new WorkerMetrics.WorkerInfo(backend.name(), backend.device(), version);
    }

    private int modelsLoaded() {
        ModelCatalog c = catalog;
        return c == null ? 0 : c.loaded();
    }
}
