package org.chorale.trainer;

import org.chorale.model.Backend;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.runtime.loop.LoopWorker;
import org.chorale.runtime.loop.TransactionalLoop;
import org.chorale.runtime.metrics.WorkerMetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The trainer worker as the CLI starts it: consumes {@code chorale.training.epochs} (group {@code chorale-trainer})
 * one record at a time with the runtime's transactional loop and an {@link EpochHandler}. {@link #run()} blocks
 * until {@link #close()}.
 *
 * <p>Settings beyond the common ones (docs/metrics.md):
 * <ul>
 *   <li>{@value #MAX_POLL_INTERVAL} (default 1h): the longest an epoch (with its evaluation) may take before the
 *       group hands the model's partition to another trainer;</li>
 *   <li>{@value #CHECKPOINT_WAIT} (30s): how long a request waits for the checkpoint it names to become visible;</li>
 *   <li>{@value #SAMPLE_COUNT} (2) and {@value #SAMPLE_STEPS} (64): the seeded samples whose music statistics each
 *       epoch reports;</li>
 *   <li>{@value #VALIDATE_EVERY} (1): validate every n-th epoch and the job's last; early stopping's patience
 *       then counts validated epochs;</li>
 *   <li>{@value #REQUIRE_GPU} (false): refuse to start unless ND4J runs on CUDA (set by the CUDA image).</li>
 * </ul>
 * Hyphenated keys may also be written with dots ({@code chorale.trainer.sample.count}), which is what the
 * environment variables ({@code CHORALE_TRAINER_SAMPLE_COUNT}) map to.
 */
public final class TrainerWorker extends LoopWorker {
    public static final String ROLE = "trainer";
    public static final String MAX_POLL_INTERVAL = "chorale.trainer.max.poll.interval";
    public static final String CHECKPOINT_WAIT = "chorale.trainer.checkpoint-wait";
    public static final String SAMPLE_COUNT = "chorale.trainer.sample-count";
    public static final String SAMPLE_STEPS = "chorale.trainer.sample-steps";
    public static final String VALIDATE_EVERY = "chorale.trainer.validate-every";
    public static final String REQUIRE_GPU = "chorale.require.gpu";

    /** A worker with its own metrics server on {@code chorale.metrics.port}. */
    public TrainerWorker(ChoraleConfig config) {
        this(config, null);
    }

    /**
     * A worker reporting to {@code sharedMetrics} (not closed by this worker), or to its own server when null.
     *
     * @throws IllegalStateException when {@value #REQUIRE_GPU} is set and ND4J fell back to the CPU
     */
    public TrainerWorker(ChoraleConfig config, WorkerMetrics sharedMetrics) {
        super(ROLE, config, sharedMetrics, workerInfo(config));
        metrics().bindOffHeapMemory(Backend::offheapBytes, Backend::maxOffheapBytes);
        EpochHandler created = null;
        try {
            EpochRunner runner = new EpochRunner(setting(config, SAMPLE_COUNT, 2), setting(config, SAMPLE_STEPS, 64),
                    setting(config, VALIDATE_EVERY, 1));
            Duration wait = config.getDuration(CHECKPOINT_WAIT,
                    config.getDuration(CHECKPOINT_WAIT.replace('-', '.'), Duration.ofSeconds(30)));
            created = new EpochHandler(config.topics(), config.kafkaProperties(), runner,
                    new TrainerMetrics(metrics().registry()), wait, config.instanceId(), codeVersion(), Clock.systemUTC());
            // One epoch per poll, and the group must wait as long as an epoch takes.
            LoopSettings settings = LoopSettings.forRole(ROLE, config, List.of(config.topics().trainingEpochs()))
                    .withMaxPollRecords(1)
                    .withMaxPollInterval(config.getDuration(MAX_POLL_INTERVAL, Duration.ofHours(1)));
            attach(new TransactionalLoop(settings, created, metrics()), created); // its Kafka readers: loop thread only
        } catch (RuntimeException e) {
            if (created != null) created.close();
            throw failedToStart(e);
        }
    }

    /** Which backend ND4J runs on; with {@value #REQUIRE_GPU}, refuses a silent CPU fallback before anything starts. */
    private static WorkerMetrics.WorkerInfo workerInfo(ChoraleConfig config) {
        Backend.Info backend = config.getBoolean(REQUIRE_GPU, false) ? Backend.requireCuda() : Backend.describe();
        return new WorkerMetrics.WorkerInfo(backend.name(), backend.device(), codeVersion());
    }

    private static String codeVersion() {
        return Objects.requireNonNullElse(TrainerWorker.class.getPackage().getImplementationVersion(), "dev");
    }

    private static int setting(ChoraleConfig config, String key, int defaultValue) {
        return config.getInt(key, config.getInt(key.replace('-', '.'), defaultValue));
    }
}
