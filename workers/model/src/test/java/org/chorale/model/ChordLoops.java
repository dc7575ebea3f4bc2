package org.chorale.model;

import org.chorale.music.PianoRoll;

import java.util.ArrayList;
import java.util.List;

/**
 * A task an RNN-RBM learns in seconds: C, F and G major chords, each held two steps, round and round. The trained
 * model is cached so that the tests that need one share a single training run.
 */
final class ChordLoops {
    static final int EPOCHS = 40;
    static final long SEED = 17;
    private static RnnRbm trained;
    private static EpochReport lastReport;

    private ChordLoops() {}

    static ModelConfig config() {
        return ModelConfig.paper().withRange(60, 16).withHidden(8).withRecurrent(12).withCdK(3).withBatchSize(8)
                .withChunkLength(30).withOptimizer("adam").withLearningRate(0.05).withWeightInitStd(0.05);
    }

    static List<PianoRoll> pieces(int count, int length) {
        int[][] chords = {{60, 64, 67}, {65, 69, 72}, {67, 71, 74}};
        List<PianoRoll> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int[][] steps = new int[length][];
            for (int t = 0; t < length; t++) steps[t] = chords[((t + 2 * p) / 2) % 3];
            out.add(PianoRoll.builder().name("loop" + p).range(60, 16).steps(steps).build());
        }
        return out;
    }

    static List<PianoRoll> trainingSet() { return pieces(8, 30); }

    /** The model before training: what {@link #trained()} started from. */
    static RnnRbm untrained() { return TrainingSession.start(config(), SEED).model(); }

    static synchronized RnnRbm trained() {
        if (trained == null) {
            TrainingSession session = TrainingSession.start(config(), SEED);
            for (int e = 0; e < EPOCHS; e++) lastReport = session.runEpoch(trainingSet());
            trained = session.model();
        }
        return trained;
    }

    static synchronized EpochReport lastReport() {
        trained();
        return lastReport;
    }
}
