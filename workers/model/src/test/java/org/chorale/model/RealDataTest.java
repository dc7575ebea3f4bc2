package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The whole path on real music (Bach chorales from ../shared/data; skipped where that folder is absent). */
class RealDataTest {
    @Test
    void aSmallModelLearnsBachChoralesFromTheBenchmarkFiles() throws Exception {
        assumeTrue(BenchmarkData.root().isPresent(), "../shared/data is not present");
        Path data = BenchmarkData.root().orElseThrow();
        List<PianoRoll> train = BenchmarkData.load(data, "jsb-chorales/jsb-chorales.json", "train", 1).subList(0, 60);
        List<PianoRoll> valid = BenchmarkData.load(data, "jsb-chorales/jsb-chorales.json", "valid", 1).subList(0, 5);
        // Few enough hidden units (10) that the likelihood can be computed exactly.
        ModelConfig c = ModelConfig.paper().withStepsPerQuarter(1).withHidden(10).withRecurrent(20).withCdK(5)
                .withOptimizer("adam").withLearningRate(0.02).withBatchSize(8).withChunkLength(50);
        TrainingSession session = TrainingSession.start(c, 1);
        EpochReport report = null;
        for (int e = 0; e < 3; e++) report = session.runEpoch(train);
        assertTrue(Double.isFinite(report.meanCost()) && report.meanGradientNorm() > 0);

        VisibleEncoding enc = new VisibleEncoding(c);
        double nll = 0;
        long steps = 0;
        for (PianoRoll piece : valid) {
            INDArray v = enc.encode(piece, DataType.DOUBLE);
            nll += ExactLikelihood.nllPerStep(session.model(), v) * v.rows();
            steps += v.rows();
        }
        nll /= steps;
        System.out.printf("JSB valid (5 chorales), nh 10, 3 epochs on 60 chorales: NLL %.3f nats per step%n", nll);
        // Untrained: 88 ln 2 = 61 nats. Independent per-key Bernoulli fitted on these chorales: ~10.3.
        assertTrue(nll < 13.5, "NLL per step " + nll);

        PianoRoll sample = new Sampler(session.model()).sample(SampleSettings.of(64, 3)).get(0);
        double polyphony = 0;
        for (int t = 0; t < sample.length(); t++) polyphony += sample.polyphonyAt(t);
        polyphony /= sample.length();
        assertTrue(polyphony > 1 && polyphony < 8, "chorale-like density, got " + polyphony + " notes per step");
    }
}
