package org.chorale.ingest;

import org.chorale.music.MidiOptions;
import org.chorale.music.PianoRoll;
import org.chorale.runtime.ChoraleConfig;
import org.chorale.runtime.Topics;
import org.chorale.runtime.loop.LoopSettings;
import org.chorale.runtime.loop.LoopWorker;
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
public final class IngestWorker extends LoopWorker {
    public static final String ROLE = "ingest";
    public static final String STEPS_PER_QUARTER = "chorale.ingest.steps-per-quarter";
    public static final String LOWEST_PITCH = "chorale.ingest.lowest-pitch";
    public static final String PITCH_COUNT = "chorale.ingest.pitch-count";

    /** A worker with its own metrics server on {@code chorale.metrics.port}. */
    public IngestWorker(ChoraleConfig config) {
        this(config, null);
    }

    /** A worker reporting to {@code sharedMetrics} (not closed by this worker), or to its own server when null. */
    public IngestWorker(ChoraleConfig config, WorkerMetrics sharedMetrics) {
        super(ROLE, config, sharedMetrics, workerInfo());
        try {
            Topics topics = config.topics();
            IngestHandler handler = new IngestHandler(topics.pianorolls(), topics.midiRejected(), midiOptions(config),
                    new SubmissionReader(EventCodec.standard()), new IngestMetrics(metrics().registry()), Clock.systemUTC());
            attach(new TransactionalLoop(LoopSettings.forRole(ROLE, config, List.of(topics.midiIngest())), handler,
                    metrics()), () -> { });
        } catch (RuntimeException e) {
            throw failedToStart(e);
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
}
