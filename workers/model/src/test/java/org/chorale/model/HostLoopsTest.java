package org.chorale.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training's host loops (the recurrences, {@link HostRecurrence}; the cost's softplus terms, {@link HostHiddenTerm})
 * against the same minibatch done by ND4J's ops, whose gradient {@link CdBpttStepTest} checks against finite
 * differences: same states, same f', same cost and gradients, to float rounding. Odd sizes (13 recurrent units,
 * 3 sequences, one padded) exercise the loops' edges.
 */
class HostLoopsTest {
    private static final int T = 9, B = 3;

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "sigmoid", "lstm"}) // lstm: its recurrences stay ND4J ops, the rest is on the host
    void hostLoopsTrainLikeTheNd4jOps(String recurrence) {
        ModelConfig c = TestModels.tiny().withPitchCount(20).withHidden(15).withRecurrent(13).withRecurrence(recurrence);
        Parameters p = TestModels.randomModel(c, 4, 0.6, DataType.FLOAT).params().copy();
        MinibatchBuffers onHost = buffers(c), byNd4j = buffers(c);
        CdBpttStep host = new CdBpttStep(c, onHost, true), nd4j = new CdBpttStep(c, byNd4j, false);

        host.forward(p, T);
        nd4j.forward(p, T);
        assertClose(byNd4j.states, onHost.states, 2e-5, "u_0..u_T"); // tanh to 3e-7, compounded over 9 steps
        assertClose(byNd4j.derivative, onHost.derivative, 2e-5, "f'(a)");
        assertEquals(0.0, onHost.stateBlock[0].norm1Number().doubleValue(), "u_0 stays 0");
        assertTrue(onHost.states.norm1Number().doubleValue() > 1, "states were written");

        try (BernoulliSampler rng = new BernoulliSampler(8)) {
            host.sampleNegatives(p, T, 2, rng);
        }
        byNd4j.negative.assign(onHost.negative); // the same v* for both: the gradient, not the chain, is compared
        Parameters gHost = Parameters.zeros(c, DataType.FLOAT), gNd4j = Parameters.zeros(c, DataType.FLOAT);
        double costHost = host.costAndGradient(p, T, gHost, true, true);
        double costNd4j = nd4j.costAndGradient(p, T, gNd4j, false, true);
        assertEquals(costNd4j, costHost, 1e-4 * Math.abs(costNd4j) + 1e-5, "cost");
        assertClose(byNd4j.preactGrad, onHost.preactGrad, 2e-5 * byNd4j.preactGrad.amaxNumber().doubleValue(), "dC/da_t");
        for (int i = 0; i < Parameters.NAMES.size(); i++) {
            double scale = gNd4j.get(i).amaxNumber().doubleValue();
            assertTrue(scale > 1e-4, Parameters.NAMES.get(i) + " gradient is (near) zero, so the check proves nothing");
            assertClose(gNd4j.get(i), gHost.get(i), 1e-4 * scale, Parameters.NAMES.get(i));
        }
    }

    /** Minibatches of one and two steps, shorter than the buffers: the loops' first and last steps coincide. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shortMinibatchesToo(int steps) {
        ModelConfig c = TestModels.tiny().withRecurrent(7);
        Parameters p = TestModels.randomModel(c, 6, 0.6, DataType.FLOAT).params().copy();
        MinibatchBuffers onHost = buffers(c), byNd4j = buffers(c);
        CdBpttStep host = new CdBpttStep(c, onHost, true), nd4j = new CdBpttStep(c, byNd4j, false);
        host.forward(p, steps);
        nd4j.forward(p, steps);
        assertClose(byNd4j.states, onHost.states, 2e-6, "u_0..u_T");
        byNd4j.negative.assign(onHost.negative.assign(TestModels.randomBits(3, T * B, c.visibleSize(), DataType.FLOAT)));
        Parameters gHost = Parameters.zeros(c, DataType.FLOAT), gNd4j = Parameters.zeros(c, DataType.FLOAT);
        double costHost = host.costAndGradient(p, steps, gHost, false, true);
        double costNd4j = nd4j.costAndGradient(p, steps, gNd4j, false, true);
        assertEquals(costNd4j, costHost, 1e-4 * Math.abs(costNd4j) + 1e-5, "cost");
        long rows = (long) steps * B;
        assertClose(MinibatchBuffers.head(byNd4j.preactGrad, rows), MinibatchBuffers.head(onHost.preactGrad, rows), 1e-5,
                "dC/da_t");
        for (int i = 0; i < Parameters.NAMES.size(); i++)
            assertClose(gNd4j.get(i), gHost.get(i), 1e-4 * Math.max(1, gNd4j.get(i).amaxNumber().doubleValue()),
                    Parameters.NAMES.get(i));
    }

    @Test
    void floatTanhAndSigmoidAreWithinAFewUlpsOfTheExactValues() {
        double worst = 0;
        for (int i = -1_200_000; i <= 1_200_000; i++) { // every 1e-5 over [-12, 12]
            float a = i * 1e-5f;
            worst = Math.max(worst, Math.abs(FloatMath.tanh(a) - Math.tanh(a)));
        }
        for (float a = Float.MIN_VALUE; a < 1e-4f; a *= 1.7f) { // tiny arguments: tanh(a) = a to float precision
            assertEquals(a, FloatMath.tanh(a), Math.ulp(a), "tanh(" + a + ")");
            assertEquals(-a, FloatMath.tanh(-a), Math.ulp(a), "tanh(" + -a + ")");
        }
        assertTrue(worst <= 3.5e-7, "largest error " + worst);
        double sigmoidWorst = 0;
        for (int i = -3_000_000; i <= 3_000_000; i++) { // every 1e-5 over [-30, 30]
            float a = i * 1e-5f;
            sigmoidWorst = Math.max(sigmoidWorst, Math.abs(FloatMath.sigmoid(a) - 1 / (1 + Math.exp(-(double) a))));
        }
        assertTrue(sigmoidWorst <= 2e-7, "sigmoid: largest error " + sigmoidWorst);
        assertEquals(1f, FloatMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatMath.tanh(-1e30f));
        assertTrue(Float.isNaN(FloatMath.tanh(Float.NaN)), "NaN stays NaN, so that divergence is noticed");
    }

    @Test
    void softplusFromTheSigmoidIsWithinFloatRoundingOfTheExactValue() {
        double worst = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) { // every 1e-5 over [-20, 20]
            float x = i * 1e-5f;
            float s = (float) (1 / (1 + Math.exp(-(double) x)));
            double exact = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs((double) x)));
            // beyond float's own rounding of the result (half an ulp: 1e-6 at 20)
            worst = Math.max(worst, Math.abs(FloatMath.softplus(x, s) - exact) - Math.ulp((float) exact) / 2);
        }
        assertTrue(worst <= 2.5e-7, "largest error beyond rounding " + worst);
        for (float x : new float[]{-1e4f, -120f, 120f, 1e4f, 3e38f}) { // where log(1 + e^x) in float overflows
            float s = (float) (1 / (1 + Math.exp(-(double) x)));
            assertEquals(Math.max(x, 0), FloatMath.softplus(x, s), Math.ulp(x), "softplus(" + x + ")");
        }
        double logWorst = 0;
        for (int i = 0; i <= 1_000_000; i++) {
            float y = 0.5f + i * 0.5e-6f;
            logWorst = Math.max(logWorst, Math.abs(FloatMath.logHalfToOne(y) - Math.log(y)));
        }
        assertTrue(logWorst <= 1.5e-7, "log on [1/2, 1]: largest error " + logWorst);
    }

    private static MinibatchBuffers buffers(ModelConfig c) {
        MinibatchBuffers b = new MinibatchBuffers(c, T, B, DataType.FLOAT);
        b.visible.assign(TestModels.randomBits(7, T * B, c.visibleSize(), DataType.FLOAT));
        float[] mask = new float[T * B];
        for (int t = 0; t < T; t++)
            for (int k = 0; k < B; k++) {
                boolean real = k != 1 || t < 5; // sequence 1 ends after 5 steps
                mask[t * B + k] = real ? 1 : 0;
                if (!real) b.visible.getRow(t * B + k).assign(0);
            }
        b.mask.assign(Nd4j.create(mask, new long[]{T * B, 1}, DataType.FLOAT));
        return b;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double worst = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + " > " + tolerance);
    }
}
