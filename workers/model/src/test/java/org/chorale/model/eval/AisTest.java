package org.chorale.model.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AisTest {

    /** A moderately coupled RBM: with weights of std 0.5 over 20 visible units, hidden inputs spread over a few
     *  units, far from the base model. */
    private static final TestRbms.Stack COUPLED = TestRbms.random(20, 12, 6, 0.5, -0.5, 1.0, 42);

    @Test
    void agreesWithExactEnumerationWithinFiveHundredthsOfANat() {
        double[] exact = PartitionFunction.exactLogZ(COUPLED.W(), COUPLED.bv(), COUPLED.bh());
        for (AisBase base : AisBase.values()) {
            var settings = new AisSettings(100, 1000, AisSchedule.LINEAR, base, 9);
            AisResult ais = Ais.logZ(COUPLED.W(), COUPLED.bv(), COUPLED.bh(), settings);
            for (int t = 0; t < exact.length; t++) {
                assertEquals(exact[t], ais.logZ()[t], 0.05, base + " step " + t);
                assertTrue(ais.standardError()[t] > 0 && ais.standardError()[t] < 0.05, base + " error bar " + ais.standardError()[t]);
            }
        }
    }

    @Test
    void estimatesZWithoutBiasSoLogZIsLowOnAverage() {
        // 3000 independent single-run estimates of the same RBM (a stack of identical steps), with few temperatures so
        // each estimate is noisy. The importance weights estimate Z without bias: their mean ratio to the exact Z is 1.
        // Their log is therefore low on average (Jensen): AIS under-estimates log Z.
        var one = TestRbms.random(10, 8, 1, 0.8, -0.5, 1.0, 5);
        int n = 3000;
        INDArray bv = one.bv().repeat(0, n), bh = one.bh().repeat(0, n);
        double exact = PartitionFunction.exactLogZ(one.W(), one.bv(), one.bh())[0];
        AisResult ais = Ais.logZ(one.W(), bv, bh, new AisSettings(1, 10, AisSchedule.LINEAR, AisBase.VISIBLE_BIASES, 3));
        double sumRatio = 0, sumRatioSq = 0, sumDiff = 0, sumDiffSq = 0;
        for (double logZ : ais.logZ()) {
            double r = Math.exp(logZ - exact), d = logZ - exact;
            sumRatio += r; sumRatioSq += r * r; sumDiff += d; sumDiffSq += d * d;
        }
        double meanRatio = sumRatio / n, seRatio = Math.sqrt((sumRatioSq / n - meanRatio * meanRatio) / n);
        double meanDiff = sumDiff / n, seDiff = Math.sqrt((sumDiffSq / n - meanDiff * meanDiff) / n);
        assertTrue(Math.abs(meanRatio - 1) < 4 * seRatio, "mean Z-hat / Z = " + meanRatio + " +- " + seRatio);
        assertTrue(seRatio > 0.005, "the test needs noisy estimates to mean anything, se " + seRatio);
        assertTrue(meanDiff + 3 * seDiff < 0, "mean log Z-hat - log Z = " + meanDiff + " +- " + seDiff);
    }

    @Test
    void errorBarsCoverTheTruth() {
        var stack = TestRbms.random(16, 10, 40, 0.6, -0.5, 1.0, 8);
        double[] exact = PartitionFunction.exactLogZ(stack.W(), stack.bv(), stack.bh());
        AisResult ais = Ais.logZ(stack.W(), stack.bv(), stack.bh(), new AisSettings(30, 100, AisSchedule.LINEAR, AisBase.VISIBLE_BIASES, 4));
        int covered = 0;
        double worst = 0;
        for (int t = 0; t < exact.length; t++) {
            double z = Math.abs(ais.logZ()[t] - exact[t]) / ais.standardError()[t];
            if (z <= 3) covered++;
            worst = Math.max(worst, Math.abs(ais.logZ()[t] - exact[t]));
        }
        assertTrue(covered >= 36, "only " + covered + " of 40 steps within 3 standard errors");
        assertTrue(worst > 1e-4, "so few temperatures cannot be exact; worst error " + worst);
    }

    @Test
    void isExactWhenTheWeightsAreZero() {
        var s = TestRbms.random(7, 5, 3, 0, -1, 2, 6);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 7, 5);
        AisResult ais = Ais.logZ(w, s.bv(), s.bh(), new AisSettings(5, 10, AisSchedule.GEOMETRIC, AisBase.VISIBLE_BIASES, 1));
        assertArrayEquals(PartitionFunction.exactLogZ(w, s.bv(), s.bh()), ais.logZ(), 1e-9);
        for (double se : ais.standardError()) assertEquals(0, se, 1e-12);
    }

    @Test
    void isReproducibleAndIndependentOfHowStepsAreGrouped() {
        var settings = new AisSettings(8, 50, AisSchedule.SALAKHUTDINOV_MURRAY, AisBase.VISIBLE_BIASES, 77);
        AisResult all = Ais.logZ(COUPLED.W(), COUPLED.bv(), COUPLED.bh(), settings);
        AisResult again = Ais.logZ(COUPLED.W(), COUPLED.bv(), COUPLED.bh(), settings);
        assertArrayEquals(all.logZ(), again.logZ(), 0);
        AisResult firstHalf = Ais.logZ(COUPLED.W(), COUPLED.bv().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), COUPLED.bh().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), settings);
        for (int t = 0; t < 3; t++) assertEquals(all.logZ()[t], firstHalf.logZ()[t], 0);
        AisResult otherSeed = Ais.logZ(COUPLED.W(), COUPLED.bv(), COUPLED.bh(), settings.withSeed(78));
        assertFalse(java.util.Arrays.equals(all.logZ(), otherSeed.logZ()));
    }

    @Test
    void schedulesRunFromZeroToOneIncreasing() {
        for (AisSchedule s : AisSchedule.values()) {
            double[] b = s.betas(1000);
            assertEquals(1001, b.length);
            assertEquals(0, b[0]);
            assertEquals(1, b[1000]);
            for (int k = 1; k <= 1000; k++) assertTrue(b[k] > b[k - 1], s + " at " + k);
        }
        // Salakhutdinov & Murray's spacing puts most temperatures above 0.9
        double[] sm = AisSchedule.SALAKHUTDINOV_MURRAY.betas(14500);
        assertEquals(0.5, sm[500], 1e-12);
        assertEquals(0.9, sm[4500], 1e-12);
    }
}
