package org.chorale.model.eval;

import org.chorale.model.ConditionalRbms;
import org.chorale.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameAccuracyTest {
    private static final int PITCHES = 8;
    private static final ModelConfig ONE_STEP = ModelConfig.paper().withRange(60, PITCHES).withHidden(PITCHES).withRecurrent(3);

    /** Frames as 0/1 rows. */
    private static INDArray frames(int[]... onPerFrame) {
        INDArray v = Nd4j.zeros(DataType.DOUBLE, onPerFrame.length, PITCHES);
        for (int t = 0; t < onPerFrame.length; t++) for (int p : onPerFrame[t]) v.putScalar(t, p, 1);
        return v;
    }

    private static final INDArray TRUTH = frames(new int[]{0, 4}, new int[]{0, 4}, new int[]{1, 5, 7}, new int[]{},
            new int[]{2}, new int[]{2, 3});

    /** A model that copies its starting frame: h_j = v_j and v_i = h_i, each with probability s(10) = 0.99995. */
    private static ConditionalRbms copyingModel(INDArray truth) {
        int t = truth.rows();
        INDArray w = Nd4j.eye(PITCHES).castTo(DataType.DOUBLE).muli(20);
        return new ConditionalRbms(w, Nd4j.valueArrayOf(new long[]{t, PITCHES}, -10.0), Nd4j.valueArrayOf(new long[]{t, PITCHES}, -10.0), truth);
    }

    @Test
    void chainsStartAtThePreviousTrueFrameAndSilenceBeforeTheFirst() {
        // Predicting "the previous frame" (silence first): per step TP/FP/FN against the truth above are
        // t1: 0/0/2, t2: 2/0/0, t3: 0/2/3, t4: 0/3/0, t5: 0/0/1, t6: 1/0/1  -> TP 3, FP 5, FN 7.
        FrameAccuracy accuracy = new FrameAccuracy(ONE_STEP);
        FrameCounts mf = accuracy.meanField(copyingModel(TRUTH), 6, 3);
        assertEquals(new FrameCounts(3, 5, 7), mf);
        FrameCounts sampled = accuracy.sampled(copyingModel(TRUTH), 6, 20, 1, 5, 0);
        // 20 samples each; a unit flips with probability ~1e-4 per half-step, so the counts are (almost) exact
        assertEquals(60, sampled.truePositives(), 1);
        assertEquals(100, sampled.falsePositives(), 1);
        assertEquals(140, sampled.falseNegatives(), 1);
        assertEquals(3.0 / 15, sampled.accuracy(), 0.01);
    }

    @Test
    void sampledCountsMatchTheUnitProbabilities() {
        // W = 0: every sample is an exact draw from independent units with P(v_i = 1) = s(bv_t,i).
        int steps = TRUTH.rows(), samples = 4000;
        double[] p = {0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.05, 0.6};
        INDArray bv = Nd4j.create(DataType.DOUBLE, steps, PITCHES);
        for (int t = 0; t < steps; t++) for (int i = 0; i < PITCHES; i++) bv.putScalar(t, i, Math.log(p[i] / (1 - p[i])));
        var rbms = new ConditionalRbms(Nd4j.zeros(DataType.DOUBLE, PITCHES, 4), bv, Nd4j.zeros(DataType.DOUBLE, steps, 4), TRUTH);
        FrameCounts got = new FrameAccuracy(ONE_STEP.withHidden(4)).sampled(rbms, steps, samples, 2, 11, 0);
        double tp = 0, fp = 0, fn = 0;
        for (int t = 0; t < steps; t++)
            for (int i = 0; i < PITCHES; i++) {
                boolean on = TRUTH.getDouble(t, i) > 0.5;
                if (on) { tp += p[i]; fn += 1 - p[i]; } else fp += p[i];
            }
        // each count is a sum of steps x samples Bernoulli draws: allow 4 standard deviations
        double n = samples;
        assertEquals(n * tp, got.truePositives(), 4 * Math.sqrt(n * steps * PITCHES * 0.25));
        assertEquals(n * fp, got.falsePositives(), 4 * Math.sqrt(n * steps * PITCHES * 0.25));
        assertEquals(n * fn, got.falseNegatives(), 4 * Math.sqrt(n * steps * PITCHES * 0.25));
        assertEquals(tp / (tp + fp + fn), got.accuracy(), 0.005);
    }

    @Test
    void windowedRowsCountRealFramesOnlyAndOnsetsSound() {
        // 2 frames x 3 pitches x (play, onset) per row; a 3-frame piece fills 2 rows, the 4th frame is padding.
        ModelConfig windowed = ModelConfig.paper().withRange(60, 3).withStepsPerRbm(2).withOnsets(true).withHidden(4).withRecurrent(2);
        INDArray truth = Nd4j.zeros(DataType.DOUBLE, 2, 12);
        truth.putScalar(0, 0, 1); truth.putScalar(0, 3, 1);  // frame 0: pitch 0 struck
        truth.putScalar(0, 6, 1);                             // frame 1: pitch 0 held
        truth.putScalar(1, 2, 1);                             // frame 2: pitch 2 held
        // the model predicts, for sure, an onset (and no play bit) on every pitch of every frame
        INDArray bv = Nd4j.create(DataType.DOUBLE, 2, 12);
        for (int r = 0; r < 2; r++) for (int f = 0; f < 2; f++) for (int p = 0; p < 3; p++) {
            bv.putScalar(r, f * 6 + p, -50);
            bv.putScalar(r, f * 6 + 3 + p, 50);
        }
        var rbms = new ConditionalRbms(Nd4j.zeros(DataType.DOUBLE, 12, 4), bv, Nd4j.zeros(DataType.DOUBLE, 2, 4), truth);
        FrameAccuracy accuracy = new FrameAccuracy(windowed);
        // 3 real frames x 3 pitches all predicted sounding; 3 of them truly sound; frame 3 (padding) is not counted
        assertEquals(new FrameCounts(3, 6, 0), accuracy.meanField(rbms, 3, 1));
        assertEquals(new FrameCounts(30, 60, 0), accuracy.sampled(rbms, 3, 10, 1, 1, 0));
        assertEquals(new FrameCounts(3, 9, 0), accuracy.meanField(rbms, 4, 1), "with a silent 4th frame real, it counts");
    }

    @Test
    void isReproducibleAndSeeded() {
        var s = TestRbms.random(PITCHES, 6, 6, 1.0, -1, 1, 3);
        var rbms = new ConditionalRbms(s.W(), s.bv(), s.bh(), TRUTH);
        FrameAccuracy accuracy = new FrameAccuracy(ONE_STEP.withHidden(6));
        FrameCounts a = accuracy.sampled(rbms, 6, 30, 5, 42, 0);
        assertEquals(a, accuracy.sampled(rbms, 6, 30, 5, 42, 0));
        assertNotEquals(a, accuracy.sampled(rbms, 6, 30, 5, 43, 0));
        assertTrue(a.truePositives() + a.falseNegatives() == 30 * 10, "every true note is either hit or missed");
    }
}
