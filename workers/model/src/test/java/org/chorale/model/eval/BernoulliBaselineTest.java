package org.chorale.model.eval;

import org.chorale.model.ConditionalRbms;
import org.chorale.model.ModelConfig;
import org.chorale.model.VisibleEncoding;
import org.chorale.music.PianoRoll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BernoulliBaselineTest {
    private static PianoRoll roll(int lowest, int count, int[]... steps) {
        return PianoRoll.builder().name("t").range(lowest, count).steps(steps).build();
    }

    @Test
    void uniformOn88KeysIsThePapersRandomBaseline() {
        ModelConfig paper = ModelConfig.paper();
        PianoRoll piece = roll(21, 88, new int[]{60, 64, 67}, new int[]{}, new int[]{21, 108});
        double nll = BernoulliBaseline.uniform(paper).nllPerStep(List.of(piece));
        assertEquals(88 * Math.log(2), nll, 1e-9);
        assertEquals(61.00, nll, 0.005);
    }

    @Test
    void fitsLaplaceSmoothedFrequenciesAndScoresTheirLikelihood() {
        ModelConfig c = ModelConfig.paper().withRange(60, 3);
        PianoRoll a = roll(60, 3, new int[]{60}, new int[]{60, 61}, new int[]{});
        PianoRoll b = roll(60, 3, new int[]{60});
        BernoulliBaseline base = BernoulliBaseline.fit(c, List.of(a, b));
        // 4 rows: pitch 60 on in 3, pitch 61 in 1, pitch 62 in none
        assertArrayEquals(new double[]{4.0 / 6, 2.0 / 6, 1.0 / 6}, base.probabilities(), 1e-15);
        PianoRoll test = roll(60, 3, new int[]{61, 62}, new int[]{60});
        double expected = -(Math.log(2.0 / 6) + Math.log(2.0 / 6) + Math.log(1.0 / 6)
                + Math.log(4.0 / 6) + Math.log(4.0 / 6) + Math.log(5.0 / 6)) / 2;
        assertEquals(expected, base.nllPerStep(List.of(test)), 1e-12);
        // expected counts: TP = sum q y, FP = sum q (1-y), FN = sum (1-q) y over the two frames
        double tp = 2.0 / 6 + 1.0 / 6 + 4.0 / 6, fp = 4.0 / 6 + 2.0 / 6 + 1.0 / 6, fn = 4.0 / 6 + 5.0 / 6 + 2.0 / 6;
        assertEquals(tp / (tp + fp + fn), base.frameAccuracy(List.of(test)), 1e-12);
    }

    @Test
    void windowedModelsReportNatsPerFrame() {
        ModelConfig c = ModelConfig.paper().withRange(60, 2).withStepsPerRbm(2);
        PianoRoll piece = roll(60, 2, new int[]{60}, new int[]{}, new int[]{61});   // 3 frames -> 2 rows (4 frames)
        BernoulliBaseline uniform = BernoulliBaseline.uniform(c);
        // each row has 4 units at 1/2: 4 ln 2 per row, 2 ln 2 per frame
        assertEquals(2 * Math.log(2), uniform.nllPerStep(List.of(piece)), 1e-12);
        // accuracy over the 3 real frames: q = 1/2 everywhere; 2 true notes: TP 1, FN 1, FP 2
        assertEquals(1.0 / 4, uniform.frameAccuracy(List.of(piece)), 1e-12);
    }

    @Test
    void closedFormAccuracyAgreesWithSamplingTheSameUnits() {
        // The baseline's expected accuracy and the sampler's, on a W = 0 RBM with the baseline's probabilities,
        // measure the same thing, so the two definitions must agree.
        ModelConfig c = ModelConfig.paper().withRange(60, 6).withHidden(3).withRecurrent(2);
        PianoRoll train = roll(60, 6, new int[]{60, 64}, new int[]{60, 64}, new int[]{62}, new int[]{60, 65}, new int[]{});
        PianoRoll test = roll(60, 6, new int[]{60, 64}, new int[]{62, 63}, new int[]{60}, new int[]{});
        BernoulliBaseline base = BernoulliBaseline.fit(c, List.of(train));
        INDArray truth = new VisibleEncoding(c).encode(test, DataType.DOUBLE);
        double[] p = base.probabilities();
        INDArray bv = Nd4j.create(DataType.DOUBLE, truth.rows(), 6);
        for (int t = 0; t < truth.rows(); t++) for (int i = 0; i < 6; i++) bv.putScalar(t, i, Math.log(p[i] / (1 - p[i])));
        var rbms = new ConditionalRbms(Nd4j.zeros(DataType.DOUBLE, 6, 3), bv, Nd4j.zeros(DataType.DOUBLE, truth.rows(), 3), truth);
        double sampled = new FrameAccuracy(c).sampled(rbms, test.length(), 20000, 1, 9, 0).accuracy();
        assertEquals(base.frameAccuracy(List.of(test)), sampled, 0.005);
    }
}
