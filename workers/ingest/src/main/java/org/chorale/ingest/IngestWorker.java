package org.chorale.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.chorale.music.MidiOptions;
import org.chorale.music.PianoRoll;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.runtime.loop.TransactionalLoop;
import org.chorale.runtime.metrics.WorkerMetrics;
import org.chorale.schemas.EventCodec;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The ingest worker as the CLI starts it: consumes {@code chorale.midi.ingest} (group {@code chorale-ingest}) with
 * the runtime's transactional loop and an {@link IngestHandler}. {@link #run()} blocks until {@link #close()}.
 *
 * <p>Settings beyond the common ones (docs/metrics.md): {@value #STEPS_PER_QUARTER} (default 4, sixteenth notes),
 * {@value #LOWEST_PITCH} (21) and {@value #PITCH_COUNT} (88): the grid and range rolls are quantised to. Onsets are
 * always kept, so models with or without onset bits can train on the same rolls.
 */
public final class IngestWorker implements Runnable, AutoCloseable {
    public static final String ROLE = "ingest";
    public static final String STEPS_PER_QUARTER = "chorale.ingest.steps-per-quarter";
    public static final String LOWEST_PITCH = "chorale.ingest.lowest-pitch";
    public static final String PITCH_COUNT = "chorale.ingest.pitch-count";
    /** Whether the worker creates missing Chorale topics at start (off where the cluster forbids it). */
    public static final String ENSURE_TOPICS = "chorale.topics.ensure";

    private final WorkerMetrics metrics;
    private final boolean ownsMetrics;
    private final TransactionalLoop loop;

    /** A worker with its own metrics server on {@code chorale.metrics.port}. */
    public IngestWorker(ChoraleConfig config) {
        this(config, null);
    }

    /** A worker reporting to {@code sharedMetrics} (not closed by this worker), or to its own server when null. */
    public IngestWorker(ChoraleConfig config, WorkerMetrics sharedMetrics) {
        Topics topics = config.topics();
        MidiOptions options = midiOptions(config);
        if (config.getBoolean(ENSURE_TOPICS, true)) {
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                Topics.ensure(admin, config.topicSettings());
            }
        }
        ownsMetrics = sharedMetrics == null;
        metrics = ownsMetrics ? WorkerMetrics.start(ROLE, config.instanceId(), workerInfo(), config.metricsPort())
                : sharedMetrics;
        try {
            IngestHandler handler = new IngestHandler(topics.pianorolls(), topics.midiRejected(), options,
                    new SubmissionReader(EventCodec.standard()), new IngestMetrics(metrics.registry()), Clock.systemUTC());
            loop = new TransactionalLoop(LoopSettings.forRole(ROLE, config, List.of(topics.midiIngest())), handler, metrics);
            metrics.addHealthCheck(ROLE + "-loop", loop::healthy);
        } catch (RuntimeException e) {
            if (ownsMetrics) metrics.close();
            throw e;
        }
    }

    /** The grid and range from the settings; every other reading option at its default. */
    static MidiOptions midiOptions(ChoraleConfig config) {
        return MidiOptions.defaults()
                .withStepsPerQuarter(config.getInt(STEPS_PER_QUARTER, 4))
                .withRange(config.getInt(LOWEST_PITCH, PianoRoll.PIANO_LOWEST), config.getInt(PITCH_COUNT, PianoRoll.PIANO_KEYS))
                .withKeepOnsets(true);
    }

    private static WorkerMetrics.WorkerInfo workerInfo() {
        // Ingest computes nothing on ND4J: it always runs on the CPU.
        String version = Objects.requireNonNullElse(IngestWorker.class.getPackage().getImplementationVersion(), "dev");
        return new WorkerMetrics.WorkerInfo("cpu", Runtime.getRuntime().availableProcessors() + " cores", version);
    }

    /** Consumes until {@link #close()} or a fatal Kafka error. */
    @Override
    public void run() {
        loop.run();
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

    /** Stops the loop (finishing the record in hand), closes its clients and, if it owns them, the metrics. */
    @Override
    public void close() {
        loop.close();
        metrics.removeHealthCheck(ROLE + "-loop");
        if (ownsMetrics) metrics.close();
    }
}
